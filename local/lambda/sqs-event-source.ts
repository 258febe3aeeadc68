import { createHash } from 'node:crypto';
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import type { FailureLog } from './failures';
import { describeError } from './failures';
import type { LocalFunction } from './invoke';
import type { Quiescent } from './settle';

export interface SqsEventSourceMappingOptions {
  readonly fn: LocalFunction;
  readonly queueUrl: string;
  /** Defaults to a client reading AWS_ENDPOINT_URL_SQS (queue URLs use a host that does not resolve here). */
  readonly sqs?: SQSClient;
  /** Records per batch, 1–10 (the wiring's QUEUES[name].batchSize). Default 10. */
  readonly batchSize?: number;
  /** Honour `batchItemFailures` in the handler's answer (the mapping's ReportBatchItemFailures). Default true. */
  readonly reportBatchItemFailures?: boolean;
  /** Visibility timeout to receive with; defaults to the queue's own. */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * Local acceleration: after a failure, make the failed messages visible again after this many seconds
   * instead of waiting out the visibility timeout (0 = at once). Lambda does not do this; unset = as Lambda.
   */
  readonly retryVisibilitySeconds?: number;
  /** Long-poll wait per ReceiveMessage; 0 (default) keeps stop() and idle() prompt. */
  readonly waitTimeSeconds?: number;
  /** Pause after an empty receive. Default 25 ms. */
  readonly pollIntervalMs?: number;
  /** Concurrent pollers (Lambda scales these; FIFO queues still hand out one batch per message group). Default 1. */
  readonly pollers?: number;
  readonly failures?: FailureLog;
}

/** Counters of one mapping. */
export interface SqsEventSourceStats {
  readonly batches: number;
  readonly records: number;
  readonly succeeded: number;
  readonly failed: number;
}

/**
 * Emulates a Lambda SQS event source mapping with the real SQS client: receives batches, hands the function an
 * `SQSEvent` shaped as Lambda builds it, deletes what succeeded and leaves the rest to come back after the
 * visibility timeout (the queue's redrive policy moves them to its DLQ after maxReceiveCount).
 */
export class SqsEventSourceMapping implements Quiescent {
  private readonly sqs: SQSClient;
  private readonly batchSize: number;
  private readonly reportBatchItemFailures: boolean;
  private readonly pollIntervalMs: number;
  private queueArn = '';
  private region = '';
  private running = false;
  private loops: Promise<void>[] = [];
  private inFlight = 0;
  private activity = 0;
  private readonly wakers = new Set<() => void>();
  private counters = { batches: 0, records: 0, succeeded: 0, failed: 0 };

