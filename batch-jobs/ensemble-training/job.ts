import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoModelRegistry } from '../../layers/adapters/aws/dynamo/model-registry';
import { selectMlpKernel, type SelectedKernel } from '../../layers/adapters/gpu';
import { ModelArtefactStore } from '../../layers/adapters/aws/model-artefacts';
import { S3ObjectStore } from '../../layers/adapters/aws/objects';
import { nyseCalendar } from '../../layers/core/market';
import { buildDataset, DEFAULT_MODEL_SPECS, FEATURE_LOOKBACK, FEATURE_NAMES, loadEnsemble, trainEnsemble, type ModelSpec, type TrainingResult } from '../../layers/core/ml';
import {
  ArtefactManifestV1,
  artefactLayout,
  artefactVersion,
  assessDrift,
  decidePromotion,
  modelIdOf,
  retrainRequest,
  sha256Hex,
  sharedOutOfSampleRows,
  type DriftReport,
  type ModelRegistry,
  type PromotionDecision,
  type RetrainRequestV1,
} from '../../layers/core/ml/lifecycle';
import { EnsembleTrainingEnv, parseEnsembleTrainingArgs, type EnsembleTrainingArgs } from './args';
import { loadTrainingBars, minusDays, openAlpacaBarSource } from './data';
import { lifecycleEvents, lifecyclePublisher, publishLifecycleEvents } from './lifecycle-events';
import { DynamoPredictionStore } from '../../layers/adapters/aws/dynamo/model-predictions';
import { liveHitRate, type LiveHitRate, type PredictionStore } from '../../layers/core/ml/inference';
import type { EventPublisher } from '../../layers/core/ports';

type Env = Readonly<Record<string, string | undefined>>;
type Log = (line: string) => void;

const HERE = dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = join(HERE, '..', '..');
const DEFAULT_DATA_DIR = join(PROJECT_ROOT, 'data');
const ML_SOURCES = join(PROJECT_ROOT, 'layers', 'core', 'ml');

/** Exit codes: 0 every symbol trained, evaluated and registered (promoted or not), 1 a symbol failed, 2 bad arguments or environment. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The forecast that is deployed and compared: the calibrated soft vote. */
export const PRIMARY_FORECAST = 'ensemble-soft-vote-calibrated';
const FAMILY = 'ensemble-direction' as const;
/** Fewer labelled rows than this: the symbol is not trained (same floor as `tradeloop train`). */
export const MIN_ROWS = 200;

/** The CLI's --quick specs: same kinds, fewer trees, epochs and neighbours. */
const QUICK_MODEL_SPECS: readonly ModelSpec[] = [
  { kind: 'logistic' },
  { kind: 'ridge' },
  { kind: 'naive-bayes' },
  { kind: 'knn', params: { k: 25 } },
  { kind: 'random-forest', params: { trees: 20, maxDepth: 4, minSamplesLeaf: 20 } },
  { kind: 'gradient-boosting', params: { estimators: 30, learningRate: 0.1, maxDepth: 2, minSamplesLeaf: 20 } },
  { kind: 'mlp', params: { hidden: 8, epochs: 8 } },
];

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
/** NaN and ±Infinity become null (the manifest is JSON). */
const jsonSafe = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** SHA-256 over the ML sources (path + content, sorted): the code that produced an artefact, even without a git commit. */
export async function mlSourceHash(root = ML_SOURCES): Promise<string> {
  const entries = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.ts'));
  const paths = entries.map((e) => join(e.parentPath, e.name)).sort();
  const parts: string[] = [];
  for (const p of paths) parts.push(`${relative(root, p)}\n${sha256Hex(await readFile(p))}`);
  return sha256Hex(parts.join('\n'));
}

export interface SymbolOutcome {
  readonly symbol: string;
  readonly modelId: string;
  readonly version: string;
  readonly registered: 'registered' | 'exists';
  readonly decision?: PromotionDecision;
  readonly drift?: DriftReport;
  readonly retrain?: RetrainRequestV1;
  readonly pointers?: { readonly champion?: string; readonly challenger?: string };
  readonly skipped?: string;
  /** What the lifecycle events say about a version this run trained (absent when skipped). */
  readonly trained?: { readonly trainedThrough: string; readonly holdoutHitRate: number | null; readonly baselineHitRate: number | null };
}

