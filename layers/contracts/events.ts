import { z } from 'zod';
import {
  AccountId,
  DecimalString,
  EpochMillis,
  Identifier,
  MarketDataFeed,
  OrderSide,
  OrderType,
  PositiveDecimalString,
  Ticker,
  TimeInForce,
} from './primitives';

/**
 * Every event and message has a versioned schema: the `schema` field names it (BarClosedV1 …).
 * A breaking change adds a V2 beside V1; consumers accept the versions they know.
 */

/** A one-minute bar that has closed (bar time is the bar's start, as Alpaca and Lean report it). */
export const BarClosedV1 = z.object({
  schema: z.literal('BarClosedV1'),
  symbol: Ticker,
  timeframe: z.literal('1Min'),
  start: EpochMillis,
  open: z.number().positive(),
  high: z.number().positive(),
  low: z.number().positive(),
  close: z.number().positive(),
  volume: z.number().nonnegative(),
  vwap: z.number().positive().optional(),
  tradeCount: z.number().int().nonnegative().optional(),
  feed: MarketDataFeed,
});
export type BarClosedV1 = z.infer<typeof BarClosedV1>;

export const SignalDirection = z.enum(['long', 'flat', 'short']);
export type SignalDirection = z.infer<typeof SignalDirection>;

/** A strategy's view of one symbol after one bar. `signalId` is deterministic: strategy + symbol + bar start. */
export const SignalGeneratedV1 = z.object({
  schema: z.literal('SignalGeneratedV1'),
  signalId: Identifier,
  accountId: AccountId,
  strategyId: Identifier,
  strategyVersion: z.string().min(1).max(32),
  symbol: Ticker,
  direction: SignalDirection,
  /** 0..1: how strongly the strategy holds the view. */
  strength: z.number().min(0).max(1),
  /** The close of the bar the signal was computed on (reference price for sizing). */
  referencePrice: PositiveDecimalString,
  barStart: EpochMillis,
  generatedAt: EpochMillis,
  reason: z.string().max(500),
});
export type SignalGeneratedV1 = z.infer<typeof SignalGeneratedV1>;

/**
 * An option contract an intent trades. Optional on OrderIntentV1 (backward compatible: an intent
 * without it is an equity order, as before). With it, `symbol` is the underlying, `quantity` counts
 * contracts and `referencePrice`/`limitPrice` are the premium per share of underlying.
 */
export const OptionOrderV1 = z
  .object({
    /** OCC symbol, e.g. SPY240119C00470000 (root, YYMMDD, C/P, strike × 1000 in 8 digits). */
    contractSymbol: z.string().regex(/^[A-Z][A-Z0-9.]{0,5}\d{6}[CP]\d{8}$/, 'expected an OCC option symbol such as SPY240119C00470000'),
    right: z.enum(['call', 'put']),
    strike: PositiveDecimalString,
    expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** Shares per contract (100 for standard US equity options). */
    multiplier: z.number().int().positive().max(10_000).default(100),
    /** Per-contract Greeks per share of underlying (delta −1..1), if the producer priced them: the Greek limits use them. */
    greeks: z.object({ delta: z.number().min(-1).max(1), gamma: z.number(), vega: z.number() }).strict().optional(),
  })
  .strict();
export type OptionOrderV1 = z.infer<typeof OptionOrderV1>;

/** Alpaca's position intent of an option leg. */
export const PositionIntent = z.enum(['buy_to_open', 'buy_to_close', 'sell_to_open', 'sell_to_close']);
export type PositionIntent = z.infer<typeof PositionIntent>;

/** One leg of a multi-leg option order (Alpaca `order_class: mleg`): the contract, its ratio to the order quantity, side and intent. */
export const OptionLegOrderV1 = z
  .object({
    contractSymbol: OptionOrderV1.shape.contractSymbol,
    right: z.enum(['call', 'put']),
    strike: PositiveDecimalString,
    expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    multiplier: z.number().int().positive().max(10_000).default(100),
    /** Contracts of this leg per unit of the order quantity (Alpaca `ratio_qty`). */
    ratio: z.number().int().positive().max(100),
    side: OrderSide,
    positionIntent: PositionIntent,
    /** Per-contract Greeks per share of underlying, if the producer priced them. */
    greeks: z.object({ delta: z.number().min(-1).max(1), gamma: z.number(), vega: z.number() }).strict().optional(),
  })
  .strict();
export type OptionLegOrderV1 = z.infer<typeof OptionLegOrderV1>;