  constructor(private readonly options: SqsEventSourceMappingOptions) {
    this.sqs = options.sqs ?? new SQSClient({ useQueueUrlAsEndpoint: false });
    this.batchSize = options.batchSize ?? 10;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1 || this.batchSize > 10) {
      throw new RangeError(`batchSize must be 1–10 for an SQS mapping, got ${this.batchSize}`);
    }
    this.reportBatchItemFailures = options.reportBatchItemFailures ?? true;
    this.pollIntervalMs = options.pollIntervalMs ?? 25;
  }

  /** Resolves the queue ARN and starts polling. */
  async start(): Promise<void> {
    if (this.running) return;
    const { Attributes } = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: this.options.queueUrl, AttributeNames: ['QueueArn'] }),
    );
    this.queueArn = Attributes?.QueueArn ?? '';
    this.region = this.queueArn.split(':')[3] ?? '';
    this.running = true;
    this.loops = Array.from({ length: this.options.pollers ?? 1 }, () => this.pollLoop());
  }

  /** Stops polling and waits for the batches in flight to finish. */
  async stop(): Promise<void> {
    this.running = false;
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops);
    this.loops = [];
  }

  get stats(): SqsEventSourceStats {
    return { ...this.counters };
  }

  /** Monotonic count of batch starts and ends (see settle()). */
  get activityCount(): number {
    return this.activity;
  }

  /** True when no batch is in flight and the queue holds no visible, in-flight or delayed message. */
  async isIdle(): Promise<boolean> {
    if (this.inFlight > 0) return false;
    const { Attributes = {} } = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.options.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    const total =
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
    return total === 0 && this.inFlight === 0;
  }

  /**
   * Resolves when the queue is empty and no batch is in flight. Messages that keep failing hold this up until the
   * queue's redrive moves them to the DLQ. Rejects after `timeoutMs` (default: never).
   */
  async idle(options: { readonly timeoutMs?: number } = {}): Promise<void> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    while (!(await this.isIdle())) {
      if (Date.now() > deadline) throw new Error(`queue ${this.options.queueUrl} not idle after ${options.timeoutMs} ms`);
      await sleep(this.pollIntervalMs);
    }
  }

  private async pollLoop(): Promise<void> {
    while (this.running) {
      let messages: readonly Message[] = [];
      try {
        const answer = await this.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.options.queueUrl,
            MaxNumberOfMessages: this.batchSize,
            WaitTimeSeconds: this.options.waitTimeSeconds ?? 0,
            ...(this.options.visibilityTimeoutSeconds === undefined ? {} : { VisibilityTimeout: this.options.visibilityTimeoutSeconds }),
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        messages = answer.Messages ?? [];
      } catch {
        // The queue server went away (shutdown) or hiccupped; back off and try again while running.
        messages = [];
      }
      if (messages.length === 0) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            clearTimeout(timer);
            this.wakers.delete(done);
            resolve();
          };
          const timer = setTimeout(done, this.pollIntervalMs);
          this.wakers.add(done);
        });
        continue;
      }
      this.inFlight += 1;
      this.activity += 1;
      try {
        await this.processBatch(messages);
      } finally {
        this.inFlight -= 1;
        this.activity += 1;
      }
    }
  }

  private async processBatch(messages: readonly Message[]): Promise<void> {
    const records = messages.map((message) => this.toRecord(message));
    const event: SQSEvent = { Records: records };
    this.counters.batches += 1;
    this.counters.records += records.length;

    let failedIds: ReadonlySet<string>;
    let failure: unknown;
    try {
      const answer = await this.options.fn.invoke<SQSBatchResponse | undefined | null>(event);
      failedIds = this.failedItems(answer, records);
    } catch (error) {
      failure = error;
      failedIds = new Set(records.map((r) => r.messageId));
    }

    const succeeded = records.filter((r) => !failedIds.has(r.messageId));
    const failed = records.filter((r) => failedIds.has(r.messageId));
    this.counters.succeeded += succeeded.length;
    this.counters.failed += failed.length;
    if (succeeded.length > 0) {
      await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: succeeded.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
    }
    if (failed.length > 0) {
      const { errorType, errorMessage } =
        failure === undefined ? { errorType: 'BatchItemFailure', errorMessage: 'reported in batchItemFailures' } : describeError(failure);
      this.options.failures?.record({
        functionName: this.options.fn.name,
        awsRequestId: '',
        trigger: 'sqs',
        errorType,
        errorMessage,
        attempts: Math.max(...failed.map((r) => Number(r.attributes.ApproximateReceiveCount))),
        outcome: 'left-on-queue',
        payload: failed.map((r) => r.body),
        at: Date.now(),
      });
      if (this.options.retryVisibilitySeconds !== undefined) {
        await this.sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: this.options.queueUrl,
            Entries: failed.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle, VisibilityTimeout: this.options.retryVisibilitySeconds })),
          }),
        );
      }
    }
  }

  /**
   * Lambda's reading of a partial batch response: without ReportBatchItemFailures every record succeeded; an
   * empty or missing list means all succeeded; an identifier that is empty or not in the batch fails the whole batch.
   */
  private failedItems(answer: SQSBatchResponse | undefined | null, records: readonly SQSRecord[]): ReadonlySet<string> {
    if (!this.reportBatchItemFailures || answer === undefined || answer === null) return new Set();
    const items = answer.batchItemFailures;
    if (items === undefined || items === null) return new Set();
    const ids = new Set(records.map((r) => r.messageId));
    const failed = new Set<string>();
    for (const item of items) {
      const id = item?.itemIdentifier;
      if (typeof id !== 'string' || !ids.has(id)) return ids;
      failed.add(id);
    }
    return failed;
  }

  private toRecord(message: Message): SQSRecord {
    const body = message.Body ?? '';
    const system = message.Attributes ?? {};
    const attributes: SQSRecordAttributes = {
      ...(system as Record<string, string>),
      ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
      SentTimestamp: system.SentTimestamp ?? '',
      SenderId: system.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? '',
    };
    return {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body,
      attributes,
      messageAttributes: toLambdaMessageAttributes(message.MessageAttributes ?? {}),
      md5OfBody: message.MD5OfBody ?? createHash('md5').update(body).digest('hex'),
      ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN: this.queueArn,
      awsRegion: this.region,
    };
  }
}

/** SQS API attribute values → the camel-cased shape Lambda puts in records (binary as base64). */
export function toLambdaMessageAttributes(attributes: Readonly<Record<string, MessageAttributeValue>>): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    result[name] = {
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      ...(value.BinaryValue === undefined ? {} : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
      stringListValues: [...(value.StringListValues ?? [])],
      binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
      dataType: value.DataType ?? 'String',
    };
  }
  return result;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
