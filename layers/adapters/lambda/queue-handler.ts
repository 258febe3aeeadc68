import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { z } from 'zod';
import type { FunctionName } from '../../contracts';
import type { DeadLetterSink } from '../../core/ports';
import { container } from '../runtime/container';
import type { Container } from '../runtime/container';
import type { Observability } from './observability';
import { powertoolsMiddlewares } from './observability';
import { processQueueBatch } from './queue-batch';

export interface QueueHandlerOptions<S extends z.ZodType> {
  readonly name: FunctionName;
  readonly observability: Observability;
  /** The message contract of the queue. */
  readonly schema: S;
  /** The queue's own DLQ, where malformed and terminally failing messages are parked with their reason. */
  readonly deadLetters: (deps: Container) => DeadLetterSink;
  /** The correlation id of a message in the logs (for orders: the intent id). */
  readonly correlationId?: (message: z.infer<S>) => string;
  readonly handle: (message: z.infer<S>, deps: Container) => Promise<void>;
}

/**
 * A Lambda handler for one SQS FIFO queue: Powertools middlewares, the shared container, and the
 * batch processing every queue consumer needs (zod parse, park bad messages in the DLQ with their
 * reason, report retryable failures as batchItemFailures, keep each message group in order).
 */
export function queueHandler<S extends z.ZodType>(options: QueueHandlerOptions<S>) {
  const { logger } = options.observability;
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(powertoolsMiddlewares(options.observability))
    .handler(async (event, context) => {
      const deps = container();
      return processQueueBatch(event, context, {
        source: options.name,
        schema: options.schema,
        deadLetters: options.deadLetters(deps),
        now: Date.now,
        onParked: (reason, record) => logger.error('message parked in the DLQ', { reason, messageId: record.messageId }),
        handle: async (message) => {
          const correlationId = options.correlationId?.(message);
          if (correlationId !== undefined) logger.appendKeys({ correlationId });
          try {
            await options.handle(message, deps);
          } finally {
            if (correlationId !== undefined) logger.removeKeys(['correlationId']);
          }
        },
      });
    });
}
