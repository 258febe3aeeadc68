/** How an invocation failure ended. */
export type FailureOutcome =
  /** Async invocation: retries exhausted, event sent to the function's DLQ. */
  | 'dead-lettered'
  /** Async invocation: retries exhausted and no DLQ configured (or sending failed); the event is kept here. */
  | 'retained'
  /** SQS batch (or record) failed; the message stays on the queue for redelivery / redrive. */
  | 'left-on-queue';

/** One failed invocation, for the run summary and the dashboard. */
export interface InvocationFailure {
  readonly functionName: string;
  readonly awsRequestId: string;
  readonly trigger: 'async' | 'sqs';
  readonly errorType: string;
  readonly errorMessage: string;
  readonly attempts: number;
  readonly outcome: FailureOutcome;
  /** The event (async) or the message bodies (SQS), so nothing is ever silently lost. */
  readonly payload: unknown;
  readonly at: number;
}

/** An append-only record of invocation failures, shared by the async invoker and the SQS pollers. */
export class FailureLog {
  private readonly entries: InvocationFailure[] = [];

  record(failure: InvocationFailure): void {
    this.entries.push(failure);
  }

  /** All failures in the order they happened. */
  all(): readonly InvocationFailure[] {
    return [...this.entries];
  }

  /** Failure counts per function (for the run summary). */
  countsByFunction(): Readonly<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const failure of this.entries) counts[failure.functionName] = (counts[failure.functionName] ?? 0) + 1;
    return counts;
  }

  get size(): number {
    return this.entries.length;
  }
}

/** Splits any thrown value into Lambda's errorType / errorMessage. */
export function describeError(error: unknown): { readonly errorType: string; readonly errorMessage: string } {
  if (error instanceof Error) return { errorType: error.name || 'Error', errorMessage: error.message };
  return { errorType: 'Error', errorMessage: typeof error === 'string' ? error : JSON.stringify(error) ?? String(error) };
}