/**
 * The `ensemble-training` Batch job, per symbol: load bars (shipped or data lake) → train and evaluate
 * the ensemble (purged CV, untouched hold-out) → write artefact + manifest to the models bucket →
 * register the version (conditional) → drift check of the current champion on the rows it never saw
 * → promotion decision (exact McNemar against the champion, or against always-up when there is none,
 * on rows out of sample for both) recorded with its evidence → champion/challenger pointers moved
 * with a revision condition. A retried job finds its version registered and its decision recorded
 * and changes nothing.
 */
export async function runEnsembleTraining(argv: readonly string[], env: Env, log: Log, now: () => Date = () => new Date(), events?: EventPublisher): Promise<number> {
  let args: EnsembleTrainingArgs;
  let jobEnv: EnsembleTrainingEnv;
  let publisher: EventPublisher | undefined;
  try {
    args = parseEnsembleTrainingArgs(argv);
    jobEnv = EnsembleTrainingEnv.parse(env);
    // model.trained / model.promoted / drift.detected go on the bus when TRADELOOP_EVENT_BUS is set (or a publisher is passed).
    publisher = events ?? lifecyclePublisher(env);
  } catch (error) {
    log(`ensemble-training: invalid arguments or environment: ${messageOf(error)}`);
    return EXIT.usage;
  }
  const asOf = args.asOf === 'previous-session' ? nyseCalendar().previousSession(now().getTime()).date : args.asOf;
  const from = minusDays(asOf, args.lookbackDays);
  const registry = new DynamoModelRegistry(jobEnv.TRADELOOP_MODELS_TABLE);
  const artefacts = new ModelArtefactStore(jobEnv.TRADELOOP_MODELS_BUCKET);
  const lake = new S3ObjectStore({ bucket: jobEnv.TRADELOOP_DATA_LAKE_BUCKET });
  const codeVersion = `ml-${(await mlSourceHash()).slice(0, 16)}${jobEnv.TRADELOOP_CODE_VERSION !== undefined ? `+${jobEnv.TRADELOOP_CODE_VERSION}` : ''}`;
  log(JSON.stringify({ job: 'ensemble-training', asOf, from, symbols: args.symbols, dataSource: args.dataSource, codeVersion, modelsBucket: jobEnv.TRADELOOP_MODELS_BUCKET }));
  if (args.dataSource === 'alpaca' && jobEnv.TRADELOOP_ALPACA_SECRET_ID === undefined) {
    log('ensemble-training: --data-source alpaca needs TRADELOOP_ALPACA_SECRET_ID');
    return EXIT.usage;
  }
  let source: TrainContext['source'];
  let compute: SelectedKernel;
  try {
    source =
      args.dataSource === 'shipped'
        ? { dataDir: jobEnv.TRADELOOP_DATA_DIR ?? DEFAULT_DATA_DIR }
        : args.dataSource === 'data-lake'
          ? { lake, prefix: args.dataPrefix }
          : { alpaca: await openAlpacaBarSource({ secretId: jobEnv.TRADELOOP_ALPACA_SECRET_ID ?? '', dataUrl: jobEnv.TRADELOOP_ALPACA_DATA_URL, feed: jobEnv.TRADELOOP_MARKET_DATA_FEED, lake }) };
  } catch (error) {
    log(`ensemble-training: the ${args.dataSource} data source could not be opened: ${messageOf(error)}`);
    return EXIT.failed;
  }
  try {
    compute = await selectMlpKernel(args.device);
  } catch (error) {
    log(`ensemble-training: ${messageOf(error)}`);
    return EXIT.usage;
  }
  log(JSON.stringify({ job: 'ensemble-training', device: compute.device, kernel: compute.kernel.name, reason: compute.reason }));
  let failures = 0;
  for (const symbol of args.symbols) {
    const started = Date.now();
    try {
      const outcome = await trainOne(symbol, { args, asOf, from, codeVersion, registry, artefacts, predictions: new DynamoPredictionStore(jobEnv.TRADELOOP_MODELS_TABLE), now, compute, source });
      log(
        JSON.stringify({
          job: 'ensemble-training',
          symbol,
          modelId: outcome.modelId,
          version: outcome.version,
          registered: outcome.registered,
          ...(outcome.skipped !== undefined ? { skipped: outcome.skipped } : {}),
          ...(outcome.decision !== undefined ? { promoted: outcome.decision.promote, reason: outcome.decision.reason, test: outcome.decision.test } : {}),
          ...(outcome.drift !== undefined ? { drifted: outcome.drift.drifted, driftReasons: outcome.drift.reasons } : {}),
          ...(outcome.retrain !== undefined ? { retrain: outcome.retrain } : {}),
          ...(outcome.pointers !== undefined ? { pointers: outcome.pointers } : {}),
          ms: Date.now() - started,
        }),
      );
      if (publisher !== undefined) await publishLifecycleEvents(publisher, lifecycleEvents(outcome, asOf, now().getTime()));
    } catch (error) {
      failures += 1;
      log(`ensemble-training: ${symbol}: ${messageOf(error)}`);
    }
  }
  await compute.close();
  return failures === 0 ? EXIT.ok : EXIT.failed;
}

