import { describeAlpacaFailure, isRetryableFailure, toExternalServiceError } from './errors';

/** How a rate-limited or transiently failing call is retried. */
export interface BackoffOptions {
  /** Total attempts including the first (default 5). */
  readonly maxAttempts?: number;
  /** First exponential delay (default 250 ms), doubled per attempt. */
  readonly baseDelayMs?: number;
  /** Cap of any one wait, a server-requested one included (default 10 s: callers run inside Lambda timeouts). */
  readonly maxDelayMs?: number;
  /** Waits; injectable so tests do not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform [0, 1) for jitter; injectable for deterministic tests. */
  readonly random?: () => number;
  /** Called before each wait (logging, metrics). */
  readonly onRetry?: (event: { readonly attempt: number; readonly delayMs: number; readonly status?: number }) => void;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs an idempotent read, retrying HTTP 429, 408, 5xx and no-answer failures. A 429 waits what
 * the server asked for (Retry-After, else X-RateLimit-Reset; the SDK derives `retryAfterMs` from
 * them); anything else waits an exponential delay with full jitter, so many Lambdas throttled at
 * once do not come back in step. Other failures, and the last one, throw a classified error.
 */
export async function withBackoff<T>(operation: string, run: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const failure = describeAlpacaFailure(error);
      if (!isRetryableFailure(failure) || attempt >= maxAttempts) throw toExternalServiceError(operation, error);
      const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const requested = failure.kind === 'http' && failure.status === 429 ? failure.retryAfterMs : undefined;
      const delayMs = Math.round(requested !== undefined ? Math.min(maxDelayMs, requested) : exponential * random());
      options.onRetry?.({ attempt, delayMs, ...(failure.kind === 'http' ? { status: failure.status } : {}) });
      await sleep(delayMs);
    }
  }
}
