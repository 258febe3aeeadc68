import * as fs from 'node:fs';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeNagFindings, nagAcknowledgements } from '../../lib/nag-acknowledgements';
import { buildApp } from './support';

interface Finding {
  readonly rule: string;
  readonly path: string;
}

/** Synthesises with the AwsSolutions pack and returns its unacknowledged findings (errors and warnings). */
function nagFindings(acknowledge: boolean): Finding[] {
  const { app, stack } = buildApp();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  if (acknowledge) acknowledgeNagFindings(stack);
  try {
    app.synth();
  } catch {
    // A failed validation throws after writing the report; the report is what we check.
  }
  const reportPath = path.join(app.outdir, 'validation-report.json');
  if (!fs.existsSync(reportPath)) throw new Error('cdk-nag wrote no validation report');
  const report = JSON.parse(fs.readFileSync(reportPath, 'utf8')) as {
    pluginReports: { violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  return report.pluginReports.flatMap((r) =>
    r.violations.flatMap((v) => v.violatingConstructs.map((c) => ({ rule: v.ruleName, path: c.constructPath }))),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('has no finding left without a written acknowledgement', () => {
    expect(nagFindings(true)).toEqual([]);
  });

  it('acknowledges only findings that exist, each with a real reason', () => {
    const raw = nagFindings(false);
    expect(raw.length).toBeGreaterThan(0);
    const { stack } = buildApp();
    for (const ack of nagAcknowledgements(stack)) {
      expect(ack.reason.length).toBeGreaterThan(40);
      const ackPath = ack.construct.node.path;
      const matched = raw.some((f) => f.rule === ack.id && (f.path === ackPath || f.path.startsWith(`${ackPath}/`)));
      if (!matched) throw new Error(`stale acknowledgement ${ack.id} on ${ackPath}`);
    }
  });
});
