import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { provisionLocalResources } from '../../local/provision';
import { createS3Client, createSqsClient } from '../../layers/adapters/aws/clients';
import { BUCKETS, QUEUES, TABLES, physicalName } from '../../layers/contracts';

const prefix = `prov${Date.now().toString(36)}-`;
const dynamo = new DynamoDBClient({});
const sqs = createSqsClient();
const s3 = createS3Client();

describe('provisionLocalResources', () => {
  it('creates every table with its keys, GSIs and numeric time sort keys', async () => {
    const resources = await provisionLocalResources({ prefix });
    expect(resources.tablePrefix).toBe(prefix);
    for (const name of Object.keys(TABLES) as (keyof typeof TABLES)[]) {
      const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: physicalName.table(prefix, name) }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.KeySchema?.[0]).toEqual({ AttributeName: TABLES[name].partitionKey, KeyType: 'HASH' });
      expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName)).toEqual(
        (TABLES[name].globalIndexes ?? []).map((i) => i.name),
      );
    }
    const { Table: orders } = await dynamo.send(new DescribeTableCommand({ TableName: physicalName.table(prefix, 'orders') }));
    expect(orders?.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'clientOrderId', AttributeType: 'S' },
        { AttributeName: 'createdAt', AttributeType: 'N' },
      ]),
    );
  });

  it('creates FIFO queues whose redrive policy points at a FIFO DLQ, with the visibility override', async () => {
    const resources = await provisionLocalResources({ prefix, visibilityTimeoutSeconds: 2, maxReceiveCount: 3 });
    for (const name of Object.keys(QUEUES) as (keyof typeof QUEUES)[]) {
      const queue = resources.queueUrls[name];
      expect(queue.url).toContain(physicalName.queue(prefix, name));
      expect(queue.dlqUrl).toContain(physicalName.deadLetterQueue(prefix, name));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['All'] }));
      expect(Attributes?.FifoQueue).toBe('true');
      expect(Attributes?.VisibilityTimeout).toBe('2');
      expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: queue.dlqArn, maxReceiveCount: 3 });
      const { Attributes: dlq } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.dlqUrl, AttributeNames: ['FifoQueue'] }));
      expect(dlq?.FifoQueue).toBe('true');
    }
  });

  it('is idempotent and the provisioned queues and buckets are usable', async () => {
    const first = await provisionLocalResources({ prefix });
    const second = await provisionLocalResources({ prefix });
    expect(second).toEqual(first);
    const url = second.queueUrls['order-intents'].url;
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd' }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    expect(Messages?.[0]?.Body).toBe('x');
    for (const bucket of BUCKETS) {
      expect(second.buckets[bucket]).toBe(physicalName.bucket(prefix, bucket));
      await expect(s3.send(new HeadBucketCommand({ Bucket: second.buckets[bucket] }))).resolves.toBeDefined();
    }
  });
});
