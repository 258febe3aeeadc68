import type { FunctionEnvV1 } from '../../contracts';
import { createDynamoStores, type DynamoStores } from './dynamo';
import { EventBridgePublisher } from './events';
import { SqsApprovedOrderQueue, SqsBarQueue, SqsDeadLetterSink, SqsOrderIntentQueue } from './queues';
import { createSqsClient } from './clients';

export * from './clients';
export * from './dynamo';
export { EventBridgePublisher, type EventBridgePublisherOptions } from './events';
export { S3ObjectStore, type S3ObjectStoreOptions } from './objects';
export { SqsApprovedOrderQueue, SqsBarQueue, SqsDeadLetterSink, SqsOrderIntentQueue, type SqsQueueOptions } from './queues';
export { AlpacaCredentials, clearAlpacaCredentialsCache, readAlpacaCredentials } from './secrets';

/** Every AWS-backed port of a function, built from its config. */
export interface AwsAdapters {
  readonly stores: DynamoStores;
  readonly events: EventBridgePublisher;
  readonly bars: SqsBarQueue;
  readonly barsDeadLetters: SqsDeadLetterSink;
  readonly orderIntents: SqsOrderIntentQueue;
  readonly orderIntentsDeadLetters: SqsDeadLetterSink;
  readonly approvedOrders: SqsApprovedOrderQueue;
  readonly approvedOrdersDeadLetters: SqsDeadLetterSink;
}

/** Builds the DynamoDB stores, EventBridge publisher and SQS queues/DLQ sinks from the function config (once per container). */
export function createAwsAdapters(config: FunctionEnvV1): AwsAdapters {
  const sqs = createSqsClient();
  return {
    stores: createDynamoStores({ tablePrefix: config.TRADELOOP_TABLE_PREFIX }),
    events: new EventBridgePublisher({ eventBusName: config.TRADELOOP_EVENT_BUS }),
    bars: new SqsBarQueue({ queueUrl: config.TRADELOOP_BARS_QUEUE_URL, client: sqs }),
    barsDeadLetters: new SqsDeadLetterSink({ queueUrl: config.TRADELOOP_BARS_DLQ_URL, client: sqs }),
    orderIntents: new SqsOrderIntentQueue({ queueUrl: config.TRADELOOP_ORDER_INTENTS_QUEUE_URL, client: sqs }),
    orderIntentsDeadLetters: new SqsDeadLetterSink({ queueUrl: config.TRADELOOP_ORDER_INTENTS_DLQ_URL, client: sqs }),
    approvedOrders: new SqsApprovedOrderQueue({ queueUrl: config.TRADELOOP_ORDERS_QUEUE_URL, client: sqs }),
    approvedOrdersDeadLetters: new SqsDeadLetterSink({ queueUrl: config.TRADELOOP_ORDERS_DLQ_URL, client: sqs }),
  };
}
