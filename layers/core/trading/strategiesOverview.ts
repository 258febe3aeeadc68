/**
 * What the live loop trades, as `GET /strategies` and the local dashboard report it: the registry's active set
 * (or the built-in default binding when no set was ever stored, exactly the engine's fallback), each strategy's
 * live hit rate from the outcome ledger, and the ML models per symbol with their held-out metrics and the live
 * hit rate of their recorded forecasts. A read model over ports; pure otherwise.
 */
import type { LiveHitRateV1, ModelSummaryV1, ModelVersionSummaryV1, StrategiesResponseV1, StrategySummaryV1 } from '../../contracts';
import type { FeatureBar } from '../ml';
import { liveHitRate, type PredictionStore } from '../ml/inference';
import { modelIdOf, type ArtefactManifestV1, type ModelFamily, type ModelRegistry } from '../ml/lifecycle';
import type { StrategyStateStore } from '../ports';
import { DEFAULT_HIT_RATE_POLICY, type StrategyRegistry } from '../registry';
import { bindingsFromActiveSet, loadActiveSet } from './activeStrategySet';
import { liveHitSeries } from './signalOutcomes';

/** A binding the engine runs when no active set is stored (adapters/runtime/trading-config.ts). */
export interface DefaultStrategy {
  readonly strategyId: string;
  readonly version: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
}

/** Daily bars of `symbol` from session `fromDate` on, ascending (the sessions after the forecasts, to score them). */
export type DailyBarsSince = (symbol: string, fromDate: string) => Promise<readonly FeatureBar[]>;

export interface StrategiesOverviewDeps {
  readonly strategyState: Pick<StrategyStateStore, 'load'>;
  readonly defaults: readonly DefaultStrategy[];
  /** The symbols the engine trades (where ML models are looked up). */
  readonly watchlist: readonly string[];
  /** Absent: registryStateNow is not reported. */
  readonly registry?: Pick<StrategyRegistry, 'get'>;
  /** Absent: no model is reported (the deployment has no models table). */
  readonly models?: {
    readonly registry: Pick<ModelRegistry, 'getPointers' | 'getVersion'>;
    readonly predictions: Pick<PredictionStore, 'list'>;
    /** Absent: forecasts are counted, not scored. */
    readonly dailyBars?: DailyBarsSince;
    /** The family the signal engine serves (default ensemble-direction). */
    readonly family?: ModelFamily;
  };
  /** Ledger outcomes the hit rate covers: the selector's demotion window (default 100). */
  readonly hitRateWindow?: number;
}

const rateOf = (hits: number, trials: number): number | null => (trials > 0 ? hits / trials : null);

async function ledgerHitRate(store: Pick<StrategyStateStore, 'load'>, strategyId: string, window: number): Promise<LiveHitRateV1> {
  const series = await liveHitSeries(store, strategyId);
  const recent = series.slice(Math.max(0, series.length - window));
  const hits = recent.filter(Boolean).length;
  return { hits, trials: recent.length, rate: rateOf(hits, recent.length), window: `last ${window} scored calls (${series.length} in the ledger)` };
}

/** The strategies the engine runs now: the stored set's, else the defaults. */
async function strategies(deps: StrategiesOverviewDeps, window: number): Promise<Pick<StrategiesResponseV1, 'strategies' | 'source' | 'activeSet'>> {
  const stored = await loadActiveSet(deps.strategyState);
  if (stored === undefined) {
    const list = await Promise.all(
      deps.defaults.map(async (d): Promise<StrategySummaryV1> => ({
        strategyId: d.strategyId,
        version: d.version,
        // The default binding is not a registry entry; it trades the paper account as it always has.
        state: 'paper',
        parameters: { ...d.parameters },
        symbols: [...d.symbols],
        source: 'default',
        liveHitRate: await ledgerHitRate(deps.strategyState, d.strategyId, window),
      })),
    );
    return { strategies: list, source: 'default', activeSet: null };
  }
  const { bindings, skipped } = bindingsFromActiveSet(stored.set);
  const list = await Promise.all(
    stored.set.strategies.map(async (s): Promise<StrategySummaryV1> => {
      const built = bindings.find((b) => b.strategy.id === s.strategyId);
      const skip = skipped.find((k) => k.strategyId === s.strategyId);
      const now = deps.registry === undefined ? undefined : await deps.registry.get(s.strategyId);
      return {
        strategyId: s.strategyId,
        // The catalogue strategy's version when it builds; else the registry version the set recorded.
        version: built?.strategy.version ?? `registry-v${s.registryVersion}`,
        state: s.registryState,
        parameters: { ...s.params },
        symbols: [...s.symbols],
        source: 'active-set',
        family: s.family,
        registryVersion: s.registryVersion,
        ...(now !== undefined ? { registryStateNow: now.state } : {}),
        sharpe: s.sharpe,
        ...(skip !== undefined ? { skipped: skip.reason } : {}),
        liveHitRate: await ledgerHitRate(deps.strategyState, s.strategyId, window),
      };
    }),
  );
  return {
    strategies: list,
    source: 'active-set',
    activeSet: { sessionDate: stored.set.sessionDate, selectedAt: new Date(stored.set.selectedAt).toISOString(), version: stored.version },
  };
}

