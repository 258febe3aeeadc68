import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { EXIT, runEnsembleTraining } from '../../batch-jobs/ensemble-training/job';
import { createS3Client } from '../../layers/adapters/aws/clients';
import { DynamoModelRegistry } from '../../layers/adapters/aws/dynamo/model-registry';
import { ModelArtefactStore } from '../../layers/adapters/aws/model-artefacts';
import { loadEnsemble } from '../../layers/core/ml';
import { artefactLayout, sha256Hex, type PromotionDecision } from '../../layers/core/ml/lifecycle';
import { provisionLocalResources } from '../../local/provision';

/**
 * The ensemble-training job end to end on the stand-ins: real SPY daily bars (shipped, then the same
 * files from a data-lake prefix), artefact + manifest in (fauxqs) S3, the registry in (dynalite)
 * DynamoDB; a first run decides against always-up, a retry changes nothing, a later run decides
 * against the champion with a drift report; bad inputs exit 2, too little data exits 1.
 */
const DATA_DIR = join(__dirname, '..', '..', 'data');
const s3 = createS3Client();
const FAST = ['--symbols', 'SPY', '--quick', '--resamples', '50'];

describe('ensemble-training job', () => {
  let env: Record<string, string>;
  let registry: DynamoModelRegistry;
  let artefacts: ModelArtefactStore;
  let lake: string;
  beforeAll(async () => {
    const resources = await provisionLocalResources({ prefix: `trainjob${Date.now().toString(36)}-` });
    lake = resources.buckets['data-lake'];
    env = { TRADELOOP_DATA_LAKE_BUCKET: lake, TRADELOOP_MODELS_BUCKET: resources.buckets.models, TRADELOOP_MODELS_TABLE: resources.tables.models, TRADELOOP_CODE_VERSION: 'test' };
    registry = new DynamoModelRegistry(resources.tables.models);
    artefacts = new ModelArtefactStore(resources.buckets.models);
  });

  const run = async (argv: readonly string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; lines: string[]; results: Record<string, unknown>[] }> => {
    const lines: string[] = [];
    const code = await runEnsembleTraining(argv, { ...process.env, ...env, ...extraEnv }, (line) => lines.push(line), () => new Date('2026-01-02T01:00:00Z'));
    const results = lines.filter((l) => l.startsWith('{') && l.includes('"symbol"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    return { code, lines, results };
  };

  let firstVersion = '';
  it('trains, writes a verifiable artefact and manifest, registers the version and records the decision against always-up', async () => {
    const out = await run(['--as-of', '2016-12-30', '--lookback-days', '1460', ...FAST]);
    expect(out.code).toBe(EXIT.ok);
    const result = out.results[0] ?? {};
    expect(result).toMatchObject({ symbol: 'SPY', modelId: 'SPY#ensemble-direction', registered: 'registered' });
    firstVersion = String(result.version);
    expect(firstVersion).toMatch(/^v-2016-12-30-[0-9a-f]{12}$/);

    const manifest = await registry.getVersion('SPY#ensemble-direction', firstVersion);
    expect(manifest).toMatchObject({ schema: 'ArtefactManifestV1', seed: 1, label: { kind: 'direction', horizon: 5 }, features: { lookback: 64 }, trainingWindow: { to: '2016-12-30' } });
    expect(manifest?.codeVersion).toMatch(/^ml-[0-9a-f]{16}\+test$/);
    const zip = await readFile(join(DATA_DIR, 'lean', 'equity', 'usa', 'daily', 'spy.zip'));
    expect(manifest?.data.files).toContainEqual({ path: 'lean/equity/usa/daily/spy.zip', sha256: sha256Hex(zip) });
    expect(await artefacts.getManifest('SPY#ensemble-direction', firstVersion)).toEqual(manifest);
    // --device auto: the kernel chosen, and why, is logged and recorded (CPU here unless a hardware WebGPU adapter exists)
    const chosen = JSON.parse(out.lines.find((l) => l.includes('"device"')) ?? '{}') as Record<string, unknown>;
    expect(chosen.kernel).toBe(chosen.device === 'gpu' ? 'webgpu-f32' : 'cpu-f64');
    expect(manifest?.config.compute).toMatchObject({ device: chosen.device, kernel: chosen.kernel, reason: chosen.reason });
    const text = await artefacts.getArtefact('SPY#ensemble-direction', firstVersion);
    expect(manifest?.artefact.key).toBe(artefactLayout.artefact('SPY#ensemble-direction', firstVersion));
    expect(manifest?.artefact.key).toMatch(/^models\/SPY\/ensemble-direction\/v-/);
    expect(loadEnsemble(JSON.parse(text ?? 'null')).artefact.trainedThrough).toBe(manifest?.trainingWindow.trainedThrough);

    const decisions = await registry.listDecisions('SPY#ensemble-direction');
    expect(decisions).toHaveLength(1);
    const evidence = decisions[0]?.evidence as { decision: PromotionDecision };
    expect(evidence.decision).toMatchObject({ incumbent: { kind: 'baseline-always-up' }, challengerVersion: firstVersion, test: { name: 'mcnemar-exact-one-sided', alpha: 0.05 } });
    // Hold-out rows thinned to every 5th: no two labels overlap.
    expect(evidence.decision.evidence.rows).toBe(Math.ceil((manifest?.trainingWindow.holdout.rows ?? 0) / 5));
    const pointers = await registry.getPointers('SPY#ensemble-direction');
    expect(pointers?.revision).toBe(1);
    if (decisions[0]?.promoted) expect(pointers).toMatchObject({ champion: firstVersion });
    else expect(pointers).toMatchObject({ challenger: firstVersion });
    expect(pointers?.champion === undefined).toBe(!decisions[0]?.promoted);
  });

  it('a retry (same data, code, config, seed; here from the data lake) finds the version decided and changes nothing', async () => {
    for (const name of ['daily/spy.zip', 'factor_files/spy.csv', 'map_files/spy.csv']) {
      const body = await readFile(join(DATA_DIR, 'lean', 'equity', 'usa', ...name.split('/')));
      await s3.send(new PutObjectCommand({ Bucket: lake, Key: `mirror/lean/equity/usa/${name}`, Body: body }));
    }
    const out = await run(['--as-of', '2016-12-30', '--lookback-days', '1460', '--data-source', 'data-lake', '--data-prefix', 'mirror/', ...FAST]);
    expect(out.code).toBe(EXIT.ok);
    expect(out.results[0]).toMatchObject({ version: firstVersion, registered: 'exists', skipped: expect.stringMatching(/registered and decided before/) });
    expect(await registry.listDecisions('SPY#ensemble-direction')).toHaveLength(1);
    expect((await registry.getPointers('SPY#ensemble-direction'))?.revision).toBe(1);
  });

  it('a later run is compared with the champion on rows it never saw, with a drift report in the evidence', async () => {
    // Make the first version the champion (as if it had been promoted), then train two years later.
    const before = await registry.getPointers('SPY#ensemble-direction');
    expect(await registry.setPointers('SPY#ensemble-direction', { champion: firstVersion }, before?.revision, '2026-01-01T00:00:00Z')).toBe(true);
    const out = await run(['--as-of', '2018-12-31', '--lookback-days', '1460', ...FAST]);
    expect(out.code).toBe(EXIT.ok);
    const decisions = await registry.listDecisions('SPY#ensemble-direction');
    expect(decisions).toHaveLength(2);
    const latest = decisions.find((d) => d.challengerVersion !== firstVersion);
    expect(latest).toMatchObject({ championVersion: firstVersion });
    const evidence = latest?.evidence as { decision: PromotionDecision; drift: { features: unknown[]; method: string[]; hitRate?: unknown; predictions?: unknown } };
    expect(evidence.decision.incumbent).toEqual({ kind: 'champion', version: firstVersion });
    // Rows are after the champion's last training label, so its hold-out rows (2016) are out of sample for both.
    expect(evidence.decision.evidence.from && evidence.decision.evidence.from > '2016-01-01').toBe(true);
    expect(evidence.drift.features).toHaveLength(35);
    expect(evidence.drift.hitRate).toBeDefined();
    expect(evidence.drift.predictions).toBeDefined();
    const pointers = await registry.getPointers('SPY#ensemble-direction');
    expect(pointers?.revision).toBe((before?.revision ?? 0) + 2);
    expect(pointers?.champion).toBe(latest?.promoted ? latest.challengerVersion : firstVersion);
  });

  it('exits 2 on bad arguments or environment and 1 when a symbol has too little data', async () => {
    expect((await run(['--as-of', '14/03/2025'])).code).toBe(EXIT.usage);
    expect((await run(['--as-of', '2016-12-30', '--device', 'tpu'])).code).toBe(EXIT.usage);
    expect((await run(['--as-of', '2016-12-30'], { TRADELOOP_MODELS_TABLE: '' })).code).toBe(EXIT.usage);
    const short = await run(['--as-of', '2016-12-30', '--lookback-days', '90', ...FAST]);
    expect(short.code).toBe(EXIT.failed);
    expect(short.lines.at(-1)).toMatch(/SPY: only \d+ labelled rows/);
  });
});
