import { Match } from 'aws-cdk-lib/assertions';
import { TABLE_RETENTION } from '../../lib/constructs/trading-tables';
import {
  BUCKETS,
  FUNCTIONS,
  NUMBER_KEY_ATTRIBUTES,
  QUEUES,
  RULES,
  SCHEDULES,
  TABLES,
  physicalName,
  type QueueName,
  type TableName,
} from '../../layers/contracts/wiring';
import { buildStack, resourcesOf } from './support';

const { stack, template } = buildStack();
const prefix = `${stack.stackName}-`;

function tableByName(name: TableName): Record<string, unknown> & { Properties: Record<string, unknown> } {
  const found = Object.values(resourcesOf(template, 'AWS::DynamoDB::Table')).find(
    (t) => t.Properties.TableName === physicalName.table(prefix, name),
  );
  if (found === undefined) throw new Error(`table ${name} not found`);
  return found;
}

describe('DynamoDB tables', () => {
  it('creates exactly the tables of TABLES', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', Object.keys(TABLES).length);
  });

  it.each(Object.entries(TABLES) as [TableName, (typeof TABLES)[TableName]][])('%s has the wiring keys, GSIs and TTL', (name, spec) => {
    const table = tableByName(name);
    const keySchema = [
      { AttributeName: spec.partitionKey, KeyType: 'HASH' },
      ...(spec.sortKey !== undefined ? [{ AttributeName: spec.sortKey, KeyType: 'RANGE' }] : []),
    ];
    expect(table.Properties.KeySchema).toEqual(keySchema);
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    const indexes = (table.Properties.GlobalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: unknown }[];
    expect(indexes.map((i) => i.IndexName).sort()).toEqual((spec.globalIndexes ?? []).map((i) => i.name).sort());
    for (const index of spec.globalIndexes ?? []) {
      expect(indexes.find((i) => i.IndexName === index.name)?.KeySchema).toEqual([
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        ...(index.sortKey !== undefined ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' }] : []),
      ]);
    }
    if (spec.ttlAttribute !== undefined) {
      expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: spec.ttlAttribute, Enabled: true });
    } else {
      expect(table.Properties.TimeToLiveSpecification).toBeUndefined();
    }
    for (const attribute of table.Properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[]) {
      expect(attribute.AttributeType).toBe(NUMBER_KEY_ATTRIBUTES.has(attribute.AttributeName) ? 'N' : 'S');
    }
  });

  it('protects money tables from deletion and retains registries', () => {
    for (const name of Object.keys(TABLES) as TableName[]) {
      const table = tableByName(name);
      const retention = TABLE_RETENTION[name];
      expect(table.Properties.DeletionProtectionEnabled).toBe(retention === 'money');
      expect(table.DeletionPolicy).toBe(retention === 'derived' ? 'Delete' : 'Retain');
    }
    expect(TABLE_RETENTION.orders).toBe('money');
    expect(TABLE_RETENTION.limits).toBe('money');
  });
});

describe('S3 buckets', () => {
  it('creates the wiring buckets plus one access-log bucket', () => {
    template.resourceCountIs('AWS::S3::Bucket', BUCKETS.length + 1);
  });

  it('versions, encrypts, blocks public access and logs every data bucket', () => {
    const logBucketId = stack.getLogicalId(stack.buckets.accessLogs.node.defaultChild as never);
    for (const name of BUCKETS) {
      const id = stack.getLogicalId(stack.buckets.buckets[name].node.defaultChild as never);
      const bucket = template.toJSON().Resources[id] as { Properties: Record<string, unknown> };
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: logBucketId },
        LogFilePrefix: `${name}/`,
      });
    }
  });

  it('denies non-TLS access on every bucket', () => {
    const policies = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(BUCKETS.length + 1);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument).toEqual(
        expect.objectContaining({
          Statement: expect.arrayContaining([
            expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        }),
      );
    }
  });
});

describe('SQS FIFO queues', () => {
  it.each(Object.entries(QUEUES) as [QueueName, (typeof QUEUES)[QueueName]][])('%s is FIFO with a FIFO DLQ and redrive', (name, spec) => {
    const dlqId = stack.getLogicalId(stack.queues.queues[name].deadLetterQueue.node.defaultChild as never);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: physicalName.queue(prefix, name),
      FifoQueue: true,
      ContentBasedDeduplication: false,
      VisibilityTimeout: spec.visibilityTimeoutSeconds,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: spec.maxReceiveCount },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: physicalName.deadLetterQueue(prefix, name),
      FifoQueue: true,
      SqsManagedSseEnabled: true,
    });
  });

  it('encrypts and enforces TLS on every queue', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    for (const queue of Object.values(queues)) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const policies = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'));
    const protectedQueues = new Set(
      policies
        .filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('"aws:SecureTransport":"false"'))
        .flatMap((p) => (p.Properties.Queues as { Ref: string }[]).map((q) => q.Ref)),
    );
    expect([...protectedQueues].sort()).toEqual(Object.keys(queues).sort());
  });

  it('consumes each queue with its consumer, batch size and partial batch failures', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', Object.keys(QUEUES).length);
    for (const [name, spec] of Object.entries(QUEUES) as [QueueName, (typeof QUEUES)[QueueName]][]) {
      const queueId = stack.getLogicalId(stack.queues.queues[name].queue.node.defaultChild as never);
      const fnId = stack.getLogicalId(stack.functions[spec.consumer].function.node.defaultChild as never);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        FunctionName: { Ref: fnId },
        BatchSize: spec.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });
});

