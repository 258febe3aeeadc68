import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUES, physicalName, type QueueName, type QueueSpec } from '../../layers/contracts/wiring';

/** A work queue with its dead-letter queue. */
export interface QueueWithDlq {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly spec: QueueSpec;
}

export interface OrderQueuesProps {
  /** Physical name prefix of this deployment (physicalName.queue). */
  readonly prefix: string;
}

/** Messages (and dead letters) are kept the longest SQS allows, so nothing is lost over a long weekend. */
const RETENTION = Duration.days(14);

/**
 * The SQS FIFO queues of QUEUES: `bars` with one message group per symbol (each symbol's bars reach
 * the signal engine in time order), `order-intents` and `orders` with one group per account (an
 * account's orders are processed in order). Content-based deduplication is OFF: publishers set the
 * deduplication id explicitly (symbol + bar start, intent id), so two messages with identical bodies
 * are never merged and a retried send of the same one is. Each queue has a FIFO DLQ after
 * `maxReceiveCount` receives; both use SQS-managed SSE and refuse non-TLS access.
 */
export class OrderQueues extends Construct {
  readonly queues: Readonly<Record<QueueName, QueueWithDlq>>;

  constructor(scope: Construct, id: string, props: OrderQueuesProps) {
    super(scope, id);
    const entries = (Object.entries(QUEUES) as [QueueName, QueueSpec][]).map(
      ([name, spec]) => [name, this.createQueue(props.prefix, name, spec)] as const,
    );
    this.queues = Object.fromEntries(entries) as Record<QueueName, QueueWithDlq>;
  }

  private createQueue(prefix: string, name: QueueName, spec: QueueSpec): QueueWithDlq {
    const deadLetterQueue = new sqs.Queue(this, `${name}-dlq`, {
      queueName: physicalName.deadLetterQueue(prefix, name),
      fifo: true,
      contentBasedDeduplication: false,
      retentionPeriod: RETENTION,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const queue = new sqs.Queue(this, name, {
      queueName: physicalName.queue(prefix, name),
      fifo: spec.fifo,
      contentBasedDeduplication: false,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      retentionPeriod: RETENTION,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    });
    return { queue, deadLetterQueue, spec };
  }
}

/**
 * A standard queue that only ever receives failures (Lambda async on-failure records, EventBridge
 * and Scheduler delivery failures). Standard, not FIFO: those services cannot send to FIFO queues.
 */
export function failureQueue(scope: Construct, id: string): sqs.Queue {
  return new sqs.Queue(scope, id, {
    retentionPeriod: RETENTION,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
}
