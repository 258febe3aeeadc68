/**
 * The ports the trading core needs from the outside world. Adapters in layers/adapters implement
 * them (DynamoDB, SQS, EventBridge, Alpaca, in-memory fakes); the core never imports an SDK.
 * All times are UTC epoch milliseconds; money and quantities are exact decimal strings.
 */
import type {
  ApprovedOrderV1,
  BarClosedV1,
  BrokerOrderStatus,
  CheckResultV1,
  DeadLetterV1,
  DetailType,
  EventDetail,
  OrderIntentV1,
  OrderSide,
  OrderType,
  RiskLimitsV1,
  TimeInForce,
} from '../../contracts';

/** The source of "now". Lambda uses the system clock; the local replay uses the broker's market clock. */
export interface Clock {
  now(): Promise<number>;
}

// ---------------------------------------------------------------- market data

export interface MinuteBar {
  readonly symbol: string;
  /** Bar start, UTC epoch ms. */
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly vwap?: number;
  readonly tradeCount?: number;
}

export interface MarketData {
  /**
   * Minute bars with start in [from, to) for each symbol, oldest first, every page fetched.
   * Implementations back off on rate limits (HTTP 429) and retry transient errors.
   */
  minuteBars(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly MinuteBar[]>>;
  /** The latest trade price per symbol (for price collars). */
  latestTrades(symbols: readonly string[]): Promise<ReadonlyMap<string, { readonly price: number; readonly at: number }>>;
}

// ---------------------------------------------------------------- broker

export interface BrokerAccount {
  readonly accountNumber: string;
  readonly status: string;
  readonly cash: string;
  readonly buyingPower: string;
  readonly equity: string;
  readonly lastEquity: string;
  readonly tradingBlocked: boolean;
  readonly patternDayTrader: boolean;
  /** Effective options trading level (Alpaca `options_trading_level`, else `options_approved_level`; 0 none … 3 spreads); absent if the broker does not say. */
  readonly optionsApprovalLevel?: number;
}

export interface BrokerPosition {
  readonly symbol: string;
  /** Signed: negative for a short. */
  readonly quantity: string;
  readonly averageEntryPrice: string;
  readonly marketValue: string;
  readonly currentPrice: string;
  readonly unrealizedPl: string;
}

export interface BrokerOrder {
  readonly brokerOrderId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly quantity: string;
  readonly limitPrice?: string;
  readonly status: BrokerOrderStatus;
  readonly filledQuantity: string;
  readonly filledAveragePrice?: string;
  readonly submittedAt: number;
  readonly updatedAt: number;
}

/** One leg of a multi-leg option order (Alpaca `legs[]` of an `order_class: mleg` order). */
export interface SubmitOrderLeg {
  /** OCC contract symbol. */
  readonly symbol: string;
  /** Contracts of this leg per unit of the order quantity (`ratio_qty`). */
  readonly ratio: number;
  readonly side: OrderSide;
  readonly positionIntent: 'buy_to_open' | 'buy_to_close' | 'sell_to_open' | 'sell_to_close';
}

/**
 * An order to place. Equity: `symbol` is the ticker. Single option: `assetClass` 'us_option' and
 * `symbol` the OCC contract symbol (quantity in contracts, limit per share of underlying). Multi-leg:
 * `legs` set, `symbol` the underlying (not sent: Alpaca's mleg order has none), quantity in units of
 * the structure, `limitPrice` the SIGNED net per share (positive a debit, negative a credit, as Alpaca
 * wants it) and `side` the intent's direction (buy = net debit), kept for the record only.
 */
export interface SubmitOrderRequest {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly quantity: string;
  readonly limitPrice?: string;
  readonly assetClass?: 'us_equity' | 'us_option';
  readonly legs?: readonly SubmitOrderLeg[];
}

/** Expected broker outcomes are values; only transport failures throw (classified by BrokerError). */
export type SubmitOrderResult =
  | { readonly kind: 'accepted'; readonly order: BrokerOrder }
  /** The broker already has an order with this client order id (a retry after a crash): it is returned. */
  | { readonly kind: 'duplicate'; readonly order: BrokerOrder }
  | { readonly kind: 'rejected'; readonly reason: string; readonly httpStatus: number };

export interface MarketClock {
  readonly timestamp: number;
  readonly isOpen: boolean;
  readonly nextOpen: number;
  readonly nextClose: number;
}

export interface Broker {
  account(): Promise<BrokerAccount>;
  positions(): Promise<readonly BrokerPosition[]>;
  submitOrder(request: SubmitOrderRequest): Promise<SubmitOrderResult>;
  orderByClientId(clientOrderId: string): Promise<BrokerOrder | undefined>;
  /** Orders updated at or after `since`, any status, oldest first. */
  ordersSince(since: number): Promise<readonly BrokerOrder[]>;
  clock(): Promise<MarketClock>;
  /**
   * Asks the broker to cancel one working order (the kill switch's flatten). `not-cancelable`: the order
   * is already final (filled, canceled) or unknown. Optional: a broker without it cannot cancel, and
   * flatten says so instead of pretending.
   */
  cancelOrder?(brokerOrderId: string): Promise<'canceled' | 'not-cancelable'>;
}

/** A failure talking to an outside system, classified so the caller knows whether to retry. */
export class ExternalServiceError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly service: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ExternalServiceError';
  }
}

// ---------------------------------------------------------------- state