/**
 * A multi-leg option order. Optional on OrderIntentV1 (backward compatible). With it, `symbol` is the
 * underlying, `quantity` counts units of the structure, `side` is `buy` for a net debit and `sell` for a net
 * credit, and `limitPrice`/`referencePrice` are the absolute net premium per share of one unit (Alpaca's mleg
 * limit price is this amount, positive for a debit and negative for a credit).
 */
export const MultiLegOrderV1 = z
  .object({
    /** The structure's name in the strategies catalogue (bull-call-spread, iron-condor…). */
    structure: z.string().regex(/^[a-z][a-z-]{1,63}$/),
    legs: z.array(OptionLegOrderV1).min(2).max(4),
    /** Worst loss of one unit at expiry, USD (the capital at risk the checks size against). */
    maxLossPerUnit: PositiveDecimalString,
  })
  .strict()
  .refine((m) => new Set(m.legs.map((l) => l.contractSymbol)).size === m.legs.length, { message: 'each leg must trade a different contract', path: ['legs'] });
export type MultiLegOrderV1 = z.infer<typeof MultiLegOrderV1>;

/** What made an order an exit: an exit rule on a bar (`exit-rule`, with its attempt) or the kill switch's flatten. */
export const ExitTagV1 = z
  .object({
    source: z.enum(['exit-rule', 'flatten']),
    /** 1 for the first order of this exit, n for the n-th retry after a rejection. */
    attempt: z.number().int().min(1).max(1000).default(1),
  })
  .strict();
export type ExitTagV1 = z.infer<typeof ExitTagV1>;

/** What the portfolio wants traded; the body of an `order-intents` message. `intentId` is deterministic. */
export const OrderIntentV1 = z
  .object({
    schema: z.literal('OrderIntentV1'),
    intentId: Identifier,
    accountId: AccountId,
    strategyId: Identifier,
    signalId: Identifier,
    symbol: Ticker,
    side: OrderSide,
    quantity: PositiveDecimalString,
    orderType: OrderType,
    limitPrice: PositiveDecimalString.optional(),
    timeInForce: TimeInForce,
    referencePrice: PositiveDecimalString,
    /** Time of the market data the intent was built from (for the stale-data check). */
    marketDataAt: EpochMillis,
    createdAt: EpochMillis,
    /** Present only for an option order (see OptionOrderV1). */
    option: OptionOrderV1.optional(),
    /** Present only for a multi-leg option order (see MultiLegOrderV1); never together with `option`. */
    multiLeg: MultiLegOrderV1.optional(),
    /**
     * Present only on an order that closes (part of) a position: an exit rule's exit or the kill switch's
     * flatten. A claim, not a privilege: the kill switch lets it through only while it is strictly
     * reduce-only against the position at verification and at execution (see killSwitchCheck).
     */
    exit: ExitTagV1.optional(),
  })
  .refine((i) => (i.orderType === 'limit') === (i.limitPrice !== undefined), {
    message: 'limitPrice is required for limit orders and forbidden for market orders',
    path: ['limitPrice'],
  })
  .refine((i) => i.option === undefined || i.multiLeg === undefined, { message: 'an intent is a single option or a multi-leg order, not both', path: ['multiLeg'] });
export type OrderIntentV1 = z.infer<typeof OrderIntentV1>;

/** One pre-trade check's verdict, with what it measured and the limit it applied. */
export const CheckResultV1 = z.object({
  checkId: z.string().min(1).max(64),
  passed: z.boolean(),
  reason: z.string().max(500),
  measured: z.string().max(64).optional(),
  limit: z.string().max(64).optional(),
});
export type CheckResultV1 = z.infer<typeof CheckResultV1>;

/** An intent that passed every check: the body of an `orders` message. */
export const ApprovedOrderV1 = z.object({
  schema: z.literal('ApprovedOrderV1'),
  intent: OrderIntentV1,
  /** Deterministic id sent to the broker; one intent can only ever become one broker order. */
  clientOrderId: z.string().min(1).max(128),
  policyVersion: z.number().int().nonnegative(),
  approvedAt: EpochMillis,
});
export type ApprovedOrderV1 = z.infer<typeof ApprovedOrderV1>;

