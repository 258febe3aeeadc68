import { randomBytes } from 'node:crypto';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { CONTROL_API_ROUTES, EVENT_BUS_NAME, physicalName, QUEUES, RULES, SCHEDULES } from '../../layers/contracts';
import type { BacktestApiEnvV1, FunctionEnvV1, FunctionName, QueueName } from '../../layers/contracts';
import { stopLocalBacktests } from '../../layers/adapters/process/child-process-launcher';
import { stopLocalDiscoveries } from '../../layers/adapters/process/discovery-launcher';
import { createSqsClient } from '../../layers/adapters/aws/clients';
import { DynamoRiskReportReader } from '../../layers/adapters/aws/dynamo/risk-reports';
import { DynamoStrategyRegistry } from '../../layers/adapters/aws/dynamo';
import { readStrategiesOverview } from '../../layers/adapters/runtime/strategies-overview';
import { container, resetContainer } from '../../layers/adapters/runtime/container';
import { startLocalApiGateway } from '../api-gateway';
import { localEndpointEnvironment, startEventBridgeEndpoint, startSecretsManagerEndpoint } from '../aws-endpoints';
import { LocalEventBus } from '../bus';
import { startDashboard } from '../dashboard';
import { createAsyncInvoker, FailureLog, LocalFunction, settle, SqsEventSourceMapping } from '../lambda';
import type { AsyncInvoke, LambdaHandler } from '../lambda';
import { nyseCalendar } from '../../layers/core/market';
import { loadOptionsMarket, startPaperBroker } from '../paper-broker';
import type { FillModelOptions, PaperBroker } from '../paper-broker';
import { provisionLocalResources } from '../provision';
import { LocalScheduler } from '../scheduler';
import { standinEnvironment, startStandins } from '../standins';
import type { Standins } from '../standins';
import { PROJECT_DATA_DIR } from '../data-dir';
import { deliveredTwice, HANDLERS } from './handlers';

export { PROJECT_DATA_DIR };

export interface LocalTradeloopOptions {
  readonly symbols: readonly string[];
  /** First and last New York session dates to load, YYYY-MM-DD. */
  readonly fromDate: string;
  readonly toDate: string;
  readonly startingCash?: string;
  /** Control API port on 127.0.0.1 (0 = any free port). */
  readonly apiPort?: number;
  /** Dashboard port on 127.0.0.1 (0, the default = any free port). */
  readonly dashboardPort?: number;
  readonly accountId?: string;
  readonly dataDir?: string;
  /** Reuse running stand-ins (the test suite starts one pair for all tests); default: start our own. */
  readonly standins?: Pick<Standins, 'dynamoEndpoint' | 'awsEndpoint'>;
  /** Chaos: deliver every event and every SQS batch twice (the idempotency proof). */
  readonly duplicateDeliveries?: boolean;
  readonly fillModel?: Partial<FillModelOptions>;
  /** Child processes each POST /backtests run uses for its shards (default 2). */
  readonly backtestWorkers?: number;
  /** The options correlator enqueues its proposals' intents (TRADELOOP_OPTIONS_AUTO_SUBMIT; default false). */
  readonly optionsAutoSubmit?: boolean;
}

/** Everything `npm start` runs, on loopback, wired from the same definitions as the CDK app. */
export interface LocalTradeloop {
  readonly accountId: string;
  readonly apiUrl: string;
  readonly apiToken: string;
  /** The dashboard page, `http://127.0.0.1:PORT/` (read-only; its JSON endpoints are under /api/). */
  readonly dashboardUrl: string;
  readonly broker: PaperBroker;
  readonly bus: LocalEventBus;
  readonly scheduler: LocalScheduler;
  readonly failures: FailureLog;
  readonly mappings: Readonly<Record<QueueName, SqsEventSourceMapping>>;
  /** Handler invocations so far, by function (each duplicate delivery counts). */
  readonly invocations: Readonly<Record<string, number>>;
  /** Waits until no event, queue message or invocation is in flight. */
  settle(): Promise<void>;
  /** Messages waiting in every dead-letter queue (queue DLQs and the functions' async DLQs), by queue. */
  deadLetterCounts(): Promise<Readonly<Record<string, number>>>;
  stop(): Promise<void>;
}

/** Functions invoked asynchronously (rule and schedule targets): they get Lambda's retries and an on-failure DLQ. */
const ASYNC_FUNCTIONS: readonly FunctionName[] = [...new Set([...RULES.map((r) => r.target), ...SCHEDULES.map((s) => s.target)])];

