import { BacktestApiEnvV1, FunctionEnvV1 } from '../../layers/contracts/config';
import { CONTROL_API_ROUTES } from '../../layers/contracts/api-routes';
import { METRICS, METRICS_NAMESPACE } from '../../layers/contracts/metrics';
import { FUNCTIONS, QUEUES, TABLES, type FunctionName } from '../../layers/contracts/wiring';
import { CONTROL_API_THROTTLE } from '../../lib/constructs/control-api';
import { FUNCTION_PERMISSIONS } from '../../lib/stacks/tradeloop-stack';
import { buildStack, resourcesOf } from './support';

const { stack, template } = buildStack({ props: { accountId: 'acct-1', watchlist: ['SPY', 'AAPL'] } });
const functionNames = Object.keys(FUNCTIONS) as FunctionName[];
const lambdas = resourcesOf(template, 'AWS::Lambda::Function');
const policies = resourcesOf(template, 'AWS::IAM::Policy');

function lambdaOf(name: FunctionName): { Properties: Record<string, unknown> } {
  const id = stack.getLogicalId(stack.functions[name].function.node.defaultChild as never);
  const fn = lambdas[id];
  if (fn === undefined) throw new Error(`no function ${name}`);
  return fn;
}

function envOf(name: FunctionName): Record<string, unknown> {
  return (lambdaOf(name).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

/** All statements of the policies attached to a function's role. */
function statementsOf(name: FunctionName): { Action: string | string[]; Resource: unknown }[] {
  const roleId = stack.getLogicalId(stack.functions[name].role.node.defaultChild as never);
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
}

function actionsOn(name: FunctionName, logicalId: string): string[] {
  return statementsOf(name)
    .filter((s) => JSON.stringify(s.Resource).includes(`"${logicalId}"`))
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

describe('TradingFunction defaults', () => {
  it('creates one Lambda per FUNCTIONS entry', () => {
    // The log-retention or other helper functions must not sneak in.
    expect(Object.keys(lambdas)).toHaveLength(functionNames.length);
  });

  it.each(functionNames)('%s: Node 24 on ARM64, traced, sized from the wiring', (name) => {
    const props = lambdaOf(name).Properties;
    const spec = FUNCTIONS[name];
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    expect(props.MemorySize).toBe(spec.memoryMb);
    expect(props.Timeout).toBe(spec.timeoutSeconds);
    expect(props.ReservedConcurrentExecutions).toBe(spec.reservedConcurrency);
    expect(props.LoggingConfig).toEqual(expect.objectContaining({ LogFormat: 'JSON', LogGroup: expect.anything() }));
  });

  it.each(functionNames)('%s: gets every FunctionEnvV1 variable and the Powertools settings', (name) => {
    const env = envOf(name);
    for (const key of Object.keys(FunctionEnvV1.shape)) expect(env).toHaveProperty(key);
    expect(env.POWERTOOLS_SERVICE_NAME).toBe(name);
    expect(env.POWERTOOLS_METRICS_NAMESPACE).toBe(METRICS_NAMESPACE);
    expect(env.POWERTOOLS_LOG_LEVEL).toBe('INFO');
    expect(env.TRADELOOP_ACCOUNT_ID).toBe('acct-1');
    expect(env.TRADELOOP_WATCHLIST).toBe('SPY,AAPL');
    expect(env.TRADELOOP_TABLE_PREFIX).toBe('Tradeloop-');
    expect(env.TRADELOOP_EVENT_BUS).toBe('tradeloop');
  });

  it('parses as FunctionEnvV1 once tokens are replaced by deploy-time values', () => {
    const env = Object.fromEntries(
      Object.entries(envOf('execute-order')).map(([k, v]) => [k, typeof v === 'string' ? v : 'https://sqs.us-east-1.amazonaws.com/1/q']),
    );
    env.TRADELOOP_ALPACA_SECRET_ID = 'arn:aws:secretsmanager:us-east-1:1:secret:x';
    expect(() => FunctionEnvV1.parse(env)).not.toThrow();
  });

  it('passes the Alpaca secret by id only: no key material in any environment', () => {
    const secretId = stack.getLogicalId(stack.alpacaSecret.node.defaultChild as never);
    for (const name of functionNames) {
      const env = envOf(name);
      expect(env.TRADELOOP_ALPACA_SECRET_ID).toEqual({ Ref: secretId });
      const text = JSON.stringify(env).toLowerCase();
      expect(text).not.toMatch(/secretkey|apca|key_id|keyid/);
    }
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      SecretString: JSON.stringify({ keyId: '', secretKey: '' }),
    });
  });

  it('lets only the broker-facing functions read the Alpaca secret', () => {
    const secretId = stack.getLogicalId(stack.alpacaSecret.node.defaultChild as never);
    for (const name of functionNames) {
      const actions = actionsOn(name, secretId);
      if (FUNCTION_PERMISSIONS[name].readsAlpacaKeys) expect(actions).toContain('secretsmanager:GetSecretValue');
      else expect(actions).toEqual([]);
    }
    // Sizing reads the account's equity and positions from the broker.
    expect(FUNCTION_PERMISSIONS['signal-engine'].readsAlpacaKeys).toBe(true);
  });

  it('grants table access exactly as FUNCTION_PERMISSIONS says', () => {
    for (const name of functionNames) {
      for (const table of Object.keys(TABLES) as (keyof typeof TABLES)[]) {
        const tableId = stack.getLogicalId(stack.tables.tables[table].node.defaultChild as never);
        const actions = actionsOn(name, tableId);
        const access = FUNCTION_PERMISSIONS[name].tables[table];
        if (access === undefined) expect(actions).toEqual([]);
        else if (access === 'read') {
          expect(actions).toContain('dynamodb:GetItem');
          expect(actions).not.toContain('dynamodb:PutItem');
        } else expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
      }
    }
  });

  it('lets only the designated producers send to each queue', () => {
    for (const queueName of Object.keys(QUEUES) as (keyof typeof QUEUES)[]) {
      const queueId = stack.getLogicalId(stack.queues.queues[queueName].queue.node.defaultChild as never);
      const senders = functionNames.filter((name) => actionsOn(name, queueId).includes('sqs:SendMessage'));
      expect(senders).toEqual(functionNames.filter((name) => FUNCTION_PERMISSIONS[name].sendsTo.includes(queueName)));
    }
    expect(FUNCTION_PERMISSIONS['signal-engine'].sendsTo).toEqual(['order-intents']);
  });

  it('lets the regime detector write only strategy-state (its current-regime items), publish and read market data', () => {
    const tableGrants = (Object.keys(TABLES) as (keyof typeof TABLES)[]).filter((table) => {
      const tableId = stack.getLogicalId(stack.tables.tables[table].node.defaultChild as never);
      return actionsOn('regime-detector', tableId).length > 0;
    });
    expect(tableGrants).toEqual(['strategy-state']);
    expect(FUNCTION_PERMISSIONS['regime-detector']).toEqual({ tables: { 'strategy-state': 'readWrite' }, sendsTo: [], parksIn: [], publishesEvents: true, readsAlpacaKeys: true });
    const actions = statementsOf('regime-detector').flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(actions).toContain('events:PutEvents');
    expect(actions).toContain('secretsmanager:GetSecretValue');
    // Its only queue grant is its own async-invocation DLQ: no trading queue (checked per queue above).
    for (const queueName of Object.keys(QUEUES) as (keyof typeof QUEUES)[]) {
      expect(actionsOn('regime-detector', stack.getLogicalId(stack.queues.queues[queueName].queue.node.defaultChild as never))).toEqual([]);
    }
    expect(envOf('regime-detector')['TRADELOOP_WATCHLIST']).toBe('SPY,AAPL');
  });

  it('lets the risk report read limits, write only strategy-state (its risk-report items) and read market data, with no bus or queue access', () => {
    const tableGrants = (Object.keys(TABLES) as (keyof typeof TABLES)[]).filter((table) => {
      const tableId = stack.getLogicalId(stack.tables.tables[table].node.defaultChild as never);
      return actionsOn('risk-report', tableId).length > 0;
    });
    expect(tableGrants.sort()).toEqual(['limits', 'strategy-state']);
    expect(FUNCTION_PERMISSIONS['risk-report']).toEqual({ tables: { 'strategy-state': 'readWrite', limits: 'read' }, sendsTo: [], parksIn: [], publishesEvents: false, readsAlpacaKeys: true });
    const actions = statementsOf('risk-report').flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(actions).not.toContain('events:PutEvents');
    expect(actions).toContain('secretsmanager:GetSecretValue');
    for (const queueName of Object.keys(QUEUES) as (keyof typeof QUEUES)[]) {
      expect(actionsOn('risk-report', stack.getLogicalId(stack.queues.queues[queueName].queue.node.defaultChild as never))).toEqual([]);
    }
  });

  it('uses its own execution role, not AWSLambdaBasicExecutionRole', () => {
    for (const role of Object.values(resourcesOf(template, 'AWS::IAM::Role'))) {
      expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toContain('AWSLambdaBasicExecutionRole');
    }
  });

  it('keeps handler logs for a month', () => {
    for (const name of functionNames) {
      const id = stack.getLogicalId(stack.functions[name].logGroup.node.defaultChild as never);
      expect((template.toJSON().Resources[id] as { Properties: { RetentionInDays: number } }).Properties.RetentionInDays).toBe(30);
    }
  });
});

describe('Control API', () => {
  const routes = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route'));

  it('serves exactly CONTROL_API_ROUTES', () => {
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(CONTROL_API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('requires IAM authorisation on every route', () => {
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe('AWS_IAM');
  });

  it('routes to the control-api function', () => {
    const fnId = stack.getLogicalId(stack.functions['control-api'].function.node.defaultChild as never);
    const integrations = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Integration'));
    expect(integrations).toHaveLength(1);
    expect(integrations[0]?.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
  });

  it('may submit only the sweep job definition to the GPU queue, and read and write only backtests/ in the results bucket', () => {
    const queueId = stack.getLogicalId(stack.batchJobs.jobQueue.node.defaultChild as never);
    const sweepId = stack.getLogicalId(stack.batchJobs.jobDefinitions['backtest-sweep'].node.defaultChild as never);
    const trainingId = stack.getLogicalId(stack.batchJobs.jobDefinitions['ensemble-training'].node.defaultChild as never);
    const resultsId = stack.getLogicalId(stack.buckets.buckets.results.node.defaultChild as never);
    const statements = statementsOf('control-api') as { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown }[];
    const submit = statements.filter((s) => JSON.stringify(s.Action).includes('batch:SubmitJob'));
    const discoveryId = stack.getLogicalId(stack.batchJobs.jobDefinitions['strategy-discovery'].node.defaultChild as never);
    expect(submit).toEqual([
      expect.objectContaining({ Action: 'batch:SubmitJob', Resource: [{ 'Fn::GetAtt': [queueId, 'JobQueueArn'] }, { Ref: sweepId }] }),
      // POST /discovery submits the discovery coordinator's first step (the job submits its later rounds itself).
      expect.objectContaining({ Action: 'batch:SubmitJob', Resource: [{ 'Fn::GetAtt': [queueId, 'JobQueueArn'] }, { Ref: discoveryId }] }),
    ]);
    expect(JSON.stringify(statements)).not.toContain(trainingId);
    const objects = statements.find((s) => s.Sid === 'BacktestObjects');
    expect(objects).toMatchObject({ Action: ['s3:GetObject', 's3:PutObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [resultsId, 'Arn'] }, '/backtests/*']] } });
    expect(statements.find((s) => s.Sid === 'ListBacktestShards')).toMatchObject({ Condition: { StringLike: { 's3:prefix': ['backtests/*'] } } });
    for (const other of ['data-lake', 'models'] as const) {
      expect(JSON.stringify(statements)).not.toContain(stack.getLogicalId(stack.buckets.buckets[other].node.defaultChild as never));
    }
    // No other function may start Batch jobs.
    for (const name of functionNames.filter((n) => n !== 'control-api')) expect(JSON.stringify(statementsOf(name))).not.toContain('batch:');
  });

  it('tells the control API where to launch and store backtests (BacktestApiEnvV1)', () => {
    const env = envOf('control-api');
    const queueId = stack.getLogicalId(stack.batchJobs.jobQueue.node.defaultChild as never);
    const sweepId = stack.getLogicalId(stack.batchJobs.jobDefinitions['backtest-sweep'].node.defaultChild as never);
    expect(env).toMatchObject({
      TRADELOOP_BACKTEST_LAUNCHER: 'batch',
      TRADELOOP_BATCH_JOB_QUEUE: { 'Fn::GetAtt': [queueId, 'JobQueueArn'] },
      TRADELOOP_SWEEP_JOB_DEFINITION: { Ref: sweepId },
      TRADELOOP_RESULTS_BUCKET: { Ref: stack.getLogicalId(stack.buckets.buckets.results.node.defaultChild as never) },
    });
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, typeof v === 'string' ? v : 'resolved-at-deploy']));
    expect(() => BacktestApiEnvV1.parse(resolved)).not.toThrow();
    expect(envOf('execute-order')).not.toHaveProperty('TRADELOOP_BACKTEST_LAUNCHER');
  });

  it('throttles and writes access logs on its only stage', () => {
    const stages = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    expect(stages[0]?.Properties.DefaultRouteSettings).toEqual(
      expect.objectContaining({ ThrottlingRateLimit: CONTROL_API_THROTTLE.rateLimit, ThrottlingBurstLimit: CONTROL_API_THROTTLE.burstLimit }),
    );
    const logs = stages[0]?.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(logs.DestinationArn).toBeDefined();
    expect(JSON.parse(logs.Format)).toEqual(expect.objectContaining({ requestId: '$context.requestId', caller: '$context.identity.caller' }));
  });
});

describe('Observability', () => {
  const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));

  it('alarms on every dead-letter queue holding a message', () => {
    const sqsAlarms = alarms.filter((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible');
    const dlqCount = Object.keys(QUEUES).length + stack.failureQueues.size;
    expect(sqsAlarms).toHaveLength(dlqCount);
    for (const alarm of sqsAlarms) {
      expect(alarm.Properties.Threshold).toBe(0);
      expect(alarm.Properties.ComparisonOperator).toBe('GreaterThanThreshold');
    }
    const alarmedQueues = new Set(sqsAlarms.map((a) => JSON.stringify((a.Properties.Dimensions as { Value: unknown }[])[0]?.Value)));
    expect(alarmedQueues.size).toBe(dlqCount);
  });

  it('alarms on each handler error rate', () => {
    const errorRate = alarms.filter((a) => JSON.stringify(a.Properties.Metrics ?? []).includes('100 * errors / invocations'));
    expect(errorRate).toHaveLength(functionNames.length);
  });

  it('alarms on the daily loss limit and the kill switch from the custom metrics', () => {
    for (const metric of [METRICS.dailyLossLimitBreached, METRICS.killSwitchEngaged]) {
      const alarm = alarms.find((a) => a.Properties.MetricName === metric);
      expect(alarm?.Properties.Namespace).toBe(METRICS_NAMESPACE);
      expect(alarm?.Properties.Threshold).toBe(1);
      expect(alarm?.Properties.Dimensions).toEqual(expect.arrayContaining([{ Name: 'AccountId', Value: 'acct-1' }]));
    }
  });

  it('alarms when the book\'s 99 % VaR reaches the post-trade VaR limit (usage metric from risk-report)', () => {
    const alarm = alarms.find((a) => a.Properties.MetricName === METRICS.portfolioVar99LimitUsage);
    expect(alarm?.Properties).toMatchObject({ Namespace: METRICS_NAMESPACE, Threshold: 100, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Statistic: 'Maximum', TreatMissingData: 'ignore' });
    expect(alarm?.Properties.Dimensions).toEqual(expect.arrayContaining([{ Name: 'AccountId', Value: 'acct-1' }, { Name: 'service', Value: 'risk-report' }]));
  });

  it('sends every alarm to one KMS-encrypted, TLS-only SNS topic', () => {
    const topicId = stack.getLogicalId(stack.observability.alarmTopic.node.defaultChild as never);
    const keyId = stack.getLogicalId(stack.observability.alarmTopic.masterKey?.node.defaultChild as never);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    const topicPolicy = Object.values(resourcesOf(template, 'AWS::SNS::TopicPolicy'));
    expect(JSON.stringify(topicPolicy)).toContain('"aws:SecureTransport":"false"');
  });

  it('draws equity, orders, rejections by check, latency, errors and DLQ depth', () => {
    const dashboards = Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const text of ['PortfolioVaR95', 'PortfolioVaR99', 'PortfolioCVaR99', 'StressEquityDown20', 'PortfolioVaR99LimitUsage', 'Equity', 'DailyPnl', 'OrdersSubmitted', 'OrdersFilled', 'OrdersRejected', 'CheckId', 'Duration', 'Errors', 'ApproximateNumberOfMessagesVisible']) {
      expect(body).toContain(text);
    }
  });
});
