import { Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import type { CfnJobDefinition } from 'aws-cdk-lib/aws-batch';
import type { IConstruct } from 'constructs';
import { TABLES, type FunctionName, type TableName } from '../layers/contracts/wiring';
import { alpacaDailyBarCachePrefix } from './constructs/gpu-batch-jobs';
import type { TradeloopStack } from './stacks/tradeloop-stack';
import { FUNCTION_PERMISSIONS } from './stacks/tradeloop-stack';

/** One cdk-nag finding we accept, on one construct, with the reason written down. */
export interface NagAcknowledgement {
  readonly construct: IConstruct;
  /** Rule id, with the finding in brackets for rules that report several (IAM4, IAM5). */
  readonly id: string;
  readonly reason: string;
}

/** The `<LogicalId.Arn>` token cdk-nag prints for a resource's ARN. */
function arnToken(resource: IConstruct): string {
  const cfn = resource.node.defaultChild as CfnResource;
  return `<${Stack.of(resource).getLogicalId(cfn)}.Arn>`;
}

/**
 * Every cdk-nag (AwsSolutions) finding the stack keeps, each with the reason it is acceptable.
 * The test in test/lib/nag.test.ts fails on any finding not listed here.
 */
export function nagAcknowledgements(stack: TradeloopStack): NagAcknowledgement[] {
  const out: NagAcknowledgement[] = [];

  out.push({
    construct: stack.alpacaSecret,
    id: 'AwsSolutions-SMG4',
    reason:
      'Alpaca API keys are issued and rotated in the Alpaca dashboard; Secrets Manager cannot rotate them. The operator replaces the secret value when rotating.',
  });

  for (const [name, queue] of stack.failureQueues) {
    out.push({
      construct: queue,
      id: 'AwsSolutions-SQS3',
      reason: `${name} is itself a dead-letter queue (Lambda on-failure destination or EventBridge/Scheduler target DLQ, alarmed when not empty); SQS3 only recognises DLQs named in another queue's redrive policy.`,
    });
  }

  for (const [name, fn] of Object.entries(stack.functions) as [FunctionName, (typeof stack.functions)[FunctionName]][]) {
    out.push({
      construct: fn.role,
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        name === 'control-api'
          ? 'X-Ray active tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) and batch:DescribeJobs (GET /backtests/{id} asks Batch whether a sweep job failed) do not support resource-level permissions.'
          : 'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
    });
    const indexedTables = (Object.keys(FUNCTION_PERMISSIONS[name].tables) as TableName[]).filter(
      (table) => (TABLES[table].globalIndexes ?? []).length > 0,
    );
    for (const table of indexedTables) {
      out.push({
        construct: fn.role,
        id: `AwsSolutions-IAM5[Resource::${arnToken(stack.tables.tables[table])}/index/*]`,
        reason: `The table grant covers the ${table} table's global secondary indexes (table/${table}/index/*) so the function can query them; no other table is included.`,
      });
    }
  }

  out.push({
    construct: stack.functions['control-api'].role,
    id: `AwsSolutions-IAM5[Resource::${arnToken(stack.buckets.buckets.results)}/backtests/*]`,
    reason: 'POST /backtests writes each run\'s spec and GET /backtests/{id} reads its shard files and result under backtests/<runId>/, a key the API derives per run; only that prefix of the results bucket.',
  });
  out.push({
    construct: stack.functions['control-api'].role,
    id: `AwsSolutions-IAM5[Resource::${arnToken(stack.buckets.buckets.results)}/discovery/*]`,
    reason: 'POST /discovery writes each run\'s spec under discovery/<runId>/, a key the API derives per run (GET /discovery/{id} lists its rounds); only that prefix of the results bucket.',
  });

  out.push({
    construct: stack.functions['signal-engine'].role,
    id: `AwsSolutions-IAM5[Resource::${arnToken(stack.buckets.buckets.models)}/models/*]`,
    reason: 'The signal engine reads the champion and challenger artefacts (models/<symbol>/<family>/<version>/), versions named by the registry at run time; read only, only that prefix of the models bucket.',
  });

  const calendar = stack.functions['market-calendar'];
  {
    out.push({
      construct: stack.schedules.role,
      id: `AwsSolutions-IAM5[Resource::${arnToken(calendar.function)}:*]`,
      reason: 'EventBridge Scheduler may invoke the market-calendar function and its versions/aliases (function ARN + ":*"); it is the only function this role can invoke.',
    });
  }

  const batch = stack.batchJobs;
  out.push({
    construct: batch.computeEnvironment,
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role]',
    reason: 'AWS Batch ECS container instances need the AWS-maintained ECS instance policy (register with the cluster, pull images, ship logs); AWS keeps it in step with the ECS agent.',
  });
  for (const definition of Object.values(batch.jobDefinitions)) {
    out.push({
      construct: definition.container.executionRole,
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken, needed to pull the job image, does not support resource-level permissions.',
    });
  }
  for (const bucket of ['data-lake', 'models', 'results'] as const) {
    out.push({
      construct: batch.jobRole,
      id: `AwsSolutions-IAM5[Resource::${arnToken(stack.buckets.buckets[bucket])}/*]`,
      reason: `GPU jobs read (and for models/results write) objects under keys they derive at run time (dates, model versions, sweep ids) in the ${bucket} bucket only.`,
    });
  }
  out.push(
    {
      construct: batch.trainingRole,
      id: `AwsSolutions-IAM5[Resource::${arnToken(stack.buckets.buckets['data-lake'])}/*]`,
      reason: 'The training job reads the Lean daily files of the symbols it trains, under a prefix chosen per run, or its Alpaca day cache (<host>/bars/1Day/…), in the data-lake bucket only (read-only here; the cache\'s put is acknowledged separately).',
    },
    {
      construct: batch.trainingRole,
      id: `AwsSolutions-IAM5[Resource::${arnToken(stack.buckets.buckets['data-lake'])}/${alpacaDailyBarCachePrefix(stack.batchJobs.alpacaDataUrl)}*]`,
      reason:
        'With --data-source alpaca the training job stores each finished day of Alpaca daily bars it fetched (<host>/bars/1Day/<feed>/<adjustment>/<SYMBOL>/<date>.json, symbols and dates known at run time); put only, only that prefix of the data-lake bucket.',
    },
    {
      construct: batch.trainingRole,
      id: `AwsSolutions-IAM5[Resource::${arnToken(stack.buckets.buckets.models)}/models/*]`,
      reason: 'The training job writes artefacts and manifests under models/<symbol>/<family>/<version>/, versions derived from content hashes at run time; no delete.',
    },
    {
      construct: batch.discoveryRole,
      id: `AwsSolutions-IAM5[Resource::${arnToken(stack.buckets.buckets['data-lake'])}/*]`,
      reason: 'The discovery job reads the Lean daily files of the symbol its spec names, under a prefix chosen per run, in the data-lake bucket only (read-only).',
    },
    {
      construct: batch.discoveryRole,
      id: `AwsSolutions-IAM5[Resource::${arnToken(stack.buckets.buckets.results)}/discovery/*]`,
      reason: 'The discovery job writes rounds, shard files and results under discovery/<run>/, run folders named at run time (API run id or the schedule time); no delete.',
    },
    {
      construct: batch.discoveryRole,
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:batch:<AWS::Region>:<AWS::AccountId>:job-definition/${(stack.batchJobs.jobDefinitions['strategy-discovery'].node.defaultChild as CfnJobDefinition).jobDefinitionName ?? ''}:*]`,
      reason:
        'The discovery coordinator submits each next round to its own job definition; the wildcard is its revision (the name is fixed), named rather than referenced because the job definition refers to this role.',
    },
    {
      construct: batch.discoveryRole,
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'batch:DescribeJobs (the coordinator reads its own queue and job definition) does not support resource-level permissions.',
    },
  );
  return out;
}

/** Records every acknowledgement on its construct (Validations.of(...).acknowledge). */
export function acknowledgeNagFindings(stack: TradeloopStack): void {
  for (const ack of nagAcknowledgements(stack)) {
    Validations.of(ack.construct).acknowledge({ id: ack.id, reason: ack.reason });
  }
}
