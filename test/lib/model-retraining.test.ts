import { EnsembleTrainingEnv, parseEnsembleTrainingArgs } from '../../batch-jobs/ensemble-training/args';
import { DRIFT_RETRAIN_LOOKBACK_DAYS } from '../../lib/constructs/model-retraining';
import { buildStack, resourcesOf, type BuiltStack } from './support';

interface TrainingDefinition {
  readonly Parameters: Record<string, string>;
  readonly ContainerProperties: { readonly Command: string[]; readonly Environment: { readonly Name: string; readonly Value: unknown }[] };
}

function trainingDefinition({ stack, template }: BuiltStack): TrainingDefinition {
  const id = stack.getLogicalId(stack.batchJobs.jobDefinitions['ensemble-training'].node.defaultChild as never);
  return resourcesOf(template, 'AWS::Batch::JobDefinition')[id]?.Properties as unknown as TrainingDefinition;
}

/** The command Batch runs: each `Ref::name` replaced by the submitted parameter, else the definition's default. */
function effectiveCommand(definition: TrainingDefinition, submitted: Readonly<Record<string, string>> = {}): string[] {
  return definition.ContainerProperties.Command.map((word) => {
    if (!word.startsWith('Ref::')) return word;
    const name = word.slice('Ref::'.length);
    const value = submitted[name] ?? definition.Parameters[name];
    if (value === undefined) throw new Error(`no value for ${word}`);
    return value;
  });
}

/** Statements of every IAM policy attached to `roleId`. */
function statementsOf(template: BuiltStack['template'], roleId: string): { Sid?: string; Action: string | string[]; Resource: unknown }[] {
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Sid?: string; Action: string | string[]; Resource: unknown }[] }).Statement);
}

/** Issue 7 in CDK: drift.detected → Batch retraining; the training job announces on the bus; the signal engine serves models. */
describe('model lifecycle wiring', () => {
  const { stack, template } = buildStack();
  const idOf = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as never);

  it('a drift.detected rule on the tradeloop bus submits ensemble-training for the drifted symbol, with a DLQ and bounded retries', () => {
    const rule = resourcesOf(template, 'AWS::Events::Rule')[idOf(stack.modelRetraining.rule)];
    expect(rule?.Properties).toMatchObject({ EventPattern: { source: ['tradeloop.models'], 'detail-type': ['drift.detected'] }, EventBusName: { Ref: idOf(stack.routing.bus) } });
    const targets = rule?.Properties.Targets as { Arn: unknown; BatchParameters: { JobDefinition: unknown; JobName: string }; InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string }; DeadLetterConfig: unknown; RetryPolicy: unknown; RoleArn: unknown }[];
    expect(targets).toHaveLength(1);
    const [target] = targets;
    expect(target?.Arn).toEqual({ 'Fn::GetAtt': [idOf(stack.batchJobs.jobQueue), 'JobQueueArn'] });
    expect(target?.BatchParameters).toMatchObject({ JobDefinition: { Ref: idOf(stack.batchJobs.jobDefinitions['ensemble-training']) }, JobName: 'drift-retraining' });
    // The job's parameters: the event's symbol, the previous session, the recent window.
    expect(Object.values(target?.InputTransformer.InputPathsMap ?? {})).toContain('$.detail.symbol');
    expect(target?.InputTransformer.InputTemplate).toContain('"asOf":"previous-session"');
    expect(target?.InputTransformer.InputTemplate).toContain(`"lookbackDays":"${DRIFT_RETRAIN_LOOKBACK_DAYS}"`);
    expect(target?.DeadLetterConfig).toBeDefined();
    expect(target?.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });
  });

  it('the training job definition takes symbols, lookbackDays and dataSource as parameters (nightly defaults unchanged, Alpaca bars) and names the bus', () => {
    const props = trainingDefinition({ stack, template, app: undefined as never });
    expect(props.ContainerProperties.Command).toEqual(['--as-of', 'Ref::asOf', '--symbols', 'Ref::symbols', '--lookback-days', 'Ref::lookbackDays', '--data-source', 'Ref::dataSource']);
    expect(props.Parameters).toEqual({ asOf: 'previous-session', symbols: 'SPY', lookbackDays: '730', dataSource: 'alpaca' });
    expect(props.ContainerProperties.Environment).toContainEqual({ Name: 'TRADELOOP_EVENT_BUS', Value: 'tradeloop' });
  });

  it('the rule may submit only the training job; the training role may put events on the tradeloop bus only', () => {
    const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement.map((s) => ({ s, roles: JSON.stringify(p.Properties.Roles) })));
    const submit = statements.filter(({ s }) => JSON.stringify(s.Action) === '"batch:SubmitJob"' && JSON.stringify(s.Resource).includes(idOf(stack.batchJobs.jobDefinitions['ensemble-training'])));
    expect(submit.length).toBeGreaterThanOrEqual(2); // the nightly scheduler's role and the drift rule's role
    const put = statements.filter(({ s, roles }) => JSON.stringify(s.Action) === '"events:PutEvents"' && roles.includes(idOf(stack.batchJobs.trainingRole)));
    expect(put).toHaveLength(1);
    expect(JSON.stringify(put[0]?.s.Resource)).toContain(idOf(stack.routing.bus));
  });

  it('the signal engine has the models bucket, reads only models/* in it, and may write the models table (its forecasts)', () => {
    const fn = resourcesOf(template, 'AWS::Lambda::Function')[idOf(stack.functions['signal-engine'].function)];
    const env = (fn?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.TRADELOOP_MODELS_BUCKET).toEqual({ Ref: idOf(stack.buckets.buckets.models) });
    const roleId = idOf(stack.functions['signal-engine'].role);
    const mine = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId));
    const text = JSON.stringify(mine);
    expect(text).toContain('ReadModelArtefacts');
    expect(text).toContain('/models/*');
    expect(text).not.toContain('s3:PutObject');
    expect(text).toContain('dynamodb:PutItem');
  });
});

