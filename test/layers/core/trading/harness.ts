import type { BarClosedV1 } from '../../../../layers/contracts';
import {
  FakeBroker,
  FakeMarketData,
  InMemoryLimitsStore,
  InMemoryOrderStore,
  InMemoryPositionStore,
  InMemoryRiskAuditStore,
  InMemorySignalStore,
  InMemoryStrategyStateStore,
  ManualClock,
  RecordingApprovedOrderQueue,
  RecordingEventPublisher,
  RecordingOrderIntentQueue,
} from '../../../../layers/adapters/memory';
import { nyseCalendar } from '../../../../layers/core/market';
import type { OrderStore, SignalStore, StrategyStateStore } from '../../../../layers/core/ports';
import { smaCrossover } from '../../../../layers/core/strategies';
import type { ExecuteDeps, ReconcileDeps, SignalEngineDeps, VerifyDeps } from '../../../../layers/core/trading';

export const MINUTE = 60_000;
/** 09:30 New York on Tuesday 2 January 2024, a regular session. */
export const SESSION_OPEN = Date.UTC(2024, 0, 2, 14, 30);
export const ACCOUNT = 'paper';

export const bar = (i: number, close: number, symbol = 'SPY'): BarClosedV1 => ({
  schema: 'BarClosedV1',
  symbol,
  timeframe: '1Min',
  start: SESSION_OPEN + i * MINUTE,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1000,
  feed: 'iex',
});

/** Wires every use case to in-memory adapters; stores can be swapped for fault-injecting ones. */
export function harness(overrides: { orders?: OrderStore; signals?: SignalStore; strategyState?: StrategyStateStore } = {}) {
  const clock = new ManualClock(SESSION_OPEN);
  const calendar = nyseCalendar();
  const broker = new FakeBroker(clock, calendar);
  broker.prices.set('SPY', 101);
  const marketData = new FakeMarketData();
  const orders = overrides.orders ?? new InMemoryOrderStore();
  const signals = overrides.signals ?? new InMemorySignalStore();
  const strategyState = overrides.strategyState ?? new InMemoryStrategyStateStore();
  const positions = new InMemoryPositionStore();
  const limits = new InMemoryLimitsStore();
  const audit = new InMemoryRiskAuditStore();
  const events = new RecordingEventPublisher();
  const intents = new RecordingOrderIntentQueue();
  const approvedOrders = new RecordingApprovedOrderQueue();
  const strategy = smaCrossover({ fast: 2, slow: 3 });

  const signalDeps: SignalEngineDeps = {
    clock,
    strategies: [{ strategy, symbols: ['SPY'] }],
    strategyState,
    signals,
    events,
    broker,
    intents,
    config: { accountId: ACCOUNT, sizing: { fractionOfEquity: '0.1', maxPositionNotional: '50000', allowShort: false }, signalTtlSeconds: 86400 },
  };
  const verifyDeps: VerifyDeps = { clock, calendar, limits, broker, marketData, orders, audit, approvedOrders, events };
  const executeDeps: ExecuteDeps = { clock, limits, broker, orders, events };
  const reconcileDeps: ReconcileDeps = { clock, broker, orders, positions, events, config: { accountId: ACCOUNT, lookbackMs: 86_400_000 } };

  /** Moves the clock to just after a bar closed and marks its close as the last trade. */
  const closeBar = (b: BarClosedV1): void => {
    clock.set(b.start + MINUTE + 1_000);
    marketData.setLatestTrade(b.symbol, b.close, b.start + MINUTE);
    broker.prices.set(b.symbol, b.close);
  };

  return {
    clock, calendar, broker, marketData, orders, signals, strategyState, positions, limits, audit, events, intents, approvedOrders, strategy,
    signalDeps, verifyDeps, executeDeps, reconcileDeps, closeBar,
  };
}
