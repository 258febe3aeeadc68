import { SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { z } from 'zod';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { BacktestApiEnvV1 } from '../../layers/contracts/config';
import { BACKTESTS_PREFIX } from '../../layers/core/sweep/layout';
import { DISCOVERY_PREFIX } from '../../layers/core/discovery/runs';
import {
  EVENT_BUS_NAME,
  FUNCTIONS,
  QUEUES,
  RULES,
  SCHEDULES,
  type FunctionName,
  type FunctionSpec,
  type QueueName,
  type TableName,
} from '../../layers/contracts/wiring';
import { ControlApi } from '../constructs/control-api';
import { EventRouting } from '../constructs/event-routing';
import { GpuBatchJobs } from '../constructs/gpu-batch-jobs';
import { MarketSchedules } from '../constructs/market-schedules';
import { ModelRetraining } from '../constructs/model-retraining';
import { OrderQueues, failureQueue } from '../constructs/order-queues';
import { TradingBuckets } from '../constructs/trading-buckets';
import { TradingFunction, type FunctionEnvironment } from '../constructs/trading-function';
import { TradingObservability } from '../constructs/trading-observability';
import { TradingTables } from '../constructs/trading-tables';

/** What a function may do with a table: read, or read and write. */
export type TableAccess = 'read' | 'readWrite';

/** Least-privilege permissions of one function; everything not listed is denied. */
export interface FunctionPermissions {
  readonly tables: Partial<Readonly<Record<TableName, TableAccess>>>;
  /** Queues the function sends to (consumption is granted by its event source). */
  readonly sendsTo: readonly QueueName[];
  /** Queues whose DLQ the function parks unprocessable messages in (it consumes those queues). */
  readonly parksIn: readonly QueueName[];
  /** Publishes to the event bus. */
  readonly publishesEvents: boolean;
  /** Reads the Alpaca keys (talks to the broker or its market data). */
  readonly readsAlpacaKeys: boolean;
}

/**
 * Who may touch what. Only functions that talk to Alpaca read its keys; only signal-engine (and the
 * options correlator, when auto-submit is on) enqueue intents and only verify-trade enqueues orders; the order and audit tables are written by the
 * stage that owns them.
 */
export const FUNCTION_PERMISSIONS: Readonly<Record<FunctionName, FunctionPermissions>> = {
  'market-calendar': {
    tables: { idempotency: 'readWrite' },
    sendsTo: [],
    parksIn: [],
    publishesEvents: true,
    readsAlpacaKeys: true, // the broker clock when TRADELOOP_CLOCK=broker
  },
  'market-events': {
    tables: { 'strategy-state': 'readWrite', idempotency: 'readWrite' }, // per-symbol watermarks
    sendsTo: ['bars'],
    parksIn: [],
    publishesEvents: true,
    readsAlpacaKeys: true, // Alpaca market data
  },
  'signal-engine': {
    tables: {
      signals: 'readWrite',
      'strategy-state': 'readWrite',
      strategies: 'read',
      models: 'readWrite', // champion/challenger pointers; writes its forecasts (prediction#… items, put once)
      positions: 'read',
      limits: 'read',
      idempotency: 'readWrite',
    },
    sendsTo: ['order-intents'],
    parksIn: ['bars'],
    publishesEvents: true,
    readsAlpacaKeys: true, // account equity and positions for sizing
  },
  'verify-trade': {
    // strategy-state: the account risk state (equity peak) reconcile keeps for the drawdown check
    tables: { 'risk-audit': 'readWrite', limits: 'read', positions: 'read', orders: 'read', 'strategy-state': 'read', idempotency: 'readWrite' },
    sendsTo: ['orders'],
    parksIn: ['order-intents'],
    publishesEvents: true,
    readsAlpacaKeys: true, // account buying power for the pre-trade checks
  },
  'execute-order': {
    tables: { orders: 'readWrite', limits: 'read', idempotency: 'readWrite' },
    sendsTo: [],
    parksIn: ['orders'],
    publishesEvents: true,
    readsAlpacaKeys: true,
  },
  reconcile: {
    // limits readWrite: engages the kill switch automatically on a daily-loss or drawdown breach (never releases it)
    tables: { orders: 'readWrite', positions: 'readWrite', 'strategy-state': 'readWrite', limits: 'readWrite', idempotency: 'readWrite' },
    sendsTo: [],
    parksIn: [],
    publishesEvents: true,
    readsAlpacaKeys: true,
  },
  'control-api': {
    tables: {
      limits: 'readWrite',
      strategies: 'readWrite',
      positions: 'read',
      orders: 'read',
      'risk-audit': 'read',
      models: 'read',
      'backtest-runs': 'readWrite', // POST /backtests claims runs, GET marks crashed ones failed
      'strategy-state': 'readWrite', // GET /risk/report reads the stored reports, POST /risk/report stores one
    },
    sendsTo: ['order-intents'], // POST /kill-switch with flatten: the closing intents go through verify-trade
    parksIn: [],
    publishesEvents: true, // kill-switch.changed
    readsAlpacaKeys: true, // account and market clock for GET /status
  },
  'options-correlator': {
    // strategy-state: the daily ATM IV series per underlying (IV rank)
    tables: { 'strategy-state': 'readWrite' },
    // order-intents: only used when TRADELOOP_OPTIONS_AUTO_SUBMIT is true (the intent then meets verify-trade)
    sendsTo: ['order-intents'],
    parksIn: [],
    publishesEvents: true, // options.strategy.proposed
    readsAlpacaKeys: true, // option chain, underlying price, account equity and positions
  },
  'regime-detector': {
    // strategy-state: the current regime per symbol (items under strategyId "current-regime")
    tables: { 'strategy-state': 'readWrite' },
    sendsTo: [],
    parksIn: [],
    publishesEvents: true, // regime.changed
    readsAlpacaKeys: true, // daily bars (Alpaca market data)
  },
  'strategy-selector': {
    // strategies: reads the registry and applies automatic live → paper demotions; strategy-state: reads the current
    // regimes and the live outcome ledgers, writes the active set (items "active-strategy-set", "signal-outcomes")
    tables: { strategies: 'readWrite', 'strategy-state': 'readWrite' },
    sendsTo: [],
    parksIn: [],
    publishesEvents: false,
    readsAlpacaKeys: false, // times come from the routine event
  },
  'risk-report': {
    // strategy-state: the daily risk report per account (items under strategyId "risk-report#<accountId>"); limits: the post-trade VaR limit
    tables: { 'strategy-state': 'readWrite', limits: 'read' },
    sendsTo: [],
    parksIn: [],
    publishesEvents: false, // metrics only (CloudWatch through the log, EMF)
    readsAlpacaKeys: true, // positions and equity, daily bars
  },
};

export interface TradeloopStackProps extends StackProps {
  /** Repository root (handler entries, lock file, Docker build context). */
  readonly projectRoot: string;
  /** The trading account this deployment trades (TRADELOOP_ACCOUNT_ID, a metric dimension). */
  readonly accountId?: string;
  /** Symbols the market-events function fetches bars for. */
  readonly watchlist?: readonly string[];
  /** Alpaca endpoints; paper trading unless overridden. */
  readonly alpacaTradingUrl?: string;
  readonly alpacaDataUrl?: string;
  readonly marketDataFeed?: 'iex' | 'sip' | 'delayed_sip';
  /** E-mail subscribed to the alarm topic. */
  readonly alarmEmail?: string;
  /** The options correlator enqueues its proposals' intents (default false: it only publishes proposals). */
  readonly optionsAutoSubmit?: boolean;
}

/** Defaults that keep an unconfigured deployment harmless: paper trading, IEX data, index ETFs. */
export const STACK_DEFAULTS = {
  accountId: 'paper',
  watchlist: ['SPY', 'QQQ', 'IWM'],
  alpacaTradingUrl: 'https://paper-api.alpaca.markets',
  alpacaDataUrl: 'https://data.alpaca.markets',
  marketDataFeed: 'iex',
} as const;

/**
 * The whole tradeloop deployment, built from the wiring (layers/contracts/wiring.ts): tables,
 * buckets, queues, the event bus and rules, schedules, functions, the control API, GPU Batch jobs,
 * the Alpaca secret and observability. One stack: the pieces reference each other densely and are
 * deployed together; stateful resources are retained on stack deletion (see TradingTables).
 */
export class TradeloopStack extends Stack {
  readonly tables: TradingTables;
  readonly buckets: TradingBuckets;
  readonly queues: OrderQueues;
  readonly functions: Readonly<Record<FunctionName, TradingFunction>>;
  readonly routing: EventRouting;
  readonly schedules: MarketSchedules;
  readonly controlApi: ControlApi;
  readonly batchJobs: GpuBatchJobs;
  /** drift.detected → Batch retraining of the drifted symbol. */
  readonly modelRetraining: ModelRetraining;
  readonly alpacaSecret: secretsmanager.Secret;
  /** Standard queues that receive failed asynchronous deliveries, by name (all alarmed). */
  readonly failureQueues: ReadonlyMap<string, sqs.Queue>;
  readonly observability: TradingObservability;

  constructor(scope: Construct, id: string, props: TradeloopStackProps) {
    super(scope, id, props);
    const prefix = `${this.stackName}-`;
    const accountId = props.accountId ?? STACK_DEFAULTS.accountId;

    this.tables = new TradingTables(this, 'Tables', { prefix });
    this.buckets = new TradingBuckets(this, 'Buckets');
    this.queues = new OrderQueues(this, 'Queues', { prefix });

    this.alpacaSecret = new secretsmanager.Secret(this, 'AlpacaKeys', {
      description: 'Alpaca API keys for tradeloop: the operator fills in keyId and secretKey after the first deploy',
      // An empty placeholder, not a key: real keys never appear in the template or in env vars.
      secretObjectValue: { keyId: SecretValue.unsafePlainText(''), secretKey: SecretValue.unsafePlainText('') },
    });

    // Functions that are asynchronous targets (rules, schedules) get a failure queue each.
    const asyncTargets = new Set<FunctionName>([...RULES.map((r) => r.target), ...SCHEDULES.map((s) => s.target)]);
    const asyncFailureQueues = new Map<FunctionName, sqs.Queue>();
    for (const name of asyncTargets) {
      asyncFailureQueues.set(name, failureQueue(this, `${name}-async-failures`));
    }

    const environment: FunctionEnvironment = {
      TRADELOOP_ACCOUNT_ID: accountId,
      TRADELOOP_EVENT_BUS: EVENT_BUS_NAME,
      TRADELOOP_TABLE_PREFIX: prefix,
      TRADELOOP_BARS_QUEUE_URL: this.queues.queues.bars.queue.queueUrl,
      TRADELOOP_BARS_DLQ_URL: this.queues.queues.bars.deadLetterQueue.queueUrl,
      TRADELOOP_ORDER_INTENTS_QUEUE_URL: this.queues.queues['order-intents'].queue.queueUrl,
      TRADELOOP_ORDER_INTENTS_DLQ_URL: this.queues.queues['order-intents'].deadLetterQueue.queueUrl,
      TRADELOOP_ORDERS_QUEUE_URL: this.queues.queues.orders.queue.queueUrl,
      TRADELOOP_ORDERS_DLQ_URL: this.queues.queues.orders.deadLetterQueue.queueUrl,
      TRADELOOP_WATCHLIST: (props.watchlist ?? STACK_DEFAULTS.watchlist).join(','),
      TRADELOOP_MARKET_DATA_FEED: props.marketDataFeed ?? STACK_DEFAULTS.marketDataFeed,
      TRADELOOP_ALPACA_SECRET_ID: this.alpacaSecret.secretArn,
      TRADELOOP_ALPACA_TRADING_URL: props.alpacaTradingUrl ?? STACK_DEFAULTS.alpacaTradingUrl,
      TRADELOOP_ALPACA_DATA_URL: props.alpacaDataUrl ?? STACK_DEFAULTS.alpacaDataUrl,
      TRADELOOP_CLOCK: 'system',
    };

    const entries = (Object.entries(FUNCTIONS) as [FunctionName, FunctionSpec][]).map(([name, spec]) => {
      const failures = asyncFailureQueues.get(name);
      const fn = new TradingFunction(this, name, {
        name,
        spec,
        environment,
        projectRoot: props.projectRoot,
        ...(failures ? { asyncFailureQueue: failures } : {}),
      });
      return [name, fn] as const;
    });
    this.functions = Object.fromEntries(entries) as Record<FunctionName, TradingFunction>;
    const handlers: Record<FunctionName, lambda.IFunction> = Object.fromEntries(
      entries.map(([name, fn]): [FunctionName, lambda.IFunction] => [name, fn.function]),
    ) as Record<FunctionName, lambda.IFunction>;

    // Queue consumers: partial batch failures, so one bad intent does not redeliver the batch.
    for (const [name, spec] of Object.entries(QUEUES) as [QueueName, (typeof QUEUES)[QueueName]][]) {
      handlers[spec.consumer].addEventSource(
        new SqsEventSource(this.queues.queues[name].queue, { batchSize: spec.batchSize, reportBatchItemFailures: true }),
      );
    }

    const eventDeliveryFailures = failureQueue(this, 'event-delivery-failures');
    this.routing = new EventRouting(this, 'Events', { functions: handlers, deliveryFailureQueue: eventDeliveryFailures });
    const scheduleDeliveryFailures = failureQueue(this, 'schedule-delivery-failures');
    this.schedules = new MarketSchedules(this, 'Schedules', {
      functions: handlers,
      deliveryFailureQueue: scheduleDeliveryFailures,
    });

    this.grantPermissions(handlers);
    // Only the correlator reads it (OptionsCorrelatorEnvV1).
    this.functions['options-correlator'].function.addEnvironment('TRADELOOP_OPTIONS_AUTO_SUBMIT', props.optionsAutoSubmit === true ? 'true' : 'false');

    this.controlApi = new ControlApi(this, 'ControlApi', { functions: handlers });
    this.batchJobs = new GpuBatchJobs(this, 'Batch', {
      projectRoot: props.projectRoot,
      buckets: this.buckets.buckets,
      prefix,
      backtestRuns: this.tables.tables['backtest-runs'],
      models: this.tables.tables.models,
      deliveryFailureQueue: scheduleDeliveryFailures,
      alpaca: { secret: this.alpacaSecret, dataUrl: props.alpacaDataUrl ?? STACK_DEFAULTS.alpacaDataUrl, feed: props.marketDataFeed ?? STACK_DEFAULTS.marketDataFeed },
    });
    this.grantBacktestLaunch(this.functions['control-api']);
    this.grantDiscoveryLaunch(this.functions['control-api']);
    this.modelRetraining = new ModelRetraining(this, 'ModelRetraining', {
      bus: this.routing.bus,
      jobQueue: this.batchJobs.jobQueue,
      trainingJob: this.batchJobs.jobDefinitions['ensemble-training'],
      trainingRole: this.batchJobs.trainingRole,
      deliveryFailureQueue: scheduleDeliveryFailures,
    });
    this.grantModelServing(this.functions['signal-engine']);

    const deadLetterQueues: Record<string, sqs.IQueue> = {
      bars: this.queues.queues.bars.deadLetterQueue,
      'order-intents': this.queues.queues['order-intents'].deadLetterQueue,
      orders: this.queues.queues.orders.deadLetterQueue,
      'event-delivery': eventDeliveryFailures,
      'schedule-delivery': scheduleDeliveryFailures,
    };
    for (const [name, queue] of asyncFailureQueues) deadLetterQueues[`${name}-async`] = queue;
    this.failureQueues = new Map<string, sqs.Queue>([
      ...[...asyncFailureQueues].map(([name, queue]): [string, sqs.Queue] => [`${name}-async-failures`, queue]),
      ['event-delivery-failures', eventDeliveryFailures],
      ['schedule-delivery-failures', scheduleDeliveryFailures],
    ]);

    this.observability = new TradingObservability(this, 'Observability', {
      accountId,
      functions: handlers,
      deadLetterQueues,
      ...(props.alarmEmail !== undefined ? { alarmEmail: props.alarmEmail } : {}),
    });
  }

  /**
   * The signal engine serves the registry's champion (SignalEngineEnvV1): it reads artefacts under models/ in
   * the models bucket (the registry and its prediction records are the models table, granted above).
   */
  private grantModelServing(fn: TradingFunction): void {
    const models = this.buckets.buckets.models;
    fn.function.addEnvironment('TRADELOOP_MODELS_BUCKET', models.bucketName);
    fn.role.addToPolicy(new iam.PolicyStatement({ sid: 'ReadModelArtefacts', actions: ['s3:GetObject'], resources: [models.arnForObjects('models/*')] }));
  }

  /**
   * POST/GET /backtests: the control API writes specs and reads shard files and results under
   * `backtests/` in the results bucket, submits the sweep job definition to the GPU queue (array job
   * and reducer) and describes those jobs. Its environment (BacktestApiEnvV1) names all three.
   */
  private grantBacktestLaunch(fn: TradingFunction): void {
    const results = this.buckets.buckets.results;
    const sweep = this.batchJobs.jobDefinitions['backtest-sweep'];
    // Every variable but the local launcher's worker count; a variable added to the contract fails this type-check.
    const env: { readonly [K in Exclude<keyof z.input<typeof BacktestApiEnvV1>, 'TRADELOOP_LOCAL_SWEEP_WORKERS'>]-?: string } = {
      TRADELOOP_RESULTS_BUCKET: results.bucketName,
      TRADELOOP_BACKTEST_LAUNCHER: 'batch',
      TRADELOOP_BATCH_JOB_QUEUE: this.batchJobs.jobQueue.jobQueueArn,
      TRADELOOP_SWEEP_JOB_DEFINITION: sweep.jobDefinitionArn,
    };
    for (const [name, value] of Object.entries(env)) fn.function.addEnvironment(name, value);
    const prefix = BACKTESTS_PREFIX;
    fn.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'BacktestObjects',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [results.arnForObjects(`${prefix}*`)],
      }),
    );
    fn.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListBacktestShards',
        actions: ['s3:ListBucket'],
        resources: [results.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }),
    );
    // SubmitJob is authorised on both the queue and the job definition (this revision only).
    fn.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SubmitBacktestSweep',
        actions: ['batch:SubmitJob'],
        resources: [this.batchJobs.jobQueue.jobQueueArn, sweep.jobDefinitionArn],
      }),
    );
    fn.role.addToPolicy(new iam.PolicyStatement({ sid: 'DescribeBacktestJobs', actions: ['batch:DescribeJobs'], resources: ['*'] }));
  }

  /**
   * POST/GET /discovery: the control API writes specs and lists rounds under `discovery/` in the results bucket
   * and submits the first coordinator step of the strategy-discovery job definition to the GPU queue (later
   * rounds are submitted by the job itself). Bucket, launcher kind and queue come from the backtest settings;
   * DescribeJobs is already granted for the backtest routes.
   */
  private grantDiscoveryLaunch(fn: TradingFunction): void {
    const results = this.buckets.buckets.results;
    const discovery = this.batchJobs.jobDefinitions['strategy-discovery'];
    fn.function.addEnvironment('TRADELOOP_DISCOVERY_JOB_DEFINITION', discovery.jobDefinitionArn);
    fn.role.addToPolicy(new iam.PolicyStatement({ sid: 'DiscoveryObjects', actions: ['s3:GetObject', 's3:PutObject'], resources: [results.arnForObjects(`${DISCOVERY_PREFIX}*`)] }));
    fn.role.addToPolicy(
      new iam.PolicyStatement({ sid: 'ListDiscoveryRounds', actions: ['s3:ListBucket'], resources: [results.bucketArn], conditions: { StringLike: { 's3:prefix': [`${DISCOVERY_PREFIX}*`] } } }),
    );
    fn.role.addToPolicy(new iam.PolicyStatement({ sid: 'SubmitStrategyDiscovery', actions: ['batch:SubmitJob'], resources: [this.batchJobs.jobQueue.jobQueueArn, discovery.jobDefinitionArn] }));
  }

  private grantPermissions(handlers: Readonly<Record<FunctionName, lambda.IFunction>>): void {
    for (const [name, permissions] of Object.entries(FUNCTION_PERMISSIONS) as [FunctionName, FunctionPermissions][]) {
      const fn = handlers[name];
      for (const [table, access] of Object.entries(permissions.tables) as [TableName, TableAccess][]) {
        const resource: dynamodb.Table = this.tables.tables[table];
        if (access === 'read') resource.grantReadData(fn);
        else resource.grantReadWriteData(fn);
      }
      for (const queue of permissions.sendsTo) this.queues.queues[queue].queue.grantSendMessages(fn);
      for (const queue of permissions.parksIn) this.queues.queues[queue].deadLetterQueue.grantSendMessages(fn);
      if (permissions.publishesEvents) this.routing.bus.grantPutEventsTo(fn);
      if (permissions.readsAlpacaKeys) this.alpacaSecret.grantRead(fn);
    }
  }
}
