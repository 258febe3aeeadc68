import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ApprovedOrderV1, BarClosedV1, DeadLetterV1, OrderIntentV1 } from '../../contracts';
import type { ApprovedOrderQueue, BarQueue, DeadLetterSink, OrderIntentQueue } from '../../core/ports';
import { createSqsClient } from './clients';

/** Where an SQS adapter sends, and optionally a client to share. */
export interface SqsQueueOptions {
  readonly queueUrl: string;
  readonly client?: SQSClient;
}

/**
 * The bars FIFO queue. Group = symbol: the signal engine applies one symbol's bars strictly in time
 * order while symbols proceed in parallel. Dedup id = symbol and bar start, so a bar re-published
 * within SQS's 5-minute window (a retried market-events run) is dropped by SQS itself.
 */
export class SqsBarQueue implements BarQueue {
  private readonly client: SQSClient;

  constructor(private readonly options: SqsQueueOptions) {
    this.client = options.client ?? createSqsClient();
  }

  async send(bar: BarClosedV1): Promise<void> {
    const body = BarClosedV1.parse(bar);
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.options.queueUrl,
        MessageBody: JSON.stringify(body),
        MessageGroupId: body.symbol,
        MessageDeduplicationId: `${body.symbol}-${body.start}`,
      }),
    );
  }
}

/**
 * The order-intents FIFO queue. Group = account (one account's intents are verified in order);
 * dedup id = intent id (a re-sent intent within SQS's 5-minute window is dropped by SQS).
 * The body is validated before sending: a malformed intent fails at its producer, not in verify-trade.
 */
export class SqsOrderIntentQueue implements OrderIntentQueue {
  private readonly client: SQSClient;

  constructor(private readonly options: SqsQueueOptions) {
    this.client = options.client ?? createSqsClient();
  }

  async send(intent: OrderIntentV1): Promise<void> {
    const body = OrderIntentV1.parse(intent);
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.options.queueUrl,
        MessageBody: JSON.stringify(body),
        MessageGroupId: body.accountId,
        MessageDeduplicationId: body.intentId,
      }),
    );
  }
}

/** The orders FIFO queue of approved orders: group = account, dedup id = intent id. */
export class SqsApprovedOrderQueue implements ApprovedOrderQueue {
  private readonly client: SQSClient;

  constructor(private readonly options: SqsQueueOptions) {
    this.client = options.client ?? createSqsClient();
  }

  async send(order: ApprovedOrderV1): Promise<void> {
    const body = ApprovedOrderV1.parse(order);
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.options.queueUrl,
        MessageBody: JSON.stringify(body),
        MessageGroupId: body.intent.accountId,
        MessageDeduplicationId: body.intent.intentId,
      }),
    );
  }
}

/** SQS caps MessageDeduplicationId and MessageGroupId at 128 characters. */
const MAX_ID_LENGTH = 128;

/** Keeps the characters SQS allows in group and dedup ids (alphanumerics and punctuation). */
function sqsId(raw: string): string {
  const cleaned = raw.replace(/[^\x21-\x7e]/g, '_');
  return cleaned.length <= MAX_ID_LENGTH ? cleaned : cleaned.slice(0, MAX_ID_LENGTH);
}

/**
 * Parks unprocessable messages in a queue's FIFO dead-letter queue. The reason and error class
 * travel as message attributes too, so an operator (or a redrive tool) can filter without parsing.
 * Group = the consuming source (parked letters are not ordered per account); dedup id = source +
 * a hash of the original body, so parking the same message again (a retried batch) within SQS's
 * five-minute window stores it once.
 */
export class SqsDeadLetterSink implements DeadLetterSink {
  private readonly client: SQSClient;

  constructor(private readonly options: SqsQueueOptions) {
    this.client = options.client ?? createSqsClient();
  }

  async park(letter: DeadLetterV1): Promise<void> {
    const body = DeadLetterV1.parse(letter);
    const digest = createHash('sha256').update(body.originalBody).digest('hex').slice(0, 32);
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.options.queueUrl,
        MessageBody: JSON.stringify(body),
        MessageGroupId: sqsId(body.source),
        MessageDeduplicationId: sqsId(`${body.source}:${digest}`),
        MessageAttributes: {
          // SQS message attribute values are at most 256 KiB total; a reason is short, but cap it.
          reason: { DataType: 'String', StringValue: body.reason.slice(0, 1024) },
          errorClass: { DataType: 'String', StringValue: body.errorClass },
        },
      }),
    );
  }
}
