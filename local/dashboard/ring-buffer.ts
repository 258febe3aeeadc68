/** A bounded FIFO: pushing past the capacity drops the oldest item. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private length = 0;
  private pushed = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  /** Items held now (at most the capacity). */
  get size(): number {
    return this.length;
  }

  /** Items ever pushed, including those dropped since. */
  get total(): number {
    return this.pushed;
  }

  push(item: T): void {
    this.pushed += 1;
    if (this.length < this.capacity) {
      this.items[(this.start + this.length) % this.capacity] = item;
      this.length += 1;
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }

  /** The newest item, if any. */
  last(): T | undefined {
    return this.length === 0 ? undefined : this.items[(this.start + this.length - 1) % this.capacity];
  }

  /** Replaces the newest item (no-op when empty); the total does not change. */
  replaceLast(item: T): void {
    if (this.length === 0) return;
    this.items[(this.start + this.length - 1) % this.capacity] = item;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i += 1) {
      const item = this.items[(this.start + i) % this.capacity];
      if (item !== undefined) out.push(item);
    }
    return out;
  }

  /** The newest `limit` items, newest first. */
  newest(limit: number): T[] {
    const out: T[] = [];
    for (let i = this.length - 1; i >= 0 && out.length < limit; i -= 1) {
      const item = this.items[(this.start + i) % this.capacity];
      if (item !== undefined) out.push(item);
    }
    return out;
  }
}
