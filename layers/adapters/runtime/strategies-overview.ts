import { physicalName } from '../../contracts';
import type { StrategiesResponseV1 } from '../../contracts';
import type { TradingCalendar } from '../../core/market';
import type { HistoricalMarketData } from '../../core/market/history';
import type { StrategyRegistry } from '../../core/registry';
import { strategiesOverview, type DailyBarsSince, type DefaultStrategy } from '../../core/trading/strategiesOverview';
import { AlpacaHistoricalData, type AlpacaAdapters } from '../alpaca';
import { DynamoPredictionStore } from '../aws/dynamo/model-predictions';
import { DynamoModelRegistry } from '../aws/dynamo/model-registry';
import type { Container } from './container';
import { ACTIVE_STRATEGY_PARAMS, activeStrategies, STRATEGY_SELECTOR_POLICY } from './trading-config';

/** The engine's fallback bindings as the read model reports them (what runs when no active set is stored). */
export function defaultStrategies(watchlist: readonly string[]): readonly DefaultStrategy[] {
  return activeStrategies().map(({ strategy, symbols }) => ({
    strategyId: strategy.id,
    version: strategy.version,
    parameters: { ...ACTIVE_STRATEGY_PARAMS },
    symbols: symbols ?? watchlist,
  }));
}

/**
 * Daily bars from a session on, dated by New York session (as the training data and the forecasts are), up to
 * the current session exclusive: today's bar is not closed, so it decides no label yet.
 */
export function dailyBarsSince(source: Pick<HistoricalMarketData, 'bars'>, calendar: TradingCalendar, now: () => Promise<number>): DailyBarsSince {
  return async (symbol, fromDate) => {
    const at = await now();
    const today = calendar.sessionDate(at);
    const bars = (await source.bars([symbol], Date.parse(`${fromDate}T00:00:00Z`) - 86_400_000, at, '1Day')).get(symbol) ?? [];
    return bars
      .map((b) => ({ date: calendar.sessionDate(b.start), open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume }))
      .filter((b) => b.date >= fromDate && b.date < today);
  };
}

interface OverviewStores {
  readonly container: Container;
  readonly alpaca: AlpacaAdapters;
  readonly registry: DynamoModelRegistry;
  readonly predictions: DynamoPredictionStore;
  readonly dailyBars: DailyBarsSince;
}

/** Built once per container and broker (each store holds an SDK client; the dashboard asks every poll). */
let built: OverviewStores | undefined;
function storesOf(deps: Container, alpaca: AlpacaAdapters): OverviewStores {
  if (built?.container === deps && built.alpaca === alpaca) return built;
  const models = physicalName.table(deps.config.TRADELOOP_TABLE_PREFIX, 'models');
  const history = new AlpacaHistoricalData(alpaca.clients, { feed: deps.config.TRADELOOP_MARKET_DATA_FEED, adjustment: 'all' });
  built = {
    container: deps,
    alpaca,
    registry: new DynamoModelRegistry(models),
    predictions: new DynamoPredictionStore(models),
    dailyBars: dailyBarsSince(history, deps.calendar, () => alpaca.clock.now()),
  };
  return built;
}

/**
 * `GET /strategies` on the deployment's stores: the active set and outcome ledger in strategy-state, the model
 * registry and recorded forecasts in the models table, daily bars (split- and dividend-adjusted, as training
 * used) from Alpaca to score the forecasts.
 */
export function readStrategiesOverview(deps: Container, alpaca: AlpacaAdapters, registry?: Pick<StrategyRegistry, 'get'>): Promise<StrategiesResponseV1> {
  const stores = storesOf(deps, alpaca);
  return strategiesOverview({
    strategyState: deps.aws.stores.strategyState,
    defaults: defaultStrategies(deps.config.TRADELOOP_WATCHLIST),
    watchlist: deps.config.TRADELOOP_WATCHLIST,
    ...(registry !== undefined ? { registry } : {}),
    models: { registry: stores.registry, predictions: stores.predictions, dailyBars: stores.dailyBars },
    hitRateWindow: STRATEGY_SELECTOR_POLICY.hitRate.window,
  });
}
