import type { Quiescent } from '../../../local/lambda/settle';
import { settle } from '../../../local/lambda/settle';

/** A part whose work can hand work to another part when it finishes. */
class FakePart implements Quiescent {
  activityCount = 0;
  private busy = 0;
  constructor(private readonly next?: FakePart) {}
  start(hops: number): void {
    this.busy += 1;
    this.activityCount += 1;
    setTimeout(() => {
      if (hops > 0) this.next?.start(hops - 1);
      this.busy -= 1;
      this.activityCount += 1;
    }, 5);
  }
  async isIdle(): Promise<boolean> {
    return this.busy === 0;
  }
}

describe('settle', () => {
  it('waits until work handed back and forth between parts has finished everywhere', async () => {
    const b = new FakePart();
    const a = new FakePart(b);
    // b hands back to a: a → b → a → b …
    Object.assign(b, { next: a });
    a.start(6);
    await settle([a, b], { pollMs: 1 });
    expect(await a.isIdle()).toBe(true);
    expect(await b.isIdle()).toBe(true);
    expect(a.activityCount + b.activityCount).toBe(14);
  });

  it('times out when a part never goes quiet', async () => {
    const stuck: Quiescent = { activityCount: 0, isIdle: async () => false };
    await expect(settle([stuck], { pollMs: 1, timeoutMs: 20 })).rejects.toThrow(/not settled/);
  });
});
