import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { exitCodeFor } from '../../bin/cli/program';
import { registerRiskCommand, riskCommand } from '../../bin/cli/risk-metrics-command';
import { historicalVar, returnMetricsReport } from '../../layers/core/risk-metrics';
import { runCli } from './support';

const dir = mkdtempSync(join(tmpdir(), 'tl-risk-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const run = runCli;

/** SYNTHETIC daily returns: a deterministic wave with a few large losses. */
const returns = Array.from({ length: 300 }, (_, i) => 0.0004 + 0.01 * Math.sin(i * 0.7) - (i % 97 === 13 ? 0.05 : 0));

describe('tradeloop risk metrics', () => {
  it('--json prints the core report for a JSON array, with conventions', async () => {
    const path = file('r.json', JSON.stringify(returns));
    const { error, stdout } = await run(['risk', 'metrics', '--returns', path, '--periods-per-year', '252', '--risk-free', '0.02', '--json']);
    expect(error).toBeUndefined();
    const out = JSON.parse(stdout) as ReturnType<typeof returnMetricsReport> & { command: string };
    const expected = returnMetricsReport(returns, { periodsPerYear: 252, riskFreeRate: 0.02 });
    expect(out.command).toBe('risk metrics');
    expect(out.sharpe).toBeCloseTo(expected.sharpe, 12);
    expect(out.sortino).toBeCloseTo(expected.sortino, 12);
    expect(out.maxDrawdown).toBeCloseTo(expected.maxDrawdown, 12);
    expect(out.var.map((v) => v.confidence)).toEqual([0.95, 0.99]);
    expect(out.var[1]?.historical.var).toBeCloseTo(historicalVar(returns, 0.99).var, 14);
    expect(out.conventions['historical']).toMatch(/lower empirical quantile/);
    expect(out.conventions['var']).toMatch(/positive loss/);
  });

  it('reads a one-column CSV with a header; the human output states units and conventions', async () => {
    const path = file('r.csv', `return\n${returns.join('\n')}\n\n`);
    const { error, stdout } = await run(['risk', 'metrics', '--returns', path]);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(/observations\s+300/);
    expect(stdout).toMatch(/VaR \/ CVaR, one period, positive = loss/);
    expect(stdout).toMatch(/99\.0%/);
    expect(stdout).toMatch(/Cornish-Fisher/);
  });

  it.each([
    ['missing file', ['--returns', join(dir, 'nope.csv')]],
    ['no --returns', []],
    ['not JSON', ['--returns', 'BAD_JSON']],
    ['JSON of strings', ['--returns', 'STRINGS']],
    ['non-numeric CSV row', ['--returns', 'BAD_CSV']],
    ['two columns', ['--returns', 'TWO_COLS']],
    ['a single return', ['--returns', 'ONE']],
    ['a return of −100 %', ['--returns', 'WIPEOUT']],
    ['bad --periods-per-year', ['--returns', 'GOOD', '--periods-per-year', '0']],
    ['bad --risk-free', ['--returns', 'GOOD', '--risk-free', 'abc']],
  ])('%s exits 2', async (_name, args) => {
    const paths: Record<string, string> = {
      BAD_JSON: file('bad.json', '[0.01, 0.02,'),
      STRINGS: file('strings.json', '["0.01", "0.02"]'),
      BAD_CSV: file('bad.csv', 'r\n0.01\nabc\n0.02\n'),
      TWO_COLS: file('two.csv', '0.01,0.02\n0.03,0.04\n'),
      ONE: file('one.csv', '0.01\n'),
      WIPEOUT: file('wipe.csv', '0.01\n-1\n0.02\n'),
      GOOD: file('good.csv', '0.01\n-0.02\n0.005\n'),
    };
    const { error } = await run(['risk', 'metrics', ...args.map((a) => paths[a] ?? a)]);
    expect(exitCodeFor(error)).toBe(2);
  });

  it('riskCommand gets or creates one `risk` parent, so a sibling can attach `risk check`', () => {
    const program = new Command('t');
    const parent = registerRiskCommand(program);
    expect(riskCommand(program)).toBe(parent);
    riskCommand(program).command('check');
    expect(program.commands.filter((c) => c.name() === 'risk')).toHaveLength(1);
    expect(parent.commands.map((c) => c.name()).sort()).toEqual(['check', 'metrics']);
  });
});
