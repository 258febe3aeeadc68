import { physicalName, SignalEngineEnvV1 } from '../../contracts';
import { AlpacaHistoricalData, type AlpacaAdapters } from '../alpaca';
import { DynamoModelRegistry } from '../aws/dynamo/model-registry';
import { DynamoPredictionStore } from '../aws/dynamo/model-predictions';
import { ModelArtefactStore } from '../aws/model-artefacts';
import { ActiveModelCache } from '../aws/ml-models';
import type { Container } from './container';
import { dailyHistoryFrom, MlBindingSource } from './ml-bindings';

/** How long the signal engine trusts a read of the champion/challenger pointers: a promotion is live within this. */
export const MODEL_POINTER_TTL_MS = 60_000;

export interface MlLog {
  warn(message: string, detail: Record<string, unknown>): void;
}

let built: { readonly container: Container; readonly source: MlBindingSource | undefined } | undefined;

/**
 * The signal engine's ML binding source, once per container: undefined when TRADELOOP_MODELS_BUCKET
 * is not set (the engine then runs without ML). Registry: the `models` table; artefacts: the models
 * bucket; predictions: the `models` table; seed history: Alpaca 1Day bars, split- and dividend-adjusted
 * like the training data.
 */
export function mlBindingSource(deps: Container, alpaca: AlpacaAdapters, log: MlLog): MlBindingSource | undefined {
  if (built?.container === deps) return built.source;
  // Parsed here, not at import: the local runtime sets the environment after loading handlers.
  const env = SignalEngineEnvV1.parse({ TRADELOOP_MODELS_BUCKET: process.env['TRADELOOP_MODELS_BUCKET'] });
  let source: MlBindingSource | undefined;
  if (env.TRADELOOP_MODELS_BUCKET !== undefined) {
    const table = physicalName.table(deps.config.TRADELOOP_TABLE_PREFIX, 'models');
    const artefacts = new ModelArtefactStore(env.TRADELOOP_MODELS_BUCKET);
    const history = new AlpacaHistoricalData(alpaca.clients, { feed: deps.config.TRADELOOP_MARKET_DATA_FEED, adjustment: 'all' });
    source = new MlBindingSource({
      models: new ActiveModelCache({
        registry: new DynamoModelRegistry(table),
        loadArtefact: (modelId, version) => artefacts.getArtefact(modelId, version),
        pointerTtlMs: MODEL_POINTER_TTL_MS,
        onLoadError: (modelId, version, error) => log.warn('model version could not be loaded; served as absent', { modelId, version, error: error instanceof Error ? error.message : String(error) }),
      }),
      predictions: new DynamoPredictionStore(table),
      calendar: deps.calendar,
      history: dailyHistoryFrom(history, deps.calendar),
      onHistoryError: (symbol, error) => log.warn('seed history for the ML window could not be read', { symbol, error: error instanceof Error ? error.message : String(error) }),
    });
  }
  built = { container: deps, source };
  return source;
}
