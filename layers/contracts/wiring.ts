import type { DetailType } from './catalogue';
import { EVENT_CATALOGUE } from './catalogue';
import type { MarketRoutine, ScheduledRoutineV1 } from './events';

/**
 * The one definition of how tradeloop is wired: functions, queues, event rules and schedules.
 * The CDK app builds AWS resources from it and the local runtime (`npm start`) builds its
 * in-process bus, queue pollers and scheduler from it, so the two cannot drift apart.
 * Plain data only: no aws-cdk-lib here, the local runtime must not load CDK.
 */

export const EVENT_BUS_NAME = 'tradeloop';

export type FunctionName =
  | 'market-calendar'
  | 'market-events'
  | 'signal-engine'
  | 'verify-trade'
  | 'execute-order'
  | 'reconcile'
  | 'control-api'
  | 'options-correlator'
  | 'regime-detector'
  | 'risk-report'
  | 'strategy-selector';

export interface FunctionSpec {
  /** Path of the handler module from the project root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Limits concurrent executions where ordering or broker rate limits matter (undefined: unreserved). */
  readonly reservedConcurrency?: number;
  /** Retries of asynchronous (EventBridge) invocations before the event goes to the function's DLQ. */
  readonly asyncRetries: number;
}

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  'market-calendar': {
    entry: 'functions/market-calendar/handler.ts',
    description: 'Runs the market-day routines on NYSE trading days and announces them (routine.started)',
    memoryMb: 256,
    timeoutSeconds: 30,
    asyncRetries: 2,
  },
  'market-events': {
    entry: 'functions/market-events/handler.ts',
    description: 'Fetches the latest closed minute bars for the watchlist, enqueues them for the signal engine and publishes bar.closed',
    memoryMb: 512,
    timeoutSeconds: 50,
    reservedConcurrency: 1,
    asyncRetries: 2,
  },
  'signal-engine': {
    entry: 'functions/signal-engine/handler.ts',
    description: 'Runs strategies on each closed bar (bars queue, in order per symbol), publishes signal.generated and enqueues sized order intents',
    memoryMb: 512,
    timeoutSeconds: 30,
    asyncRetries: 2,
  },
  'verify-trade': {
    entry: 'functions/verify-trade/handler.ts',
    description: 'Pre-trade verification of order intents; approved orders go to the orders queue, rejections are audited',
    memoryMb: 512,
    timeoutSeconds: 30,
    asyncRetries: 0,
  },
  'execute-order': {
    entry: 'functions/execute-order/handler.ts',
    description: 'Submits approved orders to the broker exactly once per intent (deterministic client order id + conditional write)',
    memoryMb: 512,
    timeoutSeconds: 30,
    asyncRetries: 0,
  },
  reconcile: {
    entry: 'functions/reconcile/handler.ts',
    description: 'Reads orders, fills, positions and the account from the broker and brings the store in line',
    memoryMb: 512,
    timeoutSeconds: 60,
    reservedConcurrency: 1,
    asyncRetries: 2,
  },
  'control-api': {
    entry: 'functions/control-api/handler.ts',
    description: 'Control API: status, positions, orders, limits, kill switch, strategies',
    memoryMb: 512,
    timeoutSeconds: 15,
    asyncRetries: 0,
  },
  'options-correlator': {
    entry: 'functions/options-correlator/handler.ts',
    description: 'Maps each stock signal and the IV rank to an option structure from the live chain and publishes options.strategy.proposed (enqueues the intent only when auto-submit is on)',
    memoryMb: 1024,
    timeoutSeconds: 30,
    asyncRetries: 2,
  },
  'regime-detector': {
    entry: 'functions/regime-detector/handler.ts',
    description: 'Nightly and pre-market: refits the regime model on ~3 years of daily bars per watchlist symbol, records the current regime and publishes regime.changed',
    // The HMM fit is CPU-bound (about 1 s per symbol with 10 restarts): 1769 MB is one full vCPU.
    memoryMb: 1769,
    timeoutSeconds: 300,
    reservedConcurrency: 1,
    asyncRetries: 2,
  },
  'strategy-selector': {
    entry: 'functions/strategy-selector/handler.ts',
    description: 'Pre-market: chooses the registry strategies the signal engine runs today (regime, out-of-sample Sharpe, live hit rate), demotes live strategies whose hit rate fell, stores the active set',
    memoryMb: 512,
    timeoutSeconds: 60,
    // One selection at a time: two concurrent runs would race on the registry transitions and the set's version.
    reservedConcurrency: 1,
    asyncRetries: 2,
  },
  'risk-report': {
    entry: 'functions/risk-report/handler.ts',
    description: 'At the close and nightly: 1-day VaR/CVaR 95/99 (historical and Gaussian), component VaR and stress results of the current book, stored per account and date and published as CloudWatch metrics',
    memoryMb: 512,
    timeoutSeconds: 60,
    reservedConcurrency: 1,
    asyncRetries: 2,
  },
};