interface TrainContext {
  readonly args: EnsembleTrainingArgs;
  readonly asOf: string;
  readonly from: string;
  readonly codeVersion: string;
  readonly registry: ModelRegistry;
  readonly artefacts: ModelArtefactStore;
  /** The signal engine's recorded forecasts (models table): the champion's live hit rate when it has traded. */
  readonly predictions?: PredictionStore;
  readonly now: () => Date;
  readonly source: Parameters<typeof loadTrainingBars>[3];
  /** Where the MLP trains (--device). */
  readonly compute: SelectedKernel;
}

async function trainOne(symbol: string, ctx: TrainContext): Promise<SymbolOutcome> {
  const { args, registry, artefacts } = ctx;
  const data = await loadTrainingBars(symbol, ctx.from, ctx.asOf, ctx.source);
  const label = { kind: 'direction' as const, horizon: args.horizon };
  const dataset = buildDataset(data.bars, label);
  if (dataset.X.length < MIN_ROWS) throw new Error(`only ${dataset.X.length} labelled rows between ${ctx.from} and ${ctx.asOf} (${data.bars.length} bars); at least ${MIN_ROWS} are needed`);
  const models = args.quick ? QUICK_MODEL_SPECS : DEFAULT_MODEL_SPECS;
  const config = { models, folds: 5, holdoutFraction: 0.2, calibration: 'isotonic' as const, seed: args.seed, resamples: args.resamples };
  const result: TrainingResult = trainEnsemble(dataset, { ...config, kernels: { mlp: ctx.compute.kernel } });
  // float32 GPU fits differ from float64 ones in the last digits: a version names its kernel (CPU versions keep their old identity)
  const identity = ctx.compute.kernel.name === 'cpu-f64' ? config : { ...config, mlpKernel: ctx.compute.kernel.name };
  const modelId = modelIdOf(symbol, FAMILY);
  const lastBar = data.bars[data.bars.length - 1]?.date ?? ctx.asOf;
  const version = artefactVersion(lastBar, { barsSha256: data.barsSha256, codeVersion: ctx.codeVersion, config: identity, seed: args.seed, label });
  const artefactJson = JSON.stringify({ ...result.artefact, symbol });
  const report = result.report;
  const primary = report.holdout[PRIMARY_FORECAST];
  const manifest = ArtefactManifestV1.parse(
    jsonSafe({
      schema: 'ArtefactManifestV1',
      modelId,
      symbol,
      family: FAMILY,
      version,
      createdAt: ctx.now().toISOString(),
      codeVersion: ctx.codeVersion,
      seed: args.seed,
      features: { names: [...FEATURE_NAMES], lookback: FEATURE_LOOKBACK },
      label,
      trainingWindow: {
        from: data.bars[0]?.date ?? ctx.from,
        to: lastBar,
        development: { ...report.periods.development, rows: report.rows.development },
        holdout: { ...report.periods.holdout, rows: report.rows.holdout },
        trainedThrough: result.artefact.trainedThrough,
      },
      data: { source: data.source, files: data.files, barsSha256: data.barsSha256 },
      metrics: { forecast: PRIMARY_FORECAST, holdout: primary ?? {}, baseline: report.holdout['baseline-always-up'] ?? {}, hitRate: primary?.accuracy.estimate ?? null },
      config: { ...config, intervals: report.intervals, method: report.method, compute: { device: ctx.compute.device, kernel: ctx.compute.kernel.name, reason: ctx.compute.reason, ...(ctx.compute.adapter !== undefined ? { adapter: ctx.compute.adapter } : {}) } },
      artefact: { key: artefactLayout.artefact(modelId, version), sha256: sha256Hex(artefactJson), bytes: Buffer.byteLength(artefactJson) },
    }),
  );
  // Objects first, then the registry item: a registered version always has its artefact. A version
  // already registered (same data, code, config, seed) keeps the objects and manifest it has.
  let registered: 'registered' | 'exists' = 'exists';
  if ((await registry.getVersion(modelId, version)) === undefined) {
    await artefacts.putVersion(manifest, artefactJson);
    registered = (await registry.registerVersion(manifest)).kind;
  }
  if (registered === 'exists' && (await registry.listDecisions(modelId)).some((d) => d.challengerVersion === version)) {
    return { symbol, modelId, version, registered, skipped: 'this version was registered and decided before (same data, code, config and seed)' };
  }

  // The incumbent: the current champion, when it loads with this build's features; else always-up.
  const pointers = await registry.getPointers(modelId);
  const championVersion = pointers?.champion;
  const n = dataset.X.length;
  const holdoutStart = n - report.rows.holdout;
  const holdoutDates = dataset.dates.slice(holdoutStart);
  const challengerProbs = result.holdoutPredictions[PRIMARY_FORECAST];
  if (challengerProbs === undefined) throw new Error(`training produced no ${PRIMARY_FORECAST} hold-out predictions`);
  let incumbent: PromotionDecision['incumbent'] = { kind: 'baseline-always-up' };
  let incumbentThrough: string | undefined;
  let predictIncumbent: (row: number) => number = () => report.baselines.alwaysUpProbability;
  let drift: DriftReport | undefined;
  let championNote: string | undefined;
  if (championVersion !== undefined && championVersion !== version) {
    const championManifest = await registry.getVersion(modelId, championVersion);
    const championJson = await artefacts.getArtefact(modelId, championVersion);
    try {
      if (championManifest === undefined || championJson === undefined) throw new Error('its manifest or artefact is missing');
      const champion = loadEnsemble(JSON.parse(championJson));
      incumbent = { kind: 'champion', version: championVersion };
      incumbentThrough = championManifest.trainingWindow.trainedThrough;
      predictIncumbent = (row) => champion.predictRow(dataset.X[row] as Float64Array).probability;
      // The live hit rate from what the signal engine actually forecast, when it recorded any; else recomputed on the window.
      const recorded = ctx.predictions === undefined ? undefined : liveHitRate(await ctx.predictions.list(modelId, championVersion), data.bars, args.horizon);
      drift = championDrift(dataset, champion, championManifest.trainingWindow, championManifest.metrics.hitRate, args.horizon, recorded !== undefined && recorded.trials > 0 ? recorded : undefined);
    } catch (error) {
      championNote = `champion ${championVersion} could not be used (${messageOf(error)}); compared against always-up instead`;
    }
  }
  const rows = sharedOutOfSampleRows(holdoutDates, incumbentThrough, args.horizon);
  const decision = decidePromotion(
    {
      y: rows.map((i) => dataset.y[holdoutStart + i] ?? 0),
      champion: rows.map((i) => predictIncumbent(holdoutStart + i)),
      challenger: rows.map((i) => challengerProbs[i] ?? 0.5),
      dates: rows.map((i) => holdoutDates[i] ?? ''),
    },
    version,
    incumbent,
    { alpha: args.alpha, minDiscordant: 10 },
  );
  const retrain = drift === undefined ? undefined : retrainRequest(modelId, drift, ctx.now().toISOString(), championVersion);
  const decidedAt = ctx.now().toISOString();
  await registry.recordDecision({
    modelId,
    decidedAt,
    challengerVersion: version,
    ...(championVersion !== undefined ? { championVersion } : {}),
    promoted: decision.promote,
    reason: championNote === undefined ? decision.reason : `${championNote}; ${decision.reason}`,
    evidence: jsonSafe({ decision, ...(drift !== undefined ? { drift } : {}), ...(retrain !== undefined ? { retrain } : {}), challengerHoldout: primary, asOf: ctx.asOf }),
  });
  const next = decision.promote ? { champion: version } : { ...(championVersion !== undefined ? { champion: championVersion } : {}), challenger: version };
  if (!(await registry.setPointers(modelId, next, pointers?.revision, decidedAt))) {
    throw new Error(`the pointers of ${modelId} moved while this job decided (revision ${pointers?.revision ?? 'none'}); decision recorded, pointers left to the other writer`);
  }
  const trained = { trainedThrough: result.artefact.trainedThrough, holdoutHitRate: primary?.accuracy.estimate ?? null, baselineHitRate: report.holdout['baseline-always-up']?.accuracy.estimate ?? null };
  return { symbol, modelId, version, registered, decision, ...(drift !== undefined ? { drift } : {}), ...(retrain !== undefined ? { retrain } : {}), pointers: next, trained };
}