/**
 * Starts the embedded default: DynamoDB (dynalite), SQS/S3 (fauxqs), EventBridge and Secrets Manager
 * endpoints over an in-process bus, the Alpaca-compatible paper broker replaying `data/`, the queue
 * pollers, the scheduler and the control API. The handlers are the deployed modules, run unmodified with
 * the real AWS SDK and Alpaca clients pointed at these servers.
 */
export async function startLocalTradeloop(options: LocalTradeloopOptions): Promise<LocalTradeloop> {
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const accountId = options.accountId ?? 'paper-local';
    const prefix = `tl${randomBytes(3).toString('hex')}-`;
    let standins = options.standins;
    if (!standins) {
      const own = await startStandins();
      cleanups.push(() => own.stop());
      standins = own;
    }
    Object.assign(process.env, standinEnvironment(standins));

    const resources = await provisionLocalResources({ prefix, visibilityTimeoutSeconds: 30 });
    const sqs = createSqsClient();
    const functionDlqs = await createFunctionDeadLetterQueues(sqs, prefix);

    // The symbols' option chains on the replayed days, where data/ has them (none for most: then empty chains).
    const optionDates = nyseCalendar().sessions(options.fromDate, options.toDate).map((session) => session.date);
    const optionsMarket = await loadOptionsMarket(options.dataDir ?? PROJECT_DATA_DIR, options.symbols, optionDates);
    const broker = await startPaperBroker({
      options: optionsMarket,
      data: { dataDir: options.dataDir ?? PROJECT_DATA_DIR, symbols: options.symbols, fromDate: options.fromDate, toDate: options.toDate },
      ...(options.startingCash ? { startingCash: options.startingCash } : {}),
      ...(options.fillModel ? { fillModel: options.fillModel } : {}),
    });
    cleanups.push(() => broker.stop());

    const failures = new FailureLog();
    const invocations: Record<string, number> = {};
    const handlerOf = (name: FunctionName): LambdaHandler => {
      const counted: LambdaHandler = (event, context) => {
        invocations[name] = (invocations[name] ?? 0) + 1;
        return HANDLERS[name](event, context);
      };
      return options.duplicateDeliveries ? deliveredTwice(counted) : counted;
    };
    const asyncInvokers = Object.fromEntries(
      ASYNC_FUNCTIONS.map((name) => [
        name,
        createAsyncInvoker({ fn: new LocalFunction({ name, handler: handlerOf(name) }), deadLetterQueueUrl: functionDlqs[name], sqs, failures }),
      ]),
    ) as Record<FunctionName, AsyncInvoke>;

    const bus = new LocalEventBus({ rules: RULES, targets: asyncInvokers, now: () => broker.now() });
    const eventBridge = await startEventBridgeEndpoint({ bus });
    cleanups.push(() => eventBridge.close());
    const secretId = `${prefix}alpaca`;
    const secrets = await startSecretsManagerEndpoint({ secrets: { [secretId]: JSON.stringify(broker.credentials) } });
    cleanups.push(() => secrets.close());

    const env: Record<keyof FunctionEnvV1, string> = {
      TRADELOOP_ACCOUNT_ID: accountId,
      TRADELOOP_EVENT_BUS: EVENT_BUS_NAME,
      TRADELOOP_TABLE_PREFIX: resources.tablePrefix,
      TRADELOOP_BARS_QUEUE_URL: resources.queueUrls.bars.url,
      TRADELOOP_BARS_DLQ_URL: resources.queueUrls.bars.dlqUrl,
      TRADELOOP_ORDER_INTENTS_QUEUE_URL: resources.queueUrls['order-intents'].url,
      TRADELOOP_ORDER_INTENTS_DLQ_URL: resources.queueUrls['order-intents'].dlqUrl,
      TRADELOOP_ORDERS_QUEUE_URL: resources.queueUrls.orders.url,
      TRADELOOP_ORDERS_DLQ_URL: resources.queueUrls.orders.dlqUrl,
      TRADELOOP_WATCHLIST: options.symbols.join(','),
      TRADELOOP_MARKET_DATA_FEED: 'iex',
      TRADELOOP_ALPACA_SECRET_ID: secretId,
      TRADELOOP_ALPACA_TRADING_URL: broker.baseUrl,
      TRADELOOP_ALPACA_DATA_URL: broker.baseUrl,
      TRADELOOP_CLOCK: 'broker',
    };
    // POST /backtests: specs and results in the local results bucket, each run in a child process
    // running the sweep job's entry point (the local stand-in for the Batch array job and reducer).
    const backtestEnv: Partial<Record<keyof BacktestApiEnvV1, string>> = {
      TRADELOOP_RESULTS_BUCKET: resources.buckets.results,
      TRADELOOP_BACKTEST_LAUNCHER: 'local',
      TRADELOOP_LOCAL_SWEEP_WORKERS: String(options.backtestWorkers ?? 2),
    };
    cleanups.push(() => stopLocalBacktests());
    // POST /discovery uses the same bucket and launcher kind (DiscoveryApiEnvV1); its jobs are stopped likewise.
    cleanups.push(() => stopLocalDiscoveries());
    // Powertools settings come from ./powertools-defaults (they must be in place before the handlers load).
    const optionsEnv = { TRADELOOP_OPTIONS_AUTO_SUBMIT: options.optionsAutoSubmit === true ? 'true' : 'false' };
    Object.assign(process.env, env, backtestEnv, optionsEnv, localEndpointEnvironment({ eventBridge: eventBridge.url, secretsManager: secrets.url }));
    resetContainer();

    const mappings = Object.fromEntries(
      (Object.keys(QUEUES) as QueueName[]).map((queue) => {
        const spec = QUEUES[queue];
        const mapping = new SqsEventSourceMapping({
          fn: new LocalFunction({ name: spec.consumer, handler: handlerOf(spec.consumer) }),
          queueUrl: resources.queueUrls[queue].url,
          sqs,
          batchSize: spec.batchSize,
          retryVisibilitySeconds: 1,
          pollIntervalMs: 5,
          failures,
        });
        return [queue, mapping];
      }),
    ) as Record<QueueName, SqsEventSourceMapping>;
    // Started (queue ARN read, pollers running) before anything can stop them.
    await Promise.all(Object.values(mappings).map((m) => m.start()));
    cleanups.push(async () => {
      await Promise.all(Object.values(mappings).map((m) => m.stop()));
    });

    const marketCalendar = asyncInvokers['market-calendar'];
    const scheduler = new LocalScheduler({ schedules: SCHEDULES, invoke: (input) => marketCalendar(input) });

    const api = await startLocalApiGateway({ routes: CONTROL_API_ROUTES, handler: HANDLERS['control-api'] as Parameters<typeof startLocalApiGateway>[0]['handler'], port: options.apiPort ?? 0 });
    cleanups.push(() => api.close());

    // The risk reports the risk-report function (close, nightly) and POST /risk/report store, for the dashboard's panel.
    const riskReports = new DynamoRiskReportReader(physicalName.table(resources.tablePrefix, 'strategy-state'));
    const strategyRegistry = new DynamoStrategyRegistry(physicalName.table(resources.tablePrefix, 'strategies'));
    const dashboard = await startDashboard({
      source: {
        accountId,
        broker,
        bus,
        killSwitch: () => container().aws.stores.limits.killSwitch(accountId),
        riskReport: () => riskReports.latest(accountId),
        // The same read model as GET /strategies: the active set or default, live hit rates, the models registry.
        strategies: async () => readStrategiesOverview(container(), await container().alpaca(), strategyRegistry),
      },
      port: options.dashboardPort ?? 0,
    });
    cleanups.push(() => dashboard.close());

    const deadLetterQueues: Record<string, string> = {
      'bars-dlq': resources.queueUrls.bars.dlqUrl,
      'order-intents-dlq': resources.queueUrls['order-intents'].dlqUrl,
      'orders-dlq': resources.queueUrls.orders.dlqUrl,
      ...Object.fromEntries(Object.entries(functionDlqs).map(([name, url]) => [`${name}-dlq`, url])),
    };

    return {
      accountId,
      apiUrl: api.url,
      apiToken: api.token,
      dashboardUrl: dashboard.url,
      broker,
      bus,
      scheduler,
      failures,
      mappings,
      invocations,
      settle: () => settle([bus, ...Object.values(mappings)]),
      async deadLetterCounts() {
        const entries = await Promise.all(
          Object.entries(deadLetterQueues).map(async ([name, url]) => {
            const out = await sqs.send(
              new GetQueueAttributesCommand({
                QueueUrl: url,
                AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
              }),
            );
            const visible = Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
            const inFlight = Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
            return [name, visible + inFlight] as const;
          }),
        );
        return Object.fromEntries(entries);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Lambda's on-failure destinations for the asynchronously invoked functions (standard queues, as in CDK). */
async function createFunctionDeadLetterQueues(sqs: SQSClient, prefix: string): Promise<Record<string, string>> {
  const entries = await Promise.all(
    ASYNC_FUNCTIONS.map(async (name) => {
      const out = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}${name}-failures` }));
      if (!out.QueueUrl) throw new Error(`could not create the DLQ of ${name}`);
      return [name, out.QueueUrl] as const;
    }),
  );
  return Object.fromEntries(entries);
}