export type QueueName = 'bars' | 'order-intents' | 'orders';

export interface QueueSpec {
  readonly fifo: true;
  readonly consumer: FunctionName;
  /** What the message group is: ordering holds within a group, groups are processed in parallel. */
  readonly messageGroup: 'account' | 'symbol';
  /** Seconds a received message stays invisible; at least 6 × the consumer's timeout as AWS advises. */
  readonly visibilityTimeoutSeconds: number;
  /** Deliveries before SQS moves a message to the DLQ. */
  readonly maxReceiveCount: number;
  readonly batchSize: number;
}

/**
 * FIFO queues. `bars`: closed bars for the signal engine, one group per symbol so each symbol's bars
 * are applied in time order (EventBridge delivers asynchronously and in no order, and a streaming
 * strategy that sees 09:05 before 09:04 must drop one of them); dedup id = symbol + bar start.
 * `order-intents` and `orders`: one group per account, dedup id = intent id.
 */
export const QUEUES: Readonly<Record<QueueName, QueueSpec>> = {
  bars: { fifo: true, consumer: 'signal-engine', messageGroup: 'symbol', visibilityTimeoutSeconds: 180, maxReceiveCount: 5, batchSize: 10 },
  'order-intents': {
    fifo: true,
    consumer: 'verify-trade',
    messageGroup: 'account',
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    batchSize: 10,
  },
  orders: { fifo: true, consumer: 'execute-order', messageGroup: 'account', visibilityTimeoutSeconds: 180, maxReceiveCount: 5, batchSize: 10 },
};

/** An EventBridge event pattern (the subset tradeloop uses: exact values, prefix and anything-but). */
export type EventPattern = Readonly<Record<string, unknown>>;

export interface RuleSpec {
  readonly name: string;
  readonly description: string;
  readonly eventPattern: EventPattern;
  readonly target: FunctionName;
}

function patternFor(detailType: DetailType, detail?: Readonly<Record<string, unknown>>): EventPattern {
  return {
    source: [EVENT_CATALOGUE[detailType].source],
    'detail-type': [detailType],
    ...(detail ? { detail } : {}),
  };
}

export const RULES: readonly RuleSpec[] = [
  {
    name: 'intraday-fetches-bars',
    description: 'Each session minute, fetch the bars that just closed',
    eventPattern: patternFor('routine.started', { routine: ['intraday'] }),
    target: 'market-events',
  },
  {
    name: 'order-submitted-reconciles',
    description: 'A submitted order is reconciled against the broker (fills, positions)',
    eventPattern: patternFor('order.submitted'),
    target: 'reconcile',
  },
  {
    name: 'intraday-reconciles',
    description: 'Each session minute, pick up fills and position changes from the broker',
    eventPattern: patternFor('routine.started', { routine: ['intraday'] }),
    target: 'reconcile',
  },
  {
    name: 'signal-generated-correlates-options',
    description: 'Each stock signal is offered to the options correlator (structure from the live chain and the IV rank)',
    eventPattern: patternFor('signal.generated'),
    target: 'options-correlator',
  },
  {
    name: 'routines-detect-regimes',
    description: 'After the close (nightly) and before the open (pre-market, catching a missed nightly), the current regime of each watchlist symbol',
    eventPattern: patternFor('routine.started', { routine: ['nightly', 'pre-market'] }),
    target: 'regime-detector',
  },
  {
    name: 'routines-report-risk',
    description: 'At the close and nightly, the risk report of the current book (VaR/CVaR, component VaR, stress), stored and published as metrics',
    eventPattern: patternFor('routine.started', { routine: ['close', 'nightly'] }),
    target: 'risk-report',
  },
  {
    name: 'pre-market-selects-strategies',
    description: 'Before the open, the active strategy set for the session (and automatic hit-rate demotions)',
    eventPattern: patternFor('routine.started', { routine: ['pre-market'] }),
    target: 'strategy-selector',
  },
  {
    name: 'routines-reconcile',
    description: 'Pre-market, open and close rebuild state from broker truth',
    eventPattern: patternFor('routine.started', { routine: ['pre-market', 'open', 'close'] }),
    target: 'reconcile',
  },
];

