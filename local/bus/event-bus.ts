import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import type { DetailType } from '../../layers/contracts/catalogue';
import { EVENT_CATALOGUE } from '../../layers/contracts/catalogue';
import type { FunctionName, RuleSpec } from '../../layers/contracts/wiring';
import { EVENT_BUS_NAME } from '../../layers/contracts/wiring';
import type { Quiescent } from '../lambda/settle';
import { compileEventPattern } from './event-pattern';

/** One PutEvents entry, as the SDK's `PutEventsRequestEntry` carries it. */
export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  /** The detail as a JSON string. */
  readonly Detail?: string;
  readonly EventBusName?: string;
  readonly Time?: Date;
  readonly Resources?: readonly string[];
}

/** PutEvents' per-entry answer: an event id, or an error code and message. */
export type PutEventsResultEntry =
  | { readonly EventId: string }
  | { readonly ErrorCode: string; readonly ErrorMessage: string };

export interface PutEventsResult {
  readonly FailedEntryCount: number;
  readonly Entries: readonly PutEventsResultEntry[];
}

/** The envelope EventBridge delivers to targets. */
export type BusEvent = EventBridgeEvent<string, unknown>;

/** Delivers an event to a target; the bus does not await it in putEvents (asynchronous invocation). */
export type TargetInvoker = (event: BusEvent) => Promise<unknown>;

/** Thrown for a request AWS rejects as a whole (ValidationException), e.g. more than 10 entries. */
export class PutEventsValidationError extends Error {
  override readonly name = 'ValidationException';
}

export interface LocalEventBusOptions {
  /** Rules to apply (normally the wiring's RULES). */
  readonly rules: readonly RuleSpec[];
  /** The invoker of every rule target, by function name (normally createAsyncInvoker per function). */
  readonly targets: Readonly<Partial<Record<FunctionName, TargetInvoker>>>;
  /** Clock for the envelope's `time` when an entry has none: the replay's market clock. Default Date.now. */
  readonly now?: () => number;
  readonly eventBusName?: string;
  readonly account?: string;
  readonly region?: string;
}

/** Counters of the bus. */
export interface EventBusStats {
  /** Entries accepted. */
  readonly published: number;
  /** Rule matches, i.e. target invocations started. */
  readonly matched: number;
  /** Entries rejected (reported as failed entries). */
  readonly failed: number;
  /** Target invocations that rejected (an async invoker never should; counted so it cannot go unnoticed). */
  readonly deliveryErrors: number;
}

/** AWS caps an entry (detail, detail-type, source, resources) at 256 KB. */
const MAX_ENTRY_BYTES = 256 * 1024;
const MAX_ENTRIES = 10;

/** EventBridge's event time: ISO 8601 at second precision. */
const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

interface CompiledRule {
  readonly spec: RuleSpec;
  readonly matches: (event: unknown) => boolean;
  readonly invoke: TargetInvoker;
}

/**
 * The in-process stand-in for the tradeloop event bus. Validates entries against the event catalogue (stricter
 * than EventBridge, which has no schemas: a bad event fails where it is published), wraps them in EventBridge's
 * envelope, applies every rule's pattern and invokes matching targets without awaiting them.
 */
export class LocalEventBus implements Quiescent {
  readonly name: string;
  readonly arn: string;
  private readonly rules: readonly CompiledRule[];
  private readonly now: () => number;
  private readonly account: string;
  private readonly region: string;
  private readonly listeners = new Set<(event: BusEvent, matchedRules: readonly string[]) => void>();
  private inFlight = 0;
  private activity = 0;
  private idleWaiters: (() => void)[] = [];
  private counters = { published: 0, matched: 0, failed: 0, deliveryErrors: 0 };

  constructor(options: LocalEventBusOptions) {
    this.name = options.eventBusName ?? EVENT_BUS_NAME;
    this.now = options.now ?? Date.now;
    this.account = options.account ?? '000000000000';
    this.region = options.region ?? 'us-east-1';
    this.arn = `arn:aws:events:${this.region}:${this.account}:event-bus/${this.name}`;
    // Compile every pattern now: a malformed rule or a missing target fails start-up, not the first event.
    this.rules = options.rules.map((spec) => {
      const invoke = options.targets[spec.target];
      if (!invoke) throw new Error(`rule ${spec.name}: no invoker for target ${spec.target}`);
      return { spec, matches: compileEventPattern(spec.eventPattern), invoke };
    });
  }