type Metric = NonNullable<ModelVersionSummaryV1['holdout']['accuracy']>;

/** A manifest metric as the contract carries it; anything else (absent, malformed) is null, never a made-up number. */
function metricOf(record: Readonly<Record<string, unknown>> | undefined, key: string): Metric | null {
  const m = record?.[key];
  if (typeof m !== 'object' || m === null) return null;
  const { estimate, lower, upper } = m as Record<string, unknown>;
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return { estimate: num(estimate), lower: num(lower), upper: num(upper) };
}

async function versionSummary(
  models: NonNullable<StrategiesOverviewDeps['models']>,
  symbol: string,
  modelId: string,
  version: string,
): Promise<ModelVersionSummaryV1> {
  const [manifest, records] = await Promise.all([models.registry.getVersion(modelId, version), models.predictions.list(modelId, version)]);
  let scored: LiveHitRateV1 | null = null;
  let pending = records.length;
  const first = records[0];
  // Scoring needs the label's horizon (from the manifest) and the sessions after the forecasts.
  if (manifest !== undefined && first !== undefined && models.dailyBars !== undefined) {
    const horizon = manifest.label.horizon;
    const result = liveHitRate(records, await models.dailyBars(symbol, first.sessionDate), horizon);
    scored = { hits: result.hits, trials: result.trials, rate: rateOf(result.hits, result.trials), window: `one decided forecast in every ${horizon} (labels ${horizon} session(s) long, not overlapping)` };
    pending = result.pending;
  }
  return {
    version,
    manifestFound: manifest !== undefined,
    trainedThrough: manifest?.trainingWindow.trainedThrough ?? null,
    holdout: holdoutOf(manifest),
    liveHitRate: scored,
    forecasts: { recorded: records.length, pending },
  };
}

function holdoutOf(manifest: ArtefactManifestV1 | undefined): ModelVersionSummaryV1['holdout'] {
  if (manifest === undefined) return { from: null, to: null, rows: null, accuracy: null, auc: null, baselineAccuracy: null };
  const { holdout } = manifest.trainingWindow;
  return {
    from: holdout.from,
    to: holdout.to,
    rows: holdout.rows,
    accuracy: metricOf(manifest.metrics.holdout, 'accuracy'),
    auc: metricOf(manifest.metrics.holdout, 'auc'),
    baselineAccuracy: metricOf(manifest.metrics.baseline, 'accuracy'),
  };
}

async function modelsOf(deps: StrategiesOverviewDeps): Promise<Pick<StrategiesResponseV1, 'models' | 'symbolsWithoutModel'>> {
  const models = deps.models;
  if (models === undefined) return { models: [], symbolsWithoutModel: [...deps.watchlist] };
  const family = models.family ?? 'ensemble-direction';
  const out: ModelSummaryV1[] = [];
  const without: string[] = [];
  for (const symbol of deps.watchlist) {
    const modelId = modelIdOf(symbol, family);
    const pointers = await models.registry.getPointers(modelId);
    // The engine binds a model only with a champion (ml-bindings.ts); a lone challenger trades nothing.
    if (pointers?.champion === undefined) {
      without.push(symbol);
      continue;
    }
    const challenger = pointers.challenger !== undefined && pointers.challenger !== pointers.champion ? pointers.challenger : undefined;
    out.push({
      symbol,
      modelId,
      family,
      champion: await versionSummary(models, symbol, modelId, pointers.champion),
      challenger: challenger === undefined ? null : await versionSummary(models, symbol, modelId, challenger),
    });
  }
  return { models: out, symbolsWithoutModel: without };
}

/** The `GET /strategies` body. */
export async function strategiesOverview(deps: StrategiesOverviewDeps): Promise<StrategiesResponseV1> {
  const window = Math.max(1, Math.floor(deps.hitRateWindow ?? DEFAULT_HIT_RATE_POLICY.window));
  const [running, models] = await Promise.all([strategies(deps, window), modelsOf(deps)]);
  return { ...running, ...models };
}
