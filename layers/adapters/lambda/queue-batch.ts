import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import type { DeadLetterSink } from '../../core/ports';
import { classifyError, describeError } from './errors';

export interface QueueBatchOptions<S extends z.ZodType> {
  /** Name of the consuming function, recorded on dead letters. */
  readonly source: string;
  /** The message contract; a body that does not parse is parked with the validation error. */
  readonly schema: S;
  readonly deadLetters: DeadLetterSink;
  readonly now: () => number;
  readonly handle: (message: z.infer<S>, record: SQSRecord) => Promise<void>;
  readonly onParked?: (reason: string, record: SQSRecord) => void;
}

/**
 * Processes a FIFO SQS batch record by record (Powertools' FIFO processor keeps group order: after a
 * failure the rest of that group is returned as failed too). A malformed or terminally failing message
 * is parked in the DLQ with its reason and acknowledged, so one bad record never blocks or fails the
 * others; a retryable failure is reported in `batchItemFailures` for SQS to redeliver (and, after
 * maxReceiveCount, to redrive to the same DLQ).
 */
export async function processQueueBatch<S extends z.ZodType>(
  event: SQSEvent,
  context: Context,
  options: QueueBatchOptions<S>,
): Promise<SQSBatchResponse> {
  const processor = new SqsFifoPartialProcessorAsync();
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      try {
        const message = options.schema.parse(JSON.parse(record.body));
        await options.handle(message, record);
      } catch (error) {
        const errorClass = classifyError(error);
        if (errorClass === 'retryable') throw error;
        const reason = describeError(error);
        // Durable before acknowledged: the park must succeed, or the record is retried.
        await options.deadLetters.park({
          schema: 'DeadLetterV1',
          source: options.source,
          reason,
          errorClass,
          originalBody: record.body,
          failedAt: options.now(),
        });
        options.onParked?.(reason, record);
      }
    },
    processor,
    { context, skipGroupOnError: true, throwOnFullBatchFailure: false },
  );
}