/** The deployed training job reads Alpaca's daily bars (the shipped files end in 2021). */
describe('ensemble-training on Alpaca data', () => {
  const built = buildStack();
  const { stack, template } = built;
  const idOf = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as never);
  const definition = trainingDefinition(built);

  it('the nightly schedule submits with dataSource alpaca, and the job parses the resulting command as --data-source alpaca', () => {
    const schedule = resourcesOf(template, 'AWS::Scheduler::Schedule')[idOf(stack.batchJobs.nightlyTraining)];
    const input = (schedule?.Properties.Target as { Input: unknown }).Input;
    // The input is a Fn::Join around the queue and definition tokens; the Parameters object is literal text in it.
    expect(JSON.stringify(input)).toContain(JSON.stringify('"Parameters":{"asOf":"previous-session","dataSource":"alpaca"}').slice(1, -1));
    const command = effectiveCommand(definition, { asOf: 'previous-session', dataSource: 'alpaca' });
    expect(command.join(' ')).toContain('--data-source alpaca');
    expect(parseEnsembleTrainingArgs(command)).toMatchObject({ asOf: 'previous-session', symbols: ['SPY'], lookbackDays: 730, dataSource: 'alpaca' });
    // Without the parameter (an operator's plain SubmitJob) the default is Alpaca too.
    expect(parseEnsembleTrainingArgs(effectiveCommand(definition)).dataSource).toBe('alpaca');
  });

  it('the drift retrain submits with dataSource alpaca for the drifted symbol', () => {
    const rule = resourcesOf(template, 'AWS::Events::Rule')[idOf(stack.modelRetraining.rule)];
    const [target] = rule?.Properties.Targets as { InputTransformer: { InputTemplate: string } }[];
    expect(target?.InputTransformer.InputTemplate).toContain('"dataSource":"alpaca"');
    const command = effectiveCommand(definition, { asOf: 'previous-session', symbols: 'QQQ', lookbackDays: String(DRIFT_RETRAIN_LOOKBACK_DAYS), dataSource: 'alpaca' });
    expect(parseEnsembleTrainingArgs(command)).toMatchObject({ symbols: ['QQQ'], lookbackDays: DRIFT_RETRAIN_LOOKBACK_DAYS, dataSource: 'alpaca' });
  });

  it('the job gets the secret id, data URL and feed the functions use, and its environment schema accepts them', () => {
    const env = Object.fromEntries(definition.ContainerProperties.Environment.map((e) => [e.Name, e.Value]));
    expect(env.TRADELOOP_ALPACA_SECRET_ID).toEqual({ Ref: idOf(stack.alpacaSecret) });
    expect(env.TRADELOOP_ALPACA_DATA_URL).toBe('https://data.alpaca.markets');
    expect(env.TRADELOOP_MARKET_DATA_FEED).toBe('iex');
    const fnEnv = (resourcesOf(template, 'AWS::Lambda::Function')[idOf(stack.functions['market-events'].function)]?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.TRADELOOP_ALPACA_SECRET_ID).toEqual(fnEnv.TRADELOOP_ALPACA_SECRET_ID);
    expect(env.TRADELOOP_ALPACA_DATA_URL).toEqual(fnEnv.TRADELOOP_ALPACA_DATA_URL);
    // Tokens stand in for names only known at deploy time; the rest is parsed as the job parses it.
    const literal = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, typeof v === 'string' ? v : `deploy-time-${k.toLowerCase()}`]));
    expect(EnsembleTrainingEnv.parse(literal)).toMatchObject({ TRADELOOP_ALPACA_DATA_URL: 'https://data.alpaca.markets', TRADELOOP_MARKET_DATA_FEED: 'iex' });
  });

  it('follows the context: another data URL and the delayed_sip feed (history reads sip), with the cache grant on the new host', () => {
    const other = buildStack({ props: { alpacaDataUrl: 'https://data.sandbox.alpaca.markets', marketDataFeed: 'delayed_sip' } });
    const env = Object.fromEntries(trainingDefinition(other).ContainerProperties.Environment.map((e) => [e.Name, e.Value]));
    expect(env.TRADELOOP_ALPACA_DATA_URL).toBe('https://data.sandbox.alpaca.markets');
    expect(env.TRADELOOP_MARKET_DATA_FEED).toBe('sip');
    const roleId = other.stack.getLogicalId(other.stack.batchJobs.trainingRole.node.defaultChild as never);
    const cache = statementsOf(other.template, roleId).find((s) => s.Sid === 'CacheAlpacaDailyBars');
    expect(JSON.stringify(cache?.Resource)).toContain('/data.sandbox.alpaca.markets/bars/1Day/*');
  });

  it('the training role may read the Alpaca secret (GetSecretValue on that ARN) and nothing broader; no other job role may read it', () => {
    const secretsStatements = (roleId: string) => statementsOf(template, roleId).filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    const training = secretsStatements(idOf(stack.batchJobs.trainingRole));
    expect(training).toHaveLength(1);
    const [grant] = training;
    expect(([] as string[]).concat(grant?.Action ?? [])).toContain('secretsmanager:GetSecretValue');
    for (const action of ([] as string[]).concat(grant?.Action ?? [])) expect(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']).toContain(action);
    expect(grant?.Resource).toEqual({ Ref: idOf(stack.alpacaSecret) });
    expect(secretsStatements(idOf(stack.batchJobs.jobRole))).toEqual([]);
    expect(secretsStatements(idOf(stack.batchJobs.discoveryRole))).toEqual([]);
    // No KMS grant is needed: the secret uses the AWS-managed key.
    expect(JSON.stringify(statementsOf(template, idOf(stack.batchJobs.trainingRole)))).not.toContain('kms:');
  });
});
