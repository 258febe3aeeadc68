import { ExternalServiceError } from '../../core/ports';

/** What an Alpaca call failure was: an HTTP answer (with status and message) or no answer at all. */
export type AlpacaFailure =
  | { readonly kind: 'http'; readonly status: number; readonly message: string; readonly retryAfterMs?: number }
  | { readonly kind: 'network'; readonly message: string };

/**
 * Reads the SDK's error: `ApiError` (any non-2xx) carries `status`, Alpaca's `{code, message}`
 * envelope and `retryAfterMs`; `FetchError` means no response (network, timeout). Duck-typed so
 * a second copy of the SDK in a bundle cannot break `instanceof`.
 */
export function describeAlpacaFailure(error: unknown): AlpacaFailure {
  if (error instanceof Error) {
    const fields = error as Error & { status?: unknown; retryAfterMs?: unknown };
    if (typeof fields.status === 'number') {
      return {
        kind: 'http',
        status: fields.status,
        message: error.message,
        ...(typeof fields.retryAfterMs === 'number' ? { retryAfterMs: fields.retryAfterMs } : {}),
      };
    }
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
    return { kind: 'network', message: detail };
  }
  return { kind: 'network', message: String(error) };
}

/** Throttling, server errors and no answer are worth retrying; other 4xx will fail the same way again. */
export function isRetryableFailure(failure: AlpacaFailure): boolean {
  return failure.kind === 'network' || failure.status === 429 || failure.status === 408 || failure.status >= 500;
}

/** Wraps an Alpaca failure as the classified error the core understands. */
export function toExternalServiceError(operation: string, error: unknown): ExternalServiceError {
  const failure = describeAlpacaFailure(error);
  const what = failure.kind === 'http' ? `HTTP ${failure.status}: ${failure.message}` : `no response: ${failure.message}`;
  return new ExternalServiceError(`alpaca ${operation} failed (${what})`, isRetryableFailure(failure), 'alpaca', { cause: error });
}