describe('EventBridge bus and rules', () => {
  it('creates the tradeloop bus', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'tradeloop' });
  });

  it('creates one rule per RULES entry with the exact pattern, its target, retries and DLQ', () => {
    const rules = Object.values(resourcesOf(template, 'AWS::Events::Rule'));
    // + the drift.detected → Batch retraining rule (ModelRetraining): its target is a Batch job, not a function.
    expect(rules).toHaveLength(RULES.length + 1);
    expect(rules.filter((r) => JSON.stringify(r.Properties.Targets).includes('BatchParameters'))).toHaveLength(1);
    const busId = stack.getLogicalId(stack.routing.bus.node.defaultChild as never);
    for (const spec of RULES) {
      const rule = rules.find((r) => r.Properties.Description === spec.description);
      expect(rule).toBeDefined();
      expect(rule?.Properties.EventPattern).toEqual(spec.eventPattern);
      expect(rule?.Properties.EventBusName).toEqual({ Ref: busId });
      const fnId = stack.getLogicalId(stack.functions[spec.target].function.node.defaultChild as never);
      const targets = rule?.Properties.Targets as Record<string, unknown>[];
      expect(targets).toHaveLength(1);
      expect(targets[0]).toEqual(
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 900 },
          DeadLetterConfig: { Arn: expect.anything() },
        }),
      );
    }
  });

  it('runs the regime detector on the nightly and pre-market routines only', () => {
    const rules = RULES.filter((r) => r.target === 'regime-detector');
    expect(rules.map((r) => r.eventPattern)).toEqual([{ source: ['tradeloop.calendar'], 'detail-type': ['routine.started'], detail: { routine: ['nightly', 'pre-market'] } }]);
  });

  it('runs the risk report on the close and nightly routines only', () => {
    const rules = RULES.filter((r) => r.target === 'risk-report');
    expect(rules.map((r) => r.eventPattern)).toEqual([{ source: ['tradeloop.calendar'], 'detail-type': ['routine.started'], detail: { routine: ['close', 'nightly'] } }]);
  });

  it('archives events for replay', () => {
    template.resourceCountIs('AWS::Events::Archive', 1);
  });
});

describe('Asynchronous invocation failures', () => {
  it('gives every async target function a DLQ and the wiring retry count', () => {
    const asyncTargets = new Set([...RULES.map((r) => r.target), ...SCHEDULES.map((s) => s.target)]);
    const configs = Object.values(resourcesOf(template, 'AWS::Lambda::EventInvokeConfig'));
    for (const name of asyncTargets) {
      const fnId = stack.getLogicalId(stack.functions[name].function.node.defaultChild as never);
      const config = configs.find((c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: fnId }));
      expect(config?.Properties.MaximumRetryAttempts).toBe(FUNCTIONS[name].asyncRetries);
      expect(config?.Properties.MaximumEventAgeInSeconds).toBe(900);
      expect(config?.Properties.DestinationConfig).toEqual({ OnFailure: { Destination: expect.objectContaining({ 'Fn::GetAtt': expect.any(Array) }) } });
    }
  });
});

describe('EventBridge Scheduler', () => {
  it.each(SCHEDULES.map((s) => [s.name, s] as const))('%s runs in New York time with its routine, retries and DLQ', (_name, spec) => {
    const fnId = stack.getLogicalId(stack.functions[spec.target].function.node.defaultChild as never);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: spec.cron,
      ScheduleExpressionTimezone: 'America/New_York',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        Input: JSON.stringify({ schema: 'ScheduledRoutineV1', routine: spec.routine }),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 120 },
        DeadLetterConfig: { Arn: Match.anyValue() },
        RoleArn: Match.anyValue(),
      }),
    });
  });

  it('creates exactly one schedule per SCHEDULES entry, plus the nightly training and discovery submissions (test/lib/batch-and-bundling.test.ts, test/lib/strategy-discovery.test.ts)', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', SCHEDULES.length + 2);
  });
});