export const OrderRejectedV1 = z.object({
  schema: z.literal('OrderRejectedV1'),
  intentId: Identifier,
  accountId: AccountId,
  strategyId: Identifier,
  symbol: Ticker,
  /** Where the rejection happened: pre-trade verification, or the broker refusing the order. */
  stage: z.enum(['verify', 'broker']),
  policyVersion: z.number().int().nonnegative(),
  failedChecks: z.array(CheckResultV1).min(1),
  rejectedAt: EpochMillis,
});
export type OrderRejectedV1 = z.infer<typeof OrderRejectedV1>;

export const BrokerOrderStatus = z.enum([
  'new',
  'accepted',
  'pending_new',
  'partially_filled',
  'filled',
  'done_for_day',
  'canceled',
  'expired',
  'replaced',
  'pending_cancel',
  'pending_replace',
  'rejected',
  'suspended',
  'stopped',
  'calculated',
  'accepted_for_bidding',
  'held',
]);
export type BrokerOrderStatus = z.infer<typeof BrokerOrderStatus>;

export const OrderSubmittedV1 = z.object({
  schema: z.literal('OrderSubmittedV1'),
  intentId: Identifier,
  clientOrderId: z.string().min(1).max(128),
  brokerOrderId: z.string().min(1),
  accountId: AccountId,
  symbol: Ticker,
  side: OrderSide,
  quantity: PositiveDecimalString,
  status: BrokerOrderStatus,
  submittedAt: EpochMillis,
  /** A multi-leg order's legs (symbol above is then the underlying). Absent for single-instrument orders. */
  legs: z.array(z.object({ contractSymbol: OptionOrderV1.shape.contractSymbol, ratio: z.number().int().positive(), side: OrderSide }).strict()).max(4).optional(),
});
export type OrderSubmittedV1 = z.infer<typeof OrderSubmittedV1>;

/** A broker-side change seen by reconcile (fills, cancels, expiries). */
export const OrderUpdatedV1 = z.object({
  schema: z.literal('OrderUpdatedV1'),
  intentId: Identifier,
  clientOrderId: z.string().min(1).max(128),
  brokerOrderId: z.string().min(1),
  accountId: AccountId,
  symbol: Ticker,
  side: OrderSide,
  status: BrokerOrderStatus,
  filledQuantity: DecimalString,
  filledAveragePrice: DecimalString.optional(),
  updatedAt: EpochMillis,
});
export type OrderUpdatedV1 = z.infer<typeof OrderUpdatedV1>;

export const KillSwitchChangedV1 = z.object({
  schema: z.literal('KillSwitchChangedV1'),
  accountId: AccountId,
  engaged: z.boolean(),
  reason: z.string().min(3).max(500),
  actor: z.string().min(1).max(256),
  changedAt: EpochMillis,
});
export type KillSwitchChangedV1 = z.infer<typeof KillSwitchChangedV1>;

export const MarketRoutine = z.enum(['pre-market', 'open', 'intraday', 'close', 'nightly']);
export type MarketRoutine = z.infer<typeof MarketRoutine>;

/** Input of a scheduled invocation of market-calendar (set by the schedule). */
export const ScheduledRoutineV1 = z.object({
  schema: z.literal('ScheduledRoutineV1'),
  routine: MarketRoutine,
});
export type ScheduledRoutineV1 = z.infer<typeof ScheduledRoutineV1>;