/**
 * The champion's drift on this window. Features: reference = rows it was trained on (decided up to
 * its trainedThrough), live = rows decided after its hold-out ended (plus one label span). Predictions:
 * reference = its predictions on its own hold-out rows (the validated distribution), live = on the
 * live rows. Hit rate: live rows vs the hold-out hit rate in its manifest. Undefined when the window
 * holds no live rows yet (a champion trained yesterday); assessDrift skips a detector below 20 rows.
 * `recorded`: the hit rate of the forecasts the signal engine recorded (liveHitRate), used instead of the
 * recomputed one when present.
 */
function championDrift(dataset: ReturnType<typeof buildDataset>, champion: ReturnType<typeof loadEnsemble>, window: ArtefactManifestV1['trainingWindow'], expectedHitRate: number | null, horizon: number, recorded?: Pick<LiveHitRate, 'hits' | 'trials'>): DriftReport | undefined {
  const indices = (keep: (date: string) => boolean): number[] => dataset.dates.flatMap((d, i) => (keep(d) ? [i] : []));
  const afterHoldout = dataset.dates.findIndex((d) => d > window.holdout.to);
  if (afterHoldout < 0) return undefined;
  const live = Array.from({ length: Math.max(0, dataset.X.length - afterHoldout - (horizon - 1)) }, (_, k) => afterHoldout + horizon - 1 + k);
  const training = indices((d) => d <= window.trainedThrough);
  const holdout = indices((d) => d >= window.holdout.from && d <= window.holdout.to);
  const predict = (i: number): number => champion.predictRow(dataset.X[i] as Float64Array).probability;
  const livePredictions = live.map(predict);
  const hits = live.reduce((h, i, k) => h + (((livePredictions[k] ?? 0.5) > 0.5) === (dataset.y[i] === 1) ? 1 : 0), 0);
  return assessDrift({
    featureNames: dataset.featureNames,
    referenceFeatures: training.map((i) => dataset.X[i] as Float64Array),
    liveFeatures: live.map((i) => dataset.X[i] as Float64Array),
    referencePredictions: holdout.map(predict),
    livePredictions,
    liveHits: recorded?.hits ?? hits,
    liveTrials: recorded?.trials ?? live.length,
    expectedHitRate: expectedHitRate !== null && expectedHitRate > 0 && expectedHitRate < 1 ? expectedHitRate : 0.5,
  });
}
