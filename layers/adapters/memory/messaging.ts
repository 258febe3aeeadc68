import { type ApprovedOrderV1, type BarClosedV1, type DeadLetterV1, type DetailType, type EventDetail, type OrderIntentV1, parseEventDetail } from '../../contracts';
import type { ApprovedOrderQueue, BarQueue, DeadLetterSink, EventPublisher, ObjectStore, OrderIntentQueue } from '../../core/ports';

/** A published event as recorded. */
export interface RecordedEvent {
  readonly detailType: DetailType;
  readonly detail: unknown;
}

/** Records every event after validating it against the event catalogue (a bad detail throws, as the real publisher must). */
export class RecordingEventPublisher implements EventPublisher {
  readonly events: RecordedEvent[] = [];
  async publish<T extends DetailType>(detailType: T, detail: EventDetail<T>): Promise<void> {
    this.events.push({ detailType, detail: parseEventDetail(detailType, detail) });
  }
  /** Details of one detail-type, in publication order. */
  ofType<T extends DetailType>(detailType: T): EventDetail<T>[] {
    return this.events.filter((e) => e.detailType === detailType).map((e) => e.detail as EventDetail<T>);
  }
}

/** A queue that records what was sent; `take()` drains it like a consumer would. */
export class RecordingQueue<M> {
  readonly sent: M[] = [];
  private cursor = 0;
  async send(message: M): Promise<void> {
    this.sent.push(JSON.parse(JSON.stringify(message)) as M);
  }
  /** Messages sent since the last take. */
  take(): M[] {
    const out = this.sent.slice(this.cursor);
    this.cursor = this.sent.length;
    return out;
  }
}

export class RecordingBarQueue extends RecordingQueue<BarClosedV1> implements BarQueue {}
export class RecordingOrderIntentQueue extends RecordingQueue<OrderIntentV1> implements OrderIntentQueue {}
export class RecordingApprovedOrderQueue extends RecordingQueue<ApprovedOrderV1> implements ApprovedOrderQueue {}

export class RecordingDeadLetterSink implements DeadLetterSink {
  readonly letters: DeadLetterV1[] = [];
  async park(letter: DeadLetterV1): Promise<void> {
    this.letters.push(letter);
  }
}

export class InMemoryObjectStore implements ObjectStore {
  private readonly objects = new Map<string, { readonly body: Uint8Array; readonly contentType?: string }>();
  async put(key: string, body: Uint8Array | string, contentType?: string): Promise<void> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : Uint8Array.from(body);
    this.objects.set(key, contentType === undefined ? { body: bytes } : { body: bytes, contentType });
  }
  async get(key: string): Promise<Uint8Array | undefined> {
    const o = this.objects.get(key);
    return o === undefined ? undefined : Uint8Array.from(o.body);
  }
  async list(prefix: string): Promise<readonly string[]> {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}
