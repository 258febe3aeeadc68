import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DeadLetterV1, EVENT_BUS_NAME } from '../../layers/contracts';
import type { OrderIntentV1 } from '../../layers/contracts';
import { createEventBridgeClient, createSqsClient } from '../../layers/adapters/aws/clients';
import { container } from '../../layers/adapters/runtime/container';
import { createAsyncInvoker, FailureLog, LocalFunction } from '../../local/lambda';
import { HANDLERS } from '../../local/runtime/handlers';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { newYork, startOnTestStandins } from './support';

const sqs = createSqsClient();

function queueUrl(name: string): string {
  const url = process.env[name];
  if (!url) throw new Error(`${name} is not set`);
  return url;
}

/** Reads and deletes every letter (a FIFO queue hands out one message of a group at a time). */
async function drainDeadLetters(url: string): Promise<DeadLetterV1[]> {
  const letters: DeadLetterV1[] = [];
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
    const messages = out.Messages ?? [];
    if (messages.length === 0) return letters;
    for (const message of messages) {
      letters.push(DeadLetterV1.parse(JSON.parse(message.Body ?? '')));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}

/** Malformed messages and events get a clear error, go to a dead-letter queue with the reason, and block nothing else. */
describe('bad input on the embedded default', () => {
  let tradeloop: LocalTradeloop;

  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-07' });
    tradeloop.broker.advanceTo(newYork('2013-10-07T10:00'));
  });
  afterAll(async () => {
    await tradeloop.stop();
  });

  it('parks malformed order intents in the DLQ with their validation error and still verifies the good one', async () => {
    const now = newYork('2013-10-07T10:00');
    const good: OrderIntentV1 = {
      schema: 'OrderIntentV1',
      intentId: `${tradeloop.accountId}:manual:SPY:${now}`,
      accountId: tradeloop.accountId,
      strategyId: 'manual',
      signalId: `manual:SPY:${now}`,
      symbol: 'SPY',
      side: 'buy',
      quantity: '1',
      orderType: 'market',
      timeInForce: 'day',
      referencePrice: '168.50',
      marketDataAt: now - 60_000,
      createdAt: now,
    };
    const url = queueUrl('TRADELOOP_ORDER_INTENTS_QUEUE_URL');
    const send = (body: string, id: string) =>
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: tradeloop.accountId, MessageDeduplicationId: id }));
    await send('{not json', 'bad-json');
    await send(JSON.stringify({ ...good, intentId: 'x', quantity: -5 }), 'bad-schema');
    await send(JSON.stringify(good), 'good');
    await tradeloop.settle();

    const letters = await drainDeadLetters(queueUrl('TRADELOOP_ORDER_INTENTS_DLQ_URL'));
    expect(letters).toHaveLength(2);
    for (const letter of letters) {
      expect(letter.source).toBe('verify-trade');
      expect(letter.errorClass).toBe('validation');
    }
    expect(letters.map((l) => l.originalBody)).toContain('{not json');
    expect(letters.find((l) => l.originalBody !== '{not json')?.reason).toMatch(/quantity/);

    const decisions = await container().aws.stores.riskAudit.listByAccount(tradeloop.accountId, 10);
    expect(decisions.map((d) => d.intentId)).toEqual([good.intentId]);
  });

  it('parks a malformed bar in the bars DLQ and still applies the next bar of the symbol', async () => {
    const url = queueUrl('TRADELOOP_BARS_QUEUE_URL');
    const before = tradeloop.invocations['signal-engine'] ?? 0;
    await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ schema: 'BarClosedV1', symbol: 'SPY', close: 'x' }), MessageGroupId: 'SPY', MessageDeduplicationId: 'bad-bar' }),
    );
    await tradeloop.settle();
    const letters = await drainDeadLetters(queueUrl('TRADELOOP_BARS_DLQ_URL'));
    expect(letters).toHaveLength(1);
    expect(letters[0]?.source).toBe('signal-engine');
    expect(letters[0]?.reason).toMatch(/close/);
    expect(tradeloop.invocations['signal-engine']).toBeGreaterThan(before);
  });

  it('parks a malformed approved order in the orders DLQ without calling the broker', async () => {
    const before = tradeloop.broker.orders().length;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl('TRADELOOP_ORDERS_QUEUE_URL'),
        MessageBody: JSON.stringify({ schema: 'ApprovedOrderV1', clientOrderId: 'x' }),
        MessageGroupId: tradeloop.accountId,
        MessageDeduplicationId: 'bad-approved',
      }),
    );
    await tradeloop.settle();
    const letters = await drainDeadLetters(queueUrl('TRADELOOP_ORDERS_DLQ_URL'));
    expect(letters).toHaveLength(1);
    expect(letters[0]?.source).toBe('execute-order');
    expect(letters[0]?.reason).toMatch(/intent/);
    // Only the good intent of the previous test may have reached the broker.
    expect(tradeloop.broker.orders().length).toBeLessThanOrEqual(before + 1);
  });

  it('answers a malformed event with a failed entry and its reason, and delivers the valid one beside it', async () => {
    const events = createEventBridgeClient();
    const bar = {
      schema: 'BarClosedV1',
      symbol: 'SPY',
      timeframe: '1Min',
      start: newYork('2013-10-07T09:58'),
      open: 168.1,
      high: 168.2,
      low: 168,
      close: 168.15,
      volume: 1000,
      feed: 'iex',
    };
    const before = { ...tradeloop.bus.stats };
    const out = await events.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: EVENT_BUS_NAME, Source: 'tradeloop.market', DetailType: 'bar.closed', Detail: JSON.stringify({ ...bar, high: -1 }) },
          { EventBusName: EVENT_BUS_NAME, Source: 'tradeloop.market', DetailType: 'bar.closed', Detail: JSON.stringify(bar) },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries?.[0]?.ErrorMessage).toMatch(/high/);
    expect(out.Entries?.[1]?.EventId).toBeDefined();
    await tradeloop.settle();
    expect(tradeloop.bus.stats.published).toBe(before.published + 1);
    expect(tradeloop.bus.stats.failed).toBe(before.failed + 1);
  });

  it('sends an event that fails its schema in the handler (AWS does not validate) to the function DLQ with the reason', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `reconcile-failures-${Date.now()}` }));
    if (!QueueUrl) throw new Error('no queue');
    const failures = new FailureLog();
    const invoke = createAsyncInvoker({
      fn: new LocalFunction({ name: 'reconcile', handler: HANDLERS.reconcile }),
      deadLetterQueueUrl: QueueUrl,
      sqs,
      failures,
    });
    const outcome = await invoke({
      version: '0',
      id: 'e1',
      'detail-type': 'routine.started',
      source: 'tradeloop.calendar',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: { schema: 'RoutineStartedV1', routine: 'lunch', sessionDate: '2013-10-07', at: 0 },
    });
    expect(outcome.status).toBe('dead-lettered');
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }));
    const message = out.Messages?.[0];
    expect(message?.MessageAttributes?.['ErrorMessage']?.StringValue).toMatch(/routine/);
    expect(JSON.parse(message?.Body ?? '{}')).toMatchObject({ id: 'e1' });
  });
});

