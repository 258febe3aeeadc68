import type { Clock } from '../../core/ports';

/** A clock tests and replays move by hand. */
export class ManualClock implements Clock {
  constructor(private current: number) {}
  async now(): Promise<number> {
    return this.current;
  }
  /** Sets the time (UTC epoch ms). */
  set(ts: number): void {
    this.current = ts;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