export interface ScheduleSpec {
  readonly name: string;
  readonly routine: MarketRoutine;
  /** EventBridge Scheduler cron expression, evaluated in `timezone`. */
  readonly cron: string;
  readonly timezone: 'America/New_York';
  readonly target: FunctionName;
}

/** Market-day routines in New York time; market-calendar skips closed days and minutes outside the session. */
export const SCHEDULES: readonly ScheduleSpec[] = [
  { name: 'pre-market', routine: 'pre-market', cron: 'cron(0 9 ? * MON-FRI *)', timezone: 'America/New_York', target: 'market-calendar' },
  { name: 'open', routine: 'open', cron: 'cron(30 9 ? * MON-FRI *)', timezone: 'America/New_York', target: 'market-calendar' },
  { name: 'intraday', routine: 'intraday', cron: 'cron(* 9-16 ? * MON-FRI *)', timezone: 'America/New_York', target: 'market-calendar' },
  { name: 'close', routine: 'close', cron: 'cron(5 16 ? * MON-FRI *)', timezone: 'America/New_York', target: 'market-calendar' },
  { name: 'nightly', routine: 'nightly', cron: 'cron(0 20 ? * MON-FRI *)', timezone: 'America/New_York', target: 'market-calendar' },
];

/** The input a schedule passes to its target (the JSON is the Lambda event): the routine to run. CDK and the local scheduler both use it. */
export function scheduledRoutineInput(spec: ScheduleSpec): ScheduledRoutineV1 {
  return { schema: 'ScheduledRoutineV1', routine: spec.routine };
}

/** DynamoDB tables; the key schema is part of the wiring because both CDK and the local runtime create them. */
export type TableName =
  | 'orders'
  | 'positions'
  | 'signals'
  | 'risk-audit'
  | 'strategies'
  | 'models'
  | 'limits'
  | 'idempotency'
  | 'strategy-state'
  | 'backtest-runs';

export interface TableSpec {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly ttlAttribute?: string;
  readonly globalIndexes?: readonly { readonly name: string; readonly partitionKey: string; readonly sortKey?: string }[];
  /** Access patterns, documented where the table is declared. */
  readonly accessPatterns: readonly string[];
}

