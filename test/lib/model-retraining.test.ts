import { DRIFT_RETRAIN_LOOKBACK_DAYS } from '../../lib/constructs/model-retraining';
import { buildStack, resourcesOf } from './support';

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

  it('the training job definition takes symbols and lookbackDays as parameters (nightly defaults unchanged) and names the bus', () => {
    const definition = resourcesOf(template, 'AWS::Batch::JobDefinition')[idOf(stack.batchJobs.jobDefinitions['ensemble-training'])];
    const props = definition?.Properties as { Parameters: Record<string, string>; ContainerProperties: { Command: string[]; Environment: { Name: string; Value: unknown }[] } };
    expect(props.ContainerProperties.Command).toEqual(['--as-of', 'Ref::asOf', '--symbols', 'Ref::symbols', '--lookback-days', 'Ref::lookbackDays']);
    expect(props.Parameters).toEqual({ asOf: 'previous-session', symbols: 'SPY', lookbackDays: '730' });
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
