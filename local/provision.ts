import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  BUCKETS,
  NUMBER_KEY_ATTRIBUTES,
  QUEUES,
  TABLES,
  physicalName,
  type BucketName,
  type QueueName,
  type TableName,
  type TableSpec,
} from '../layers/contracts';
import { createS3Client, createSqsClient } from '../layers/adapters/aws/clients';

/**
 * Creates every table, FIFO queue (with its FIFO dead-letter queue) and bucket of the wiring on
 * the stand-ins (dynalite, fauxqs) with the real SDK clients. Idempotent: resources that already
 * exist are reused, so `npm start` and each test file can call it without coordination.
 */

export interface ProvisionOptions {
  /** Prefix of every physical name (a per-run or per-test-file prefix locally). */
  readonly prefix: string;
  /** Overrides the wiring's visibility timeout (seconds); locally a short one makes redrive fast. */
  readonly visibilityTimeoutSeconds?: number;
  /** Overrides the wiring's maxReceiveCount before a message moves to the DLQ. */
  readonly maxReceiveCount?: number;
  readonly dynamo?: DynamoDBClient;
  readonly sqs?: SQSClient;
  readonly s3?: S3Client;
}

export interface ProvisionedQueue {
  readonly url: string;
  readonly dlqUrl: string;
  readonly arn: string;
  readonly dlqArn: string;
}

export interface ProvisionedResources {
  /** Table prefix: physical table name = physicalName.table(tablePrefix, name). */
  readonly tablePrefix: string;
  readonly tables: Readonly<Record<TableName, string>>;
  readonly queueUrls: Readonly<Record<QueueName, ProvisionedQueue>>;
  /** Physical bucket name per logical bucket. */
  readonly buckets: Readonly<Record<BucketName, string>>;
}

/** Creates (or finds) every table, queue and bucket of the wiring under `prefix`. */
export async function provisionLocalResources(options: ProvisionOptions): Promise<ProvisionedResources> {
  const dynamo = options.dynamo ?? new DynamoDBClient({});
  const sqs = options.sqs ?? createSqsClient();
  const s3 = options.s3 ?? createS3Client();
  const { prefix } = options;

  const tableNames = Object.keys(TABLES) as TableName[];
  const queueNames = Object.keys(QUEUES) as QueueName[];

  const [tables, queues, buckets] = await Promise.all([
    Promise.all(
      tableNames.map(async (name) => {
        const physical = physicalName.table(prefix, name);
        await ensureTable(dynamo, physical, TABLES[name]);
        return [name, physical] as const;
      }),
    ),
    Promise.all(
      queueNames.map(async (name) => [name, await ensureFifoQueueWithDlq(sqs, prefix, name, options)] as const),
    ),
    Promise.all(
      BUCKETS.map(async (name) => {
        const physical = physicalName.bucket(prefix, name);
        await ensureBucket(s3, physical);
        return [name, physical] as const;
      }),
    ),
  ]);

  return {
    tablePrefix: prefix,
    tables: Object.fromEntries(tables) as Record<TableName, string>,
    queueUrls: Object.fromEntries(queues) as Record<QueueName, ProvisionedQueue>,
    buckets: Object.fromEntries(buckets) as Record<BucketName, string>,
  };
}

// ---------------------------------------------------------------- tables

function attributeType(name: string): 'S' | 'N' {
  return NUMBER_KEY_ATTRIBUTES.has(name) ? 'N' : 'S';
}

function keySchema(partitionKey: string, sortKey?: string): KeySchemaElement[] {
  return [
    { AttributeName: partitionKey, KeyType: 'HASH' },
    ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
  ];
}

/** The CreateTable input of a wiring table (exported so tests and CDK checks can compare). */
export function createTableInput(tableName: string, spec: TableSpec) {
  const keyNames = new Set<string>([spec.partitionKey]);
  if (spec.sortKey) keyNames.add(spec.sortKey);
  const indexes: GlobalSecondaryIndex[] = (spec.globalIndexes ?? []).map((index) => {
    keyNames.add(index.partitionKey);
    if (index.sortKey) keyNames.add(index.sortKey);
    return {
      IndexName: index.name,
      KeySchema: keySchema(index.partitionKey, index.sortKey),
      Projection: { ProjectionType: 'ALL' },
    };
  });
  const attributes: AttributeDefinition[] = [...keyNames].map((name) => ({
    AttributeName: name,
    AttributeType: attributeType(name),
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema: keySchema(spec.partitionKey, spec.sortKey),
    AttributeDefinitions: attributes,
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
  };
}

async function ensureTable(dynamo: DynamoDBClient, tableName: string, spec: TableSpec): Promise<void> {
  try {
    await dynamo.send(new CreateTableCommand(createTableInput(tableName, spec)));
  } catch (error) {
    // A second call (or a concurrent one) finds the table there: that is the idempotent path.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilActive(dynamo, tableName);
  if (spec.ttlAttribute) {
    try {
      await dynamo.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
        }),
      );
    } catch {
      // dynalite does not expire items and may not implement UpdateTimeToLive; the attribute is
      // still written by the stores, so nothing locally depends on TTL being switched on.
    }
  }
}

async function waitUntilActive(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  // dynalite is started with createTableMs: 0, so this normally returns on the first look.
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

// ---------------------------------------------------------------- queues

async function ensureQueue(sqs: SQSClient, queueName: string, attributes: Record<string, string>): Promise<string> {
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }));
    if (!QueueUrl) throw new Error(`CreateQueue returned no URL for ${queueName}`);
    return QueueUrl;
  } catch (error) {
    // SQS refuses CreateQueue for an existing queue whose attributes differ (e.g. another
    // visibility timeout): reuse the queue and bring its attributes in line instead.
    const name = error instanceof Error ? error.name : '';
    if (!/QueueAlreadyExists|QueueNameExists/.test(name)) throw error;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    if (!QueueUrl) throw error;
    const { FifoQueue: _fifo, ...mutable } = attributes;
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: mutable }));
    return QueueUrl;
  }
}

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`no QueueArn for ${queueUrl}`);
  return arn;
}

async function ensureFifoQueueWithDlq(
  sqs: SQSClient,
  prefix: string,
  name: QueueName,
  options: ProvisionOptions,
): Promise<ProvisionedQueue> {
  const spec = QUEUES[name];
  // A FIFO queue's DLQ must itself be FIFO. It keeps messages 14 days, the most SQS allows.
  const dlqUrl = await ensureQueue(sqs, physicalName.deadLetterQueue(prefix, name), {
    FifoQueue: 'true',
    MessageRetentionPeriod: '1209600',
  });
  const dlqArn = await queueArn(sqs, dlqUrl);
  const url = await ensureQueue(sqs, physicalName.queue(prefix, name), {
    FifoQueue: 'true',
    VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? spec.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlqArn,
      maxReceiveCount: options.maxReceiveCount ?? spec.maxReceiveCount,
    }),
  });
  return { url, dlqUrl, arn: await queueArn(sqs, url), dlqArn };
}

// ---------------------------------------------------------------- buckets

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (!/BucketAlreadyOwnedByYou|BucketAlreadyExists/.test(name)) throw error;
  }
}
