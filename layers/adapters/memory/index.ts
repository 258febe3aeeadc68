/**
 * In-memory implementations of every core port, with the same conditional semantics as the
 * DynamoDB/SQS/EventBridge/Alpaca adapters. Used by unit tests, benchmarks and backtests.
 */
export { ManualClock } from './clock';
export {
  InMemoryIdempotencyStore,
  InMemoryLimitsStore,
  InMemoryOrderStore,
  InMemoryPositionStore,
  InMemoryRiskAuditStore,
  InMemorySignalStore,
  InMemoryStrategyStateStore,
} from './stores';
export {
  InMemoryObjectStore,
  RecordingApprovedOrderQueue,
  RecordingBarQueue,
  RecordingDeadLetterSink,
  RecordingEventPublisher,
  RecordingOrderIntentQueue,
  RecordingQueue,
} from './messaging';
export type { RecordedEvent } from './messaging';
export { FakeBroker, FakeMarketData } from './broker';
export { InMemoryCurrentRegimeStore } from './regime';
export { InMemoryStrategyRegistry } from './strategy-registry';
export type { FakeFillMode } from './broker';
