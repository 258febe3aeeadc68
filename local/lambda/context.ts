import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** An ordinary Lambda handler as the function modules export it (middy-wrapped or not). */
export type LambdaHandler<TEvent = unknown, TResult = unknown> = (event: TEvent, context: Context) => Promise<TResult>;

/** Where the local functions pretend to live. */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export interface LambdaContextOptions {
  readonly functionName: string;
  readonly memoryMb: number;
  readonly timeoutMs: number;
  readonly awsRequestId?: string;
  readonly region?: string;
  readonly accountId?: string;
  /** Wall clock for the deadline (real time, not market time: timeouts are about the process). */
  readonly now?: () => number;
}

/**
 * Builds the `Context` Lambda passes to a handler. The deadline is fixed at creation, so
 * `getRemainingTimeInMillis` counts down as it does in Lambda.
 */
export function createLambdaContext(options: LambdaContextOptions): Context {
  const now = options.now ?? Date.now;
  const region = options.region ?? LOCAL_REGION;
  const accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
  const deadline = now() + options.timeoutMs;
  const awsRequestId = options.awsRequestId ?? randomUUID();
  const unsupported = (name: string) => (): never => {
    throw new Error(`context.${name}() is the deprecated callback API; return a promise instead`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${options.functionName}`,
    memoryLimitInMB: String(options.memoryMb),
    awsRequestId,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `local/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}
