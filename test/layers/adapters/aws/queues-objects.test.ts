import { DeleteMessageCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { provisionLocalResources, type ProvisionedResources } from '../../../../local/provision';
import { createAwsAdapters } from '../../../../layers/adapters/aws';
import { createSqsClient } from '../../../../layers/adapters/aws/clients';
import { S3ObjectStore } from '../../../../layers/adapters/aws/objects';
import { SqsApprovedOrderQueue, SqsDeadLetterSink, SqsOrderIntentQueue } from '../../../../layers/adapters/aws/queues';
import type { OrderIntentV1 } from '../../../../layers/contracts';
import { orderIntent } from '../../../support/order-intent';

const prefix = `q${Date.now().toString(36)}-`;
const sqs = createSqsClient();
let resources: ProvisionedResources;

beforeAll(async () => {
  resources = await provisionLocalResources({ prefix, visibilityTimeoutSeconds: 1 });
});

const intent = (intentId: string): OrderIntentV1 => orderIntent({ intentId, marketDataAt: 1, createdAt: 2 });

/** Drains a queue: receive and delete until empty (fauxqs hands out one in-flight message per FIFO group). */
async function receiveAll(queueUrl: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: all.length === 0 ? 1 : 0,
        MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (!Messages || Messages.length === 0) return all;
    for (const m of Messages) {
      all.push(m);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
}

describe('SQS adapters', () => {
  it('sends intents FIFO with group = account and dedup = intent id; a duplicate is dropped', async () => {
    const queue = new SqsOrderIntentQueue({ queueUrl: resources.queueUrls['order-intents'].url });
    await queue.send(intent('i1'));
    await queue.send(intent('i1'));
    await queue.send(intent('i2'));
    const messages = await receiveAll(resources.queueUrls['order-intents'].url);
    expect(messages.map((m) => (JSON.parse(m.Body ?? '{}') as OrderIntentV1).intentId)).toEqual(['i1', 'i2']);
    expect(messages[0]?.Attributes).toMatchObject({ MessageGroupId: 'acct1', MessageDeduplicationId: 'i1' });
  });

  it('refuses an invalid intent before sending', async () => {
    const queue = new SqsOrderIntentQueue({ queueUrl: resources.queueUrls['order-intents'].url, client: sqs });
    await expect(queue.send({ ...intent('bad'), quantity: '-1' })).rejects.toThrow();
  });

  it('sends approved orders to the orders queue', async () => {
    const queue = new SqsApprovedOrderQueue({ queueUrl: resources.queueUrls.orders.url });
    await queue.send({ schema: 'ApprovedOrderV1', intent: intent('i3'), clientOrderId: 'tl-i3', policyVersion: 1, approvedAt: 3 });
    const [message] = await receiveAll(resources.queueUrls.orders.url);
    expect(JSON.parse(message?.Body ?? '{}')).toMatchObject({ clientOrderId: 'tl-i3', intent: { intentId: 'i3' } });
    expect(message?.Attributes).toMatchObject({ MessageGroupId: 'acct1', MessageDeduplicationId: 'i3' });
  });

  it('parks dead letters in the FIFO DLQ with reason and error class attributes', async () => {
    const sink = new SqsDeadLetterSink({ queueUrl: resources.queueUrls['order-intents'].dlqUrl });
    const letter = {
      schema: 'DeadLetterV1' as const,
      source: 'verify-trade',
      reason: 'invalid message: quantity',
      errorClass: 'validation' as const,
      originalBody: '{"quantity":-1}',
      failedAt: 5,
    };
    await sink.park(letter);
    await sink.park({ ...letter, failedAt: 6 }); // the same message parked again by a retried batch
    const messages = await receiveAll(resources.queueUrls['order-intents'].dlqUrl);
    expect(messages).toHaveLength(1);
    expect(JSON.parse(messages[0]?.Body ?? '{}')).toEqual(letter);
    expect(messages[0]?.MessageAttributes?.['reason']?.StringValue).toBe('invalid message: quantity');
    expect(messages[0]?.MessageAttributes?.['errorClass']?.StringValue).toBe('validation');
  });
});

describe('S3ObjectStore', () => {
  it('puts, gets and lists objects; a missing key is undefined', async () => {
    const store = new S3ObjectStore({ bucket: resources.buckets.results });
    await store.put('runs/1/summary.json', '{"sharpe":1.2}', 'application/json');
    await store.put('runs/2/equity.bin', new Uint8Array([1, 2, 3]));
    await store.put('other/x', 'y');
    expect(new TextDecoder().decode(await store.get('runs/1/summary.json'))).toBe('{"sharpe":1.2}');
    expect(Array.from((await store.get('runs/2/equity.bin')) ?? [])).toEqual([1, 2, 3]);
    expect(await store.get('runs/3/none')).toBeUndefined();
    expect(await store.list('runs/')).toEqual(['runs/1/summary.json', 'runs/2/equity.bin']);
  });
});

describe('createAwsAdapters', () => {
  it('wires the queues of the config so an intent sent through it lands on the provisioned queue', async () => {
    const adapters = createAwsAdapters({
      TRADELOOP_ACCOUNT_ID: 'acct1',
      TRADELOOP_EVENT_BUS: 'tradeloop',
      TRADELOOP_TABLE_PREFIX: prefix,
      TRADELOOP_BARS_QUEUE_URL: resources.queueUrls.bars.url,
      TRADELOOP_BARS_DLQ_URL: resources.queueUrls.bars.dlqUrl,
      TRADELOOP_ORDER_INTENTS_QUEUE_URL: resources.queueUrls['order-intents'].url,
      TRADELOOP_ORDER_INTENTS_DLQ_URL: resources.queueUrls['order-intents'].dlqUrl,
      TRADELOOP_ORDERS_QUEUE_URL: resources.queueUrls.orders.url,
      TRADELOOP_ORDERS_DLQ_URL: resources.queueUrls.orders.dlqUrl,
      TRADELOOP_WATCHLIST: ['SPY'],
      TRADELOOP_MARKET_DATA_FEED: 'iex',
      TRADELOOP_ALPACA_SECRET_ID: 'x',
      TRADELOOP_ALPACA_TRADING_URL: 'http://127.0.0.1:1',
      TRADELOOP_ALPACA_DATA_URL: 'http://127.0.0.1:1',
      TRADELOOP_CLOCK: 'system',
    });
    await adapters.orderIntents.send(intent('i9'));
    const [message] = await receiveAll(resources.queueUrls['order-intents'].url);
    expect(JSON.parse(message?.Body ?? '{}')).toMatchObject({ intentId: 'i9' });
    expect(await adapters.stores.idempotency.markOnce('wired', 60)).toBe(true);
  });
});
