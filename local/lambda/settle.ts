/** Something that does work in the background and can say whether it is quiet (a bus, a queue poller). */
export interface Quiescent {
  /** Monotonic counter bumped whenever a unit of work starts or ends. */
  readonly activityCount: number;
  isIdle(): Promise<boolean>;
}

/**
 * Waits until every part is idle at once. Work in one part can create work in another (a handler publishes an
 * event, a target enqueues a message), so one pass of "each is idle" is not enough: settle repeats the pass until
 * all parts report idle and no part started or finished anything while they were being checked.
 */
export async function settle(parts: readonly Quiescent[], options: { readonly pollMs?: number; readonly timeoutMs?: number } = {}): Promise<void> {
  const pollMs = options.pollMs ?? 10;
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  for (;;) {
    const before = parts.map((p) => p.activityCount);
    let allIdle = true;
    for (const part of parts) {
      if (!(await part.isIdle())) {
        allIdle = false;
        break;
      }
    }
    if (allIdle && parts.every((p, i) => p.activityCount === before[i])) return;
    if (Date.now() > deadline) throw new Error(`not settled after ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
