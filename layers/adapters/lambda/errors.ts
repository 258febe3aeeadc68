import { ZodError } from 'zod';
import { ExternalServiceError } from '../../core/ports';

/** A failure that will fail the same way on every retry (bad input, a broken invariant): park it, do not retry. */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

export type ErrorClass = 'validation' | 'terminal' | 'retryable';

/**
 * Decides what happens to a failed message: validation and terminal errors go to the DLQ at once
 * with their reason; anything else is retried (SQS redelivery, Lambda async retries) because an
 * unknown failure is more often transient (throttling, a network blip) than permanent.
 */
export function classifyError(error: unknown): ErrorClass {
  if (error instanceof ZodError) return 'validation';
  if (error instanceof TerminalError) return 'terminal';
  if (error instanceof ExternalServiceError) return error.retryable ? 'retryable' : 'terminal';
  if (error instanceof SyntaxError) return 'validation';
  return 'retryable';
}

/** A one-line, human-readable reason for an error (zod issues listed with their paths). */
export function describeError(error: unknown): string {
  if (error instanceof ZodError) {
    return `invalid message: ${error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