  get stats(): EventBusStats {
    return { ...this.counters };
  }

  get activityCount(): number {
    return this.activity;
  }

  /** Registers a listener for every accepted event (dashboard, tests); returns the unsubscribe function. */
  onEvent(listener: (event: BusEvent, matchedRules: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * PutEvents: accepts up to 10 entries; each is validated on its own and answered with an EventId or an
   * ErrorCode/ErrorMessage, in order. Matching targets are invoked asynchronously (see {@link idle}).
   */
  putEvents(entries: readonly PutEventsEntry[]): PutEventsResult {
    if (entries.length === 0 || entries.length > MAX_ENTRIES) {
      throw new PutEventsValidationError(
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`,
      );
    }
    const results = entries.map((entry) => this.putOne(entry));
    const failed = results.filter((r) => 'ErrorCode' in r).length;
    return { FailedEntryCount: failed, Entries: results };
  }

  /** Resolves when no target invocation is in flight (including ones started by events published meanwhile). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async isIdle(): Promise<boolean> {
    return this.inFlight === 0;
  }

  private putOne(entry: PutEventsEntry): PutEventsResultEntry {
    const rejection = this.validate(entry);
    if (rejection) {
      this.counters.failed += 1;
      return rejection;
    }
    const detailType = entry.DetailType as DetailType;
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': detailType,
      source: entry.Source ?? '',
      account: this.account,
      time: isoSeconds(entry.Time ? entry.Time.getTime() : this.now()),
      region: this.region,
      resources: [...(entry.Resources ?? [])],
      detail: JSON.parse(entry.Detail ?? '{}') as unknown,
    };
    this.counters.published += 1;
    const matched = this.rules.filter((rule) => rule.matches(event));
    for (const listener of this.listeners) listener(event, matched.map((r) => r.spec.name));
    for (const rule of matched) this.deliver(rule, event);
    return { EventId: event.id };
  }

  private validate(entry: PutEventsEntry): PutEventsResultEntry | undefined {
    const invalid = (message: string): PutEventsResultEntry => ({ ErrorCode: 'InvalidArgument', ErrorMessage: message });
    const busName = entry.EventBusName ?? 'default';
    if (busName !== this.name && busName !== this.arn) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist.` };
    }
    if (!entry.Source) return invalid('Parameter Source is not valid. Reason: Source is a required argument.');
    if (!entry.DetailType) return invalid('Parameter DetailType is not valid. Reason: DetailType is a required argument.');
    if (entry.Detail === undefined) return invalid('Parameter Detail is not valid. Reason: Detail is a required argument.');
    const size = Buffer.byteLength(entry.Detail) + Buffer.byteLength(entry.DetailType) + Buffer.byteLength(entry.Source) +
      (entry.Resources ?? []).reduce((sum, r) => sum + Buffer.byteLength(r), 0);
    if (size > MAX_ENTRY_BYTES) return invalid(`Entry size ${size} exceeds the limit of ${MAX_ENTRY_BYTES} bytes.`);
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (!Object.hasOwn(EVENT_CATALOGUE, entry.DetailType)) {
      return invalid(`DetailType ${entry.DetailType} is not in the tradeloop event catalogue.`);
    }
    const catalogued = EVENT_CATALOGUE[entry.DetailType as DetailType];
    if (entry.Source !== catalogued.source) {
      return invalid(`Source ${entry.Source} may not publish ${entry.DetailType} (the catalogue says ${catalogued.source}).`);
    }
    const parsed = catalogued.schema.safeParse(detail);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      return invalid(`Detail does not match the ${entry.DetailType} schema: ${issues}`);
    }
    return undefined;
  }

  private deliver(rule: CompiledRule, event: BusEvent): void {
    this.counters.matched += 1;
    this.inFlight += 1;
    this.activity += 1;
    // Each target gets its own copy, as separate Lambda invocations would.
    const copy = structuredClone(event);
    void Promise.resolve()
      .then(() => rule.invoke(copy))
      .catch(() => {
        this.counters.deliveryErrors += 1;
      })
      .finally(() => {
        this.inFlight -= 1;
        this.activity += 1;
        if (this.inFlight === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
  }
}