/** Published by market-calendar when a routine runs on an open market day. */
export const RoutineStartedV1 = z.object({
  schema: z.literal('RoutineStartedV1'),
  routine: MarketRoutine,
  /** The NYSE session date, YYYY-MM-DD in America/New_York. */
  sessionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The time the routine is for (the schedule's time), UTC epoch ms. */
  at: EpochMillis,
});
export type RoutineStartedV1 = z.infer<typeof RoutineStartedV1>;

/** A message that could not be processed, parked in a dead-letter queue with the reason. */
export const DeadLetterV1 = z.object({
  schema: z.literal('DeadLetterV1'),
  source: z.string().min(1),
  reason: z.string().min(1),
  errorClass: z.enum(['validation', 'terminal', 'retries-exhausted']),
  originalBody: z.string(),
  failedAt: EpochMillis,
});
export type DeadLetterV1 = z.infer<typeof DeadLetterV1>;

/**
 * The market regime of one symbol changed (layers/core/regime): the ensemble of a Gaussian HMM's forward
 * filter (no future data) and the trend/volatility quadrant rules. `label` is the new regime, `previousLabel`
 * the one it replaces (null for the first regime recorded). Probabilities are over the four labels.
 */
export const RegimeChangedV1 = z.object({
  schema: z.literal('RegimeChangedV1'),
  /** Deterministic: `symbol:asOf` (one regime per symbol and session); consumers de-duplicate redeliveries on it. */
  eventId: Identifier,
  symbol: Ticker,
  timeframe: z.literal('1Day'),
  label: z.enum(['bull-quiet', 'bull-volatile', 'bear-quiet', 'bear-volatile']),
  previousLabel: z.enum(['bull-quiet', 'bull-volatile', 'bear-quiet', 'bear-volatile']).nullable(),
  /** 0..1: the ensemble probability of `label`. */
  confidence: z.number().min(0).max(1),
  probabilities: z.object({ 'bull-quiet': z.number().min(0).max(1), 'bull-volatile': z.number().min(0).max(1), 'bear-quiet': z.number().min(0).max(1), 'bear-volatile': z.number().min(0).max(1) }),
  /** The HMM's most probable filtered state (0 = calmest) and the rules' quadrant (null before their warm-up). */
  hmmState: z.number().int().nonnegative().nullable(),
  ruleLabel: z.enum(['bull-quiet', 'bull-volatile', 'bear-quiet', 'bear-volatile']).nullable(),
  /** The session date of the bar the regime was computed on (YYYY-MM-DD). */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The fitted model's id (deterministic from its parameters and training window). */
  modelId: Identifier,
  detectedAt: EpochMillis,
});
export type RegimeChangedV1 = z.infer<typeof RegimeChangedV1>;

/** A number that may be unbounded or undefined in an analysis (null then). */
const AnalysisNumber = z.number().finite().nullable();

/**
 * The options correlator's proposal for one stock signal: the decision (inputs, table row, reason), the
 * structure with its legs as chosen from the chain, its analysis (describeStrategy) and size, and the order
 * intent it would submit. `submitted` says whether that intent was enqueued (the auto-submit flag).
 */
export const OptionsStrategyProposedV1 = z.object({
  schema: z.literal('OptionsStrategyProposedV1'),
  /** Deterministic: signal id + structure (the intent id of the proposal's order). */
  proposalId: Identifier,
  accountId: AccountId,
  signalId: Identifier,
  strategyId: Identifier,
  symbol: Ticker,
  decision: z.object({
    direction: SignalDirection,
    strength: z.number().min(0).max(1),
    view: z.string().max(32),
    ivBucket: z.enum(['low', 'mid', 'high', 'unknown']),
    ivRank: z.number().min(0).max(1).optional(),
    /** The table row, as `view × iv[ × regime]`. */
    row: z.string().max(128),
    reason: z.string().max(1000),
  }),
  structure: z.string().regex(/^[a-z][a-z-]{1,63}$/),
  /** Units of the structure (contracts per ratio-1 leg). */
  quantity: z.number().int().positive(),
  expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  daysToExpiry: z.number().int().nonnegative(),
  underlyingPrice: PositiveDecimalString,
  legs: z
    .array(
      z.object({
        contractSymbol: OptionOrderV1.shape.contractSymbol,
        right: z.enum(['call', 'put']),
        strike: PositiveDecimalString,
        ratio: z.number().int().positive(),
        side: OrderSide,
        positionIntent: PositionIntent,
        bid: PositiveDecimalString,
        ask: PositiveDecimalString,
        iv: z.number().positive().optional(),
        delta: z.number().min(-1).max(1).optional(),
        openInterest: z.number().int().nonnegative().optional(),
      }),
    )
    .min(1)
    .max(4),
  /** Per share of one unit: + debit, − credit. */
  netMid: DecimalString,
  /** The limit the order carries (per share of one unit, + debit, − credit). */
  limitPrice: DecimalString,
  summary: z.object({
    entryCost: z.number().finite(),
    maxProfit: AnalysisNumber,
    maxLoss: AnalysisNumber,
    breakevens: z.array(z.number().finite()).max(8),
    probabilityOfProfit: z.number().min(0).max(1),
    greeks: z.object({ delta: AnalysisNumber, gamma: AnalysisNumber, vega: AnalysisNumber, thetaPerDay: AnalysisNumber }),
    marginRequirement: z.number().finite().nonnegative(),
  }),
  sizing: z.object({ equity: DecimalString, riskFraction: z.number().positive().max(1), budget: DecimalString, maxLossPerUnit: DecimalString, reason: z.string().max(300) }),
  intent: OrderIntentV1,
  submitted: z.boolean(),
  proposedAt: EpochMillis,
  /** When the chain snapshot the proposal was built from was taken. */
  marketDataAt: EpochMillis,
  /**
   * Why it was proposed: absent or `signal` for the correlator's proposals on a stock signal; `protection` for a
   * protective put or collar on a held long stock position (then `protection` says what it protects and how).
   */
  purpose: z.enum(['signal', 'protection']).optional(),
  protection: z
    .object({
      /** What asked for it: an operator request, a position's unrealised loss or the book's VaR over the policy's threshold. */
      trigger: z.enum(['request', 'unrealised-loss', 'var-limit']),
      shares: z.number().int().positive(),
      coveredShares: z.number().int().nonnegative(),
      costBasis: DecimalString,
      /** Per share: the put strike and (collar) the call strike. */
      floor: PositiveDecimalString,
      cap: PositiveDecimalString.nullable(),
      /** USD for the covered shares, at the natural: + debit, − credit. */
      netPremium: DecimalString,
      /** USD at expiry for the covered shares against the cost basis (≤ 0: a gain is locked in) and against today's price. */
      maxLoss: DecimalString,
      maxLossFromCurrent: DecimalString,
      maxProfit: DecimalString.nullable(),
      breakeven: DecimalString,
    })
    .optional(),
});
export type OptionsStrategyProposedV1 = z.infer<typeof OptionsStrategyProposedV1>;

/** Registry id of a model: "SYMBOL#family" (layers/core/ml/lifecycle modelIdOf). */
const ModelId = z.string().regex(/^[A-Z][A-Z0-9.]{0,9}#[a-z][a-z0-9-]{0,63}$/, 'expected SYMBOL#family');
/** Content-addressed artefact version: v-<trainedThrough>-<12 hex>. */
const ModelVersion = z.string().regex(/^v-\d{4}-\d{2}-\d{2}-[0-9a-f]{12}$/);
const SessionDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * The ensemble-training job trained and registered a model version (or found it registered: a retried
 * or repeated run publishes again with `registered: "exists"`). Hit rates are the calibrated forecast's
 * and the always-up baseline's on the untouched hold-out (null when not measurable).
 */
export const ModelTrainedV1 = z.object({
  schema: z.literal('ModelTrainedV1'),
  /** Deterministic: `modelId:version` (the same version trained twice is one event to consumers). */
  eventId: z.string().min(1).max(128),
  modelId: ModelId,
  symbol: Ticker,
  version: ModelVersion,
  registered: z.enum(['registered', 'exists']),
  trainedThrough: SessionDate,
  holdoutHitRate: z.number().min(0).max(1).nullable(),
  baselineHitRate: z.number().min(0).max(1).nullable(),
  trainedAt: EpochMillis,
});
export type ModelTrainedV1 = z.infer<typeof ModelTrainedV1>;

/**
 * A challenger became champion (exact one-sided McNemar test against the incumbent on rows neither
 * trained on). The signal engine picks the new champion up through its pointer cache, without a redeploy.
 */
export const ModelPromotedV1 = z.object({
  schema: z.literal('ModelPromotedV1'),
  /** Deterministic: `modelId:version`; a version is promoted at most once. */
  eventId: z.string().min(1).max(128),
  modelId: ModelId,
  symbol: Ticker,
  version: ModelVersion,
  /** The champion it replaces (null: there was none, it beat always-up). */
  previousChampion: ModelVersion.nullable(),
  reason: z.string().max(1000),
  /** The promotion test's p-value (null when the test was not run). */
  pValue: z.number().min(0).max(1).nullable(),
  decidedAt: EpochMillis,
});
export type ModelPromotedV1 = z.infer<typeof ModelPromotedV1>;

/**
 * The champion drifted (PSI of features, KS of predictions, binomial test of the live hit rate; the
 * reasons say which). An EventBridge rule answers it with a Batch retraining job for the symbol.
 */
export const DriftDetectedV1 = z.object({
  schema: z.literal('DriftDetectedV1'),
  /** Deterministic: `modelId:championVersion:asOf` (one per champion and session). */
  eventId: z.string().min(1).max(160),
  modelId: ModelId,
  symbol: Ticker,
  championVersion: ModelVersion,
  /** The session the drift was measured through. */
  asOf: SessionDate,
  reasons: z.array(z.string().max(500)).min(1).max(100),
  maxPsi: z.number().nonnegative(),
  /** Live hit rate of the champion (null when too few live rows). */
  liveHitRate: z.number().min(0).max(1).nullable(),
  detectedAt: EpochMillis,
});
export type DriftDetectedV1 = z.infer<typeof DriftDetectedV1>;