export const TABLES: Readonly<Record<TableName, TableSpec>> = {
  orders: {
    partitionKey: 'clientOrderId',
    globalIndexes: [{ name: 'byAccount', partitionKey: 'accountId', sortKey: 'createdAt' }],
    accessPatterns: [
      'claim an order for an intent: conditional put on clientOrderId (attribute_not_exists) before calling the broker',
      'get an order by client order id',
      'list an account\'s orders by time (GSI byAccount)',
    ],
  },
  positions: {
    partitionKey: 'accountId',
    sortKey: 'symbol',
    accessPatterns: ['list an account\'s positions', 'get one position', 'replace from broker truth on reconcile'],
  },
  signals: {
    partitionKey: 'signalId',
    ttlAttribute: 'expiresAt',
    globalIndexes: [{ name: 'byStrategy', partitionKey: 'strategyId', sortKey: 'generatedAt' }],
    accessPatterns: ['put a signal once (conditional)', 'recent signals per strategy (GSI byStrategy); expire after the TTL'],
  },
  'risk-audit': {
    partitionKey: 'intentId',
    sortKey: 'decidedAt',
    globalIndexes: [{ name: 'byAccount', partitionKey: 'accountId', sortKey: 'decidedAt' }],
    accessPatterns: ['every pre-trade decision with each check result and the policy version', 'an account\'s decisions by time'],
  },
  strategies: {
    partitionKey: 'strategyId',
    accessPatterns: [
      'registry of strategies with state (candidate, paper, live, retired) and parameters: one item per strategy, the entry and its transition history with evidence as JSON (entryJson)',
      'create a candidate once (attribute_not_exists); every transition a put conditioned on the version read (version = :expected)',
      'list the registry (Scan: tens of entries; GET /registry; strategy-selector before the open, which also applies automatic live → paper demotions as version-conditioned transitions)',
    ],
  },
  models: {
    partitionKey: 'modelId',
    sortKey: 'version',
    accessPatterns: [
      'modelId = "SYMBOL#family"; register an artefact version once (version = "v-<date>-<hash>", conditional put, manifest JSON)',
      'champion and challenger pointers (version = "#pointers"), each write conditioned on the revision read',
      'every promotion decision with its evidence (version = "decision#<at>#<challenger>", conditional put); list them (query begins_with)',
      'live forecasts of champion and shadow challenger from the signal engine (version = "prediction#<model version>#<session date>", conditional put once); a version\'s forecasts in date order (query begins_with)',
    ],
  },
  limits: {
    partitionKey: 'accountId',
    sortKey: 'item',
    accessPatterns: [
      'kill switch per account (item = "kill-switch"), read consistently on every order path',
      'current risk policy (item = "policy#current") and each version (item = "policy#v000042")',
    ],
  },
  idempotency: {
    partitionKey: 'id',
    ttlAttribute: 'expiresAt',
    accessPatterns: ['record that a message or event was processed (conditional put); expire after the TTL'],
  },
  'strategy-state': {
    partitionKey: 'strategyId',
    sortKey: 'symbol',
    accessPatterns: [
      'a streaming strategy\'s state per symbol, written with an optimistic version condition',
      'current market regime per symbol (strategyId = "current-regime"): put conditional on a later asOf session date; read by the options correlator and the strategy selector',
      'the active strategy set (strategyId = "active-strategy-set", symbol = "current"): written by strategy-selector before the open (version-conditioned put), read by signal-engine through a 60 s per-container cache',
      'live outcome ledger per strategy (strategyId = "signal-outcomes", symbol = the scored strategy\'s id): the last 250 scored calls, appended by signal-engine (version-conditioned, de-duplicated by signal id), read by strategy-selector for the hit-rate demotion test',
      'daily risk report per account (strategyId = "risk-report#<accountId>", symbol = session date YYYY-MM-DD): written by risk-report at the close and nightly (the later run of a session overwrites, version-conditioned); get one by date',
      'latest risk report of an account: query strategyId = "risk-report#<accountId>", newest sort key first (GET /risk/report, the dashboard); POST /risk/report writes the same item as the scheduled runs',
      'kill-switch flatten record per request (strategyId = "kill-switch-flatten#<accountId>", symbol = request time ISO): who, why, orders canceled, intents sent',
      'exit tracking per account and symbol (strategyId = "risk#exit#<accountId>"): position, entry source, fired exit and its attempts',
    ],
  },
  'backtest-runs': {
    partitionKey: 'runId',
    accessPatterns: [
      'claim a backtest run id (derived from the idempotency key or the spec hash) with a conditional put, so a retried POST /backtests launches once',
      'get a run by id (GET /backtests/{id}); the sweep job moves it queued → running → succeeded | failed with conditional updates',
      'strategy-discovery runs under "dr-" ids: claimed by POST /discovery the same way, read by GET /discovery/{id}, moved by the discovery job\'s coordinator steps',
    ],
  },
};

/** S3 buckets: logical names; CDK and the local runtime derive physical names. */
export const BUCKETS = ['data-lake', 'models', 'results'] as const;
export type BucketName = (typeof BUCKETS)[number];

/** Physical names: one prefix per deployment (stack name in AWS, a per-run prefix locally). */
export const physicalName = {
  table: (prefix: string, table: TableName): string => `${prefix}${table}`,
  queue: (prefix: string, queue: QueueName): string => `${prefix}${queue}.fifo`,
  deadLetterQueue: (prefix: string, queue: QueueName): string => `${prefix}${queue}-dlq.fifo`,
  bucket: (prefix: string, bucket: BucketName): string => `${prefix}${bucket}`.toLowerCase(),
};

/**
 * Key attributes (table and index keys) stored as DynamoDB numbers (epoch milliseconds, so time
 * ranges sort numerically); every other key attribute is a string. CDK and the local provisioner
 * must both read this one set.
 */
export const NUMBER_KEY_ATTRIBUTES: ReadonlySet<string> = new Set(['createdAt', 'decidedAt', 'generatedAt']);
