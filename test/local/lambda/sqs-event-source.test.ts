import { createHash, randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { FailureLog } from '../../../local/lambda/failures';
import { LocalFunction } from '../../../local/lambda/invoke';
import { SqsEventSourceMapping } from '../../../local/lambda/sqs-event-source';

const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

/** A FIFO queue with a FIFO DLQ and a redrive policy, as the wiring declares them. */
async function fifoWithDlq(maxReceiveCount: number): Promise<{ queueUrl: string; dlqUrl: string }> {
  const prefix = `esm-${randomUUID().slice(0, 8)}`;
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-dlq.fifo`, Attributes: { FifoQueue: 'true' } }));
  const dlqUrl = dlq.QueueUrl ?? '';
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${prefix}.fifo`,
      Attributes: {
        FifoQueue: 'true',
        VisibilityTimeout: '30',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl ?? '', dlqUrl };
}

/** Sends in one group, or one group per message with `distinctGroups` (fauxqs hands out one message per group per receive). */
async function send(queueUrl: string, bodies: readonly string[], distinctGroups = false): Promise<void> {
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: bodies.map((body, i) => ({
        Id: String(i),
        MessageBody: body,
        MessageGroupId: distinctGroups ? `acct-${i}` : 'acct-1',
        MessageDeduplicationId: `dedup-${body}`,
        MessageAttributes: { schema: { DataType: 'String', StringValue: 'OrderIntentV1' }, raw: { DataType: 'Binary', BinaryValue: Buffer.from('hi') } },
      })),
    }),
  );
}

describe('SqsEventSourceMapping', () => {
  const mappings: SqsEventSourceMapping[] = [];
  afterEach(async () => {
    await Promise.all(mappings.splice(0).map((m) => m.stop()));
  });

  it('delivers an SQSEvent shaped as Lambda builds it and deletes what succeeded', async () => {
    const { queueUrl } = await fifoWithDlq(5);
    const events: SQSEvent[] = [];
    const fn = new LocalFunction({ name: 'verify-trade', handler: async (event: unknown) => { events.push(event as SQSEvent); } });
    const mapping = new SqsEventSourceMapping({ fn, queueUrl, sqs, batchSize: 10, pollIntervalMs: 10 });
    mappings.push(mapping);
    await send(queueUrl, ['{"i":1}', '{"i":2}', '{"i":3}']);
    await mapping.start();
    await mapping.idle({ timeoutMs: 5000 });

    const records = events.flatMap((e) => e.Records);
    expect(records.map((r) => r.body)).toEqual(['{"i":1}', '{"i":2}', '{"i":3}']);
    const first = records[0];
    expect(first).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: expect.stringMatching(/^arn:aws:sqs:us-east-1:\d{12}:esm-.*\.fifo$/),
      awsRegion: 'us-east-1',
      md5OfBody: createHash('md5').update('{"i":1}').digest('hex'),
      attributes: expect.objectContaining({
        ApproximateReceiveCount: '1',
        MessageGroupId: 'acct-1',
        MessageDeduplicationId: 'dedup-{"i":1}',
        SentTimestamp: expect.stringMatching(/^\d+$/),
        SenderId: expect.any(String),
      }),
      messageAttributes: {
        schema: { stringValue: 'OrderIntentV1', stringListValues: [], binaryListValues: [], dataType: 'String' },
        raw: { binaryValue: Buffer.from('hi').toString('base64'), stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
    });
    expect(first?.messageId).toMatch(/\S+/);
    expect(first?.receiptHandle).toMatch(/\S+/);
    expect(mapping.stats).toMatchObject({ records: 3, succeeded: 3, failed: 0 });
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 0 }));
    expect(Messages ?? []).toHaveLength(0);
  });

  it('honours batchItemFailures: deletes the rest, redelivers the failure and redrives it to the DLQ after maxReceiveCount', async () => {
    const { queueUrl, dlqUrl } = await fifoWithDlq(2);
    const deliveries = new Map<string, number>();
    const failures = new FailureLog();
    const fn = new LocalFunction({
      name: 'verify-trade',
      handler: async (event: unknown): Promise<SQSBatchResponse> => {
        const { Records } = event as SQSEvent;
        for (const r of Records) deliveries.set(r.body, (deliveries.get(r.body) ?? 0) + 1);
        return { batchItemFailures: Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) };
      },
    });
    // retryVisibilitySeconds: 0 makes the failed message visible again at once (local acceleration).
    const mapping = new SqsEventSourceMapping({ fn, queueUrl, sqs, pollIntervalMs: 10, retryVisibilitySeconds: 0, failures });
    mappings.push(mapping);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'good', MessageGroupId: 'a', MessageDeduplicationId: 'g' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'poison', MessageGroupId: 'b', MessageDeduplicationId: 'p' }));
    await mapping.start();
    await mapping.idle({ timeoutMs: 5000 });

    expect(deliveries.get('good')).toBe(1);
    expect(deliveries.get('poison')).toBe(2);
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10 }));
    expect(Messages.map((m) => m.Body)).toEqual(['poison']);
    expect(failures.all().map((f) => f.outcome)).toEqual(['left-on-queue', 'left-on-queue']);
  });

  it('leaves the whole batch when the handler throws, or when a failure names an unknown id', async () => {
    const { queueUrl } = await fifoWithDlq(5);
    let calls = 0;
    const fn = new LocalFunction({
      name: 'execute-order',
      handler: async (event: unknown): Promise<SQSBatchResponse> => {
        calls += 1;
        if (calls === 1) throw new Error('broker down');
        if (calls === 2) return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
        expect((event as SQSEvent).Records.map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['3', '3']);
        return { batchItemFailures: [] };
      },
    });
    const mapping = new SqsEventSourceMapping({ fn, queueUrl, sqs, pollIntervalMs: 10, retryVisibilitySeconds: 0 });
    mappings.push(mapping);
    await send(queueUrl, ['x1', 'x2'], true);
    await mapping.start();
    await mapping.idle({ timeoutMs: 5000 });
    expect(calls).toBe(3);
    expect(mapping.stats).toMatchObject({ batches: 3, failed: 4, succeeded: 2 });
  });

  it('idle() waits for a batch in flight and for messages still in the queue', async () => {
    const { queueUrl } = await fifoWithDlq(5);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const fn = new LocalFunction({ name: 'verify-trade', handler: () => gate });
    const mapping = new SqsEventSourceMapping({ fn, queueUrl, sqs, pollIntervalMs: 10 });
    mappings.push(mapping);
    await send(queueUrl, ['only']);
    expect(await mapping.isIdle()).toBe(false); // not started: the message waits
    await mapping.start();
    let idle = false;
    const waiting = mapping.idle().then(() => { idle = true; });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(idle).toBe(false);
    release();
    await waiting;
    expect(idle).toBe(true);
    expect(await mapping.isIdle()).toBe(true);
  });

  it('rejects batch sizes SQS cannot deliver', () => {
    const fn = new LocalFunction({ name: 'verify-trade', handler: async () => undefined });
    expect(() => new SqsEventSourceMapping({ fn, queueUrl: 'http://x', batchSize: 11 })).toThrow(RangeError);
  });
});