/** The order record stored under its client order id. */
export interface OrderRecord {
  readonly clientOrderId: string;
  readonly intentId: string;
  readonly accountId: string;
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: string;
  readonly orderType: OrderType;
  readonly limitPrice?: string;
  readonly timeInForce: TimeInForce;
  /** `claimed`: we are about to submit; the broker may or may not have it (a crash here is resolved by asking the broker). */
  readonly status: 'claimed' | BrokerOrderStatus;
  readonly brokerOrderId?: string;
  readonly filledQuantity: string;
  readonly filledAveragePrice?: string;
  readonly rejectionReason?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type ClaimResult = { readonly kind: 'claimed' } | { readonly kind: 'exists'; readonly existing: OrderRecord };

export interface OrderStore {
  /** Conditional create: succeeds only if no order with this client order id exists. */
  claim(order: OrderRecord): Promise<ClaimResult>;
  get(clientOrderId: string): Promise<OrderRecord | undefined>;
  /** Applies a broker update; never moves an order backwards (a terminal status stays terminal). */
  applyBrokerState(clientOrderId: string, update: Partial<OrderRecord> & { readonly updatedAt: number }): Promise<void>;
  listByAccount(accountId: string, limit: number): Promise<readonly OrderRecord[]>;
}

export interface PositionRecord {
  readonly accountId: string;
  readonly symbol: string;
  readonly quantity: string;
  readonly averageEntryPrice: string;
  readonly marketValue: string;
  readonly unrealizedPl: string;
  readonly updatedAt: number;
}

export interface PositionStore {
  list(accountId: string): Promise<readonly PositionRecord[]>;
  /** Replaces the account's positions with broker truth (positions absent from `positions` are removed). */
  replaceAll(accountId: string, positions: readonly PositionRecord[]): Promise<void>;
}

export interface SignalRecord {
  readonly signalId: string;
  readonly strategyId: string;
  readonly symbol: string;
  readonly direction: 'long' | 'flat' | 'short';
  readonly strength: number;
  readonly referencePrice: string;
  readonly barStart: number;
  readonly generatedAt: number;
  readonly reason: string;
}

export interface SignalStore {
  /** Conditional put; returns false if the signal was already recorded (a duplicate bar event). */
  putOnce(signal: SignalRecord, ttlSeconds: number): Promise<boolean>;
  recent(strategyId: string, limit: number): Promise<readonly SignalRecord[]>;
}

/** A streaming strategy's persisted state for one symbol. */
export interface StrategyStateRecord<S> {
  readonly strategyId: string;
  readonly symbol: string;
  readonly state: S;
  /** Optimistic concurrency version: 0 when absent. */
  readonly version: number;
}

export interface StrategyStateStore {
  load<S>(strategyId: string, symbol: string): Promise<StrategyStateRecord<S> | undefined>;
  /** Writes only if the stored version still equals `expectedVersion`; false on a lost race. */
  save<S>(record: StrategyStateRecord<S>, expectedVersion: number): Promise<boolean>;
}

export interface RiskDecisionRecord {
  readonly intentId: string;
  readonly accountId: string;
  readonly symbol: string;
  readonly decidedAt: number;
  readonly approved: boolean;
  readonly policyVersion: number;
  readonly checks: readonly CheckResultV1[];
  readonly intent: OrderIntentV1;
}

export interface RiskAuditStore {
  record(decision: RiskDecisionRecord): Promise<void>;
  /** The first decision ever recorded for an intent (strongly consistent), if any: it is the one that counts. */
  firstDecision(intentId: string): Promise<RiskDecisionRecord | undefined>;
  listByAccount(accountId: string, limit: number): Promise<readonly RiskDecisionRecord[]>;
}

export interface KillSwitchState {
  readonly engaged: boolean;
  readonly reason: string;
  readonly actor: string;
  readonly changedAt: number;
}

export interface VersionedLimits {
  readonly version: number;
  readonly limits: RiskLimitsV1;
  readonly changedBy: string;
  readonly reason: string;
  readonly changedAt: number;
}

export interface LimitsStore {
  /** Strongly consistent read: the kill switch must stop orders within one invocation. */
  killSwitch(accountId: string): Promise<KillSwitchState>;
  setKillSwitch(accountId: string, state: KillSwitchState): Promise<void>;
  /** The current policy; version 0 with the defaults when none was ever stored. */
  currentLimits(accountId: string): Promise<VersionedLimits>;
  /** Stores a new version if the current one is still `expectedVersion`; returns the new version or a conflict. */
  putLimits(
    accountId: string,
    limits: RiskLimitsV1,
    expectedVersion: number,
    meta: { readonly changedBy: string; readonly reason: string; readonly changedAt: number },
  ): Promise<{ readonly kind: 'stored'; readonly version: number } | { readonly kind: 'conflict'; readonly currentVersion: number }>;
}

export interface IdempotencyStore {
  /** Records `id` as processed; false if it already was. */
  markOnce(id: string, ttlSeconds: number): Promise<boolean>;
}

// ---------------------------------------------------------------- messaging

export interface EventPublisher {
  publish<T extends DetailType>(detailType: T, detail: EventDetail<T>): Promise<void>;
}

/** The bars FIFO queue: group = symbol (bars applied in time order), dedup id = symbol + bar start. */
export interface BarQueue {
  send(bar: BarClosedV1): Promise<void>;
}

export interface OrderIntentQueue {
  /** FIFO send: group = account, dedup id = intent id. */
  send(intent: OrderIntentV1): Promise<void>;
}

export interface ApprovedOrderQueue {
  send(order: ApprovedOrderV1): Promise<void>;
}

export interface DeadLetterSink {
  /** Parks an unprocessable message with its reason (the queue's own DLQ). */
  park(letter: DeadLetterV1): Promise<void>;
}

export interface ObjectStore {
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  list(prefix: string): Promise<readonly string[]>;
}
