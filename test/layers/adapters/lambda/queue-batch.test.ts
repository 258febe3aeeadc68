import type { Context, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { RecordingDeadLetterSink } from '../../../../layers/adapters/memory';
import { TerminalError } from '../../../../layers/adapters/lambda/errors';
import { processQueueBatch } from '../../../../layers/adapters/lambda/queue-batch';
import { ExternalServiceError } from '../../../../layers/core/ports';

const Message = z.object({ id: z.string(), fail: z.enum(['no', 'retryable', 'terminal']).default('no') });

function record(messageId: string, group: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
      MessageGroupId: group,
      MessageDeduplicationId: messageId,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q.fifo',
    awsRegion: 'us-east-1',
  };
}

const context = { functionName: 'test', awsRequestId: 'r', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

describe('processQueueBatch', () => {
  it('parks bad messages with their reason, reports retryable ones, keeps each group in order and the rest flowing', async () => {
    const deadLetters = new RecordingDeadLetterSink();
    const handled: string[] = [];
    const result = await processQueueBatch(
      {
        Records: [
          record('a1', 'A', JSON.stringify({ id: 'a1' })),
          record('a2', 'A', '{broken'),
          record('a3', 'A', JSON.stringify({ id: 'a3', fail: 'retryable' })),
          record('a4', 'A', JSON.stringify({ id: 'a4' })), // after a retryable failure in its group: must wait
          record('b1', 'B', JSON.stringify({ id: 'b1', fail: 'terminal' })),
          record('b2', 'B', JSON.stringify({ id: 'b2', extra: 1, fail: 'sometimes' })),
          record('b3', 'B', JSON.stringify({ id: 'b3' })),
        ],
      },
      context,
      {
        source: 'test-consumer',
        schema: Message,
        deadLetters,
        now: () => 42,
        handle: async (message) => {
          if (message.fail === 'retryable') throw new ExternalServiceError('broker timed out', true, 'alpaca');
          if (message.fail === 'terminal') throw new TerminalError('this can never succeed');
          handled.push(message.id);
        },
      },
    );
    expect(handled).toEqual(['a1', 'b3']);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['a3', 'a4']);
    const parked = deadLetters.letters.map((l) => [l.originalBody.slice(0, 12), l.errorClass, l.source, l.failedAt]);
    expect(parked).toEqual([
      ['{broken', 'validation', 'test-consumer', 42],
      [JSON.stringify({ id: 'b1', fail: 'terminal' }).slice(0, 12), 'terminal', 'test-consumer', 42],
      [JSON.stringify({ id: 'b2', extra: 1, fail: 'sometimes' }).slice(0, 12), 'validation', 'test-consumer', 42],
    ]);
    expect(deadLetters.letters[2]?.reason).toMatch(/fail/);
  });

  it('retries a message whose parking failed instead of losing it', async () => {
    const result = await processQueueBatch({ Records: [record('c1', 'C', 'nope')] }, context, {
      source: 'test-consumer',
      schema: Message,
      deadLetters: { park: async () => Promise.reject(new Error('DLQ unavailable')) },
      now: () => 0,
      handle: async () => undefined,
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'c1' }]);
  });
});
