import { NIGHTLY_DISCOVERY_CRON, NIGHTLY_DISCOVERY_SPEC } from '../../lib/constructs/gpu-batch-jobs';
import { DiscoverySpecV1 } from '../../layers/contracts/discovery';
import { buildStack, resourcesOf } from './support';

/** The strategy-discovery Batch job and its nightly schedule in the synthesised template. */
describe('strategy-discovery on AWS Batch', () => {
  const { stack, template } = buildStack();
  const definitions = resourcesOf(template, 'AWS::Batch::JobDefinition');
  const definition = Object.values(definitions).find((d) => d.Properties.JobDefinitionName === 'Tradeloop-strategy-discovery');
  const definitionId = Object.entries(definitions).find(([, d]) => d === definition)?.[0] ?? '';
  const roleId = stack.getLogicalId(stack.batchJobs.discoveryRole.node.defaultChild as never);
  const queueId = stack.getLogicalId(stack.batchJobs.jobQueue.node.defaultChild as never);

  it('runs the coordinator step by default and takes mode, spec, round and an inline spec as Batch parameters', () => {
    expect(definition).toBeDefined();
    expect((definition?.Properties.ContainerProperties as { Command: string[] }).Command).toEqual(['--mode', 'Ref::mode', '--spec', 'Ref::spec', '--round', 'Ref::round', '--init-spec', 'Ref::initSpec']);
    expect(definition?.Properties.Parameters).toEqual({ mode: 'step', round: '0', initSpec: '-' });
  });

  it('gives the job its own role: read market data, read/write discovery/ in the results bucket, move run records, submit rounds to its own queue and job definition', () => {
    const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
    expect(policies).toHaveLength(1);
    const statements = (policies[0]?.Properties.PolicyDocument as { Statement: { Sid: string; Action: string | string[]; Resource: unknown }[] }).Statement;
    const bySid = new Map(statements.map((s) => [s.Sid, s]));
    expect([...bySid.keys()].sort()).toEqual(['DescribeOwnJob', 'ListDiscoveryBuckets', 'ReadMarketData', 'ReadWriteDiscoveryRuns', 'SubmitDiscoveryRounds', 'UpdateDiscoveryRuns']);
    expect(bySid.get('UpdateDiscoveryRuns')?.Action).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(JSON.stringify(bySid.get('ReadWriteDiscoveryRuns')?.Resource)).toContain('/discovery/*');
    expect(bySid.get('SubmitDiscoveryRounds')?.Action).toBe('batch:SubmitJob');
    const submit = JSON.stringify(bySid.get('SubmitDiscoveryRounds')?.Resource);
    expect(submit).toContain(queueId);
    expect(submit).toContain('job-definition/Tradeloop-strategy-discovery:*');
    // No delete anywhere, and no grant on the other job definitions.
    expect(JSON.stringify(statements)).not.toMatch(/Delete/);
    expect(submit).not.toContain('backtest-sweep');
  });

  it('submits the coordinator every weekday night through Scheduler with a valid default spec inline, one run folder per scheduled time', () => {
    const schedules = Object.values(resourcesOf(template, 'AWS::Scheduler::Schedule')).filter((s) => String(s.Properties.Description).startsWith('Nightly strategy discovery'));
    expect(schedules).toHaveLength(1);
    const schedule = schedules[0];
    expect(schedule?.Properties.ScheduleExpression).toBe(NIGHTLY_DISCOVERY_CRON);
    expect(schedule?.Properties.ScheduleExpressionTimezone).toBe('America/New_York');
    const target = schedule?.Properties.Target as { Arn: unknown; Input: unknown; RoleArn: unknown; DeadLetterConfig: unknown };
    expect(JSON.stringify(target.Arn)).toContain(':scheduler:::aws-sdk:batch:submitJob');
    expect(target.DeadLetterConfig).toBeDefined();
    const schedulerRoleId = stack.getLogicalId(stack.batchJobs.discoverySchedulerRole.node.defaultChild as never);
    expect(target.RoleArn).toEqual({ 'Fn::GetAtt': [schedulerRoleId, 'Arn'] });
    // The input is a Fn::Join of text and ARN/bucket tokens: with each token as TOKEN it is plain JSON.
    const join = target.Input as { 'Fn::Join'?: [string, unknown[]] } | string;
    const text = typeof join === 'string' ? join : (join['Fn::Join']?.[1] ?? []).map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
    const body = JSON.parse(text) as { JobName: string; JobDefinition: string; Parameters: Record<string, string> };
    expect(JSON.stringify(join)).toContain(definitionId);
    expect(body.JobName).toBe('nightly-strategy-discovery');
    expect(body.Parameters).toMatchObject({ mode: 'step', round: '0', spec: 's3://TOKEN/discovery/nightly/<aws.scheduler.scheduled-time>/spec.json' });
    expect(DiscoverySpecV1.parse(JSON.parse(body.Parameters.initSpec ?? 'null'))).toEqual(DiscoverySpecV1.parse(NIGHTLY_DISCOVERY_SPEC));
    const policy = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).find((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: schedulerRoleId }]));
    const statements = (policy?.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('batch:'))).toEqual([
      expect.objectContaining({ Action: 'batch:SubmitJob', Resource: [{ 'Fn::GetAtt': [queueId, 'JobQueueArn'] }, { Ref: definitionId }] }),
    ]);
  });
});
