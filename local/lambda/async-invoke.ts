import { randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { FunctionName } from '../../layers/contracts/wiring';
import { FUNCTIONS } from '../../layers/contracts/wiring';
import type { FailureLog } from './failures';
import { describeError } from './failures';
import type { LocalFunction } from './invoke';

/** Lambda's DLQ keeps the first 1 KB of the error message. */
const DLQ_ERROR_MESSAGE_LIMIT = 1024;

export interface AsyncInvokerOptions {
  readonly fn: LocalFunction;
  /** Retries after the first attempt; defaults to FUNCTIONS[name].asyncRetries (Lambda allows 0–2). */
  readonly retries?: number;
  /** Delay before retry n (1-based). Lambda waits about 1 then 2 minutes; locally the default is no wait. */
  readonly retryDelayMs?: (retry: number) => number;
  /** The function's on-failure dead-letter queue (a standard SQS queue URL). */
  readonly deadLetterQueueUrl?: string;
  /** The client for the DLQ; defaults to one that reads AWS_ENDPOINT_URL_SQS. */
  readonly sqs?: SQSClient;
  readonly failures?: FailureLog;
}

/** The end of one asynchronous invocation (all attempts). */
export type AsyncInvocationOutcome =
  | { readonly status: 'succeeded'; readonly awsRequestId: string; readonly attempts: number }
  | {
      readonly status: 'dead-lettered' | 'retained';
      readonly awsRequestId: string;
      readonly attempts: number;
      readonly errorType: string;
      readonly errorMessage: string;
    };

/** Invokes a function with one event asynchronously; see {@link createAsyncInvoker}. */
export type AsyncInvoke = (event: unknown) => Promise<AsyncInvocationOutcome>;

/**
 * Emulates Lambda's asynchronous invocation (the Event invocation type EventBridge and Scheduler use):
 * one request id for all attempts, up to `retries` retries on error, then the event goes to the on-failure DLQ
 * with Lambda's message attributes (RequestID, ErrorCode, ErrorMessage). Never rejects and never drops the event:
 * if there is no DLQ, or sending to it fails, the event is kept in the failure log.
 */
export function createAsyncInvoker(options: AsyncInvokerOptions): AsyncInvoke {
  const { fn } = options;
  const spec = Object.hasOwn(FUNCTIONS, fn.name) ? FUNCTIONS[fn.name as FunctionName] : undefined;
  const retries = options.retries ?? spec?.asyncRetries ?? 2;
  let sqs = options.sqs;

  return async (event) => {
    // Lambda keeps the request id across the retries of one asynchronous event.
    const awsRequestId = randomUUID();
    let lastError: unknown;
    let attempts = 0;
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      if (attempt > 0) {
        const delay = options.retryDelayMs?.(attempt) ?? 0;
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      }
      attempts += 1;
      try {
        await fn.invoke(event, awsRequestId);
        return { status: 'succeeded', awsRequestId, attempts };
      } catch (error) {
        lastError = error;
      }
    }

    const { errorType, errorMessage } = describeError(lastError);
    let status: 'dead-lettered' | 'retained' = 'retained';
    let recordedMessage = errorMessage;
    if (options.deadLetterQueueUrl) {
      try {
        sqs ??= new SQSClient({ useQueueUrlAsEndpoint: false });
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: options.deadLetterQueueUrl,
            MessageBody: JSON.stringify(event),
            MessageAttributes: {
              RequestID: { DataType: 'String', StringValue: awsRequestId },
              // Lambda reports the HTTP status of the Invoke call: 200 for a function error.
              ErrorCode: { DataType: 'Number', StringValue: '200' },
              ErrorMessage: { DataType: 'String', StringValue: errorMessage.slice(0, DLQ_ERROR_MESSAGE_LIMIT) || errorType },
            },
          }),
        );
        status = 'dead-lettered';
      } catch (dlqError) {
        recordedMessage = `${errorMessage} (and the DLQ send failed: ${describeError(dlqError).errorMessage})`;
      }
    }
    options.failures?.record({
      functionName: fn.name,
      awsRequestId,
      trigger: 'async',
      errorType,
      errorMessage: recordedMessage,
      attempts,
      outcome: status,
      payload: event,
      at: Date.now(),
    });
    return { status, awsRequestId, attempts, errorType, errorMessage };
  };
}

/** One-shot form of {@link createAsyncInvoker}. */
export function asyncInvoke(options: AsyncInvokerOptions, event: unknown): Promise<AsyncInvocationOutcome> {
  return createAsyncInvoker(options)(event);
}
