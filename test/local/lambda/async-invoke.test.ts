import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createAsyncInvoker } from '../../../local/lambda/async-invoke';
import { FailureLog } from '../../../local/lambda/failures';
import { LocalFunction } from '../../../local/lambda/invoke';

const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

async function createQueue(): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `async-dlq-${randomUUID().slice(0, 8)}` }));
  if (!QueueUrl) throw new Error('no queue url');
  return QueueUrl;
}

describe('createAsyncInvoker', () => {
  it('succeeds on the first attempt without touching the DLQ', async () => {
    const failures = new FailureLog();
    const invoke = createAsyncInvoker({ fn: new LocalFunction({ name: 'signal-engine', handler: async () => 'ok' }), failures });
    await expect(invoke({ a: 1 })).resolves.toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(failures.size).toBe(0);
  });

  it('retries asyncRetries times with one request id, and succeeds on a later attempt', async () => {
    const requestIds: string[] = [];
    let calls = 0;
    const fn = new LocalFunction({
      name: 'market-events', // asyncRetries: 2
      handler: async (_event, context) => {
        requestIds.push(context.awsRequestId);
        calls += 1;
        if (calls < 3) throw new Error('flaky');
        return 'ok';
      },
    });
    const outcome = await createAsyncInvoker({ fn })({});
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(new Set(requestIds).size).toBe(1);
  });

  it('after the retries sends the event to the DLQ with Lambda’s attributes and records the failure', async () => {
    const dlq = await createQueue();
    const failures = new FailureLog();
    let calls = 0;
    const fn = new LocalFunction({
      name: 'reconcile',
      handler: async () => {
        calls += 1;
        throw new TypeError('broker unreachable');
      },
    });
    const event = { 'detail-type': 'order.submitted', detail: { orderId: 'o-1' } };
    const outcome = await createAsyncInvoker({ fn, retries: 2, deadLetterQueueUrl: dlq, sqs, failures })(event);
    expect(calls).toBe(3);
    expect(outcome).toMatchObject({ status: 'dead-lettered', attempts: 3, errorType: 'TypeError', errorMessage: 'broker unreachable' });

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MessageAttributeNames: ['All'], MaxNumberOfMessages: 10 }));
    expect(Messages).toHaveLength(1);
    expect(JSON.parse(Messages[0]?.Body ?? '')).toEqual(event);
    expect(Messages[0]?.MessageAttributes).toMatchObject({
      RequestID: { DataType: 'String', StringValue: outcome.awsRequestId },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'broker unreachable' },
    });
    expect(failures.all()).toEqual([expect.objectContaining({ functionName: 'reconcile', outcome: 'dead-lettered', attempts: 3, payload: event })]);
  });

  it('keeps the event in the failure log when there is no DLQ', async () => {
    const failures = new FailureLog();
    const fn = new LocalFunction({ name: 'verify-trade', handler: async () => { throw new Error('nope'); } });
    const outcome = await createAsyncInvoker({ fn, failures })({ n: 7 });
    expect(outcome).toMatchObject({ status: 'retained', attempts: 1 }); // verify-trade: asyncRetries 0
    expect(failures.all()[0]).toMatchObject({ outcome: 'retained', payload: { n: 7 } });
    expect(failures.countsByFunction()).toEqual({ 'verify-trade': 1 });
  });
});
