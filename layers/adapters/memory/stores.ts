import { DEFAULT_RISK_LIMITS, type RiskLimitsV1 } from '../../contracts';
import { canApplyOrderStatus } from '../../core/execution';
import type {
  ClaimResult,
  IdempotencyStore,
  KillSwitchState,
  LimitsStore,
  OrderRecord,
  OrderStore,
  PositionRecord,
  PositionStore,
  RiskAuditStore,
  RiskDecisionRecord,
  SignalRecord,
  SignalStore,
  StrategyStateRecord,
  StrategyStateStore,
  VersionedLimits,
} from '../../core/ports';
import * as money from '../../core/money';

/** Stored values go through JSON, as they would through DynamoDB: no shared references, no non-JSON state. */
const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Orders keyed by client order id, with DynamoDB's conditional-create semantics. */
export class InMemoryOrderStore implements OrderStore {
  private readonly orders = new Map<string, OrderRecord>();

  async claim(order: OrderRecord): Promise<ClaimResult> {
    const existing = this.orders.get(order.clientOrderId);
    if (existing !== undefined) return { kind: 'exists', existing: roundTrip(existing) };
    this.orders.set(order.clientOrderId, roundTrip(order));
    return { kind: 'claimed' };
  }

  async get(clientOrderId: string): Promise<OrderRecord | undefined> {
    const o = this.orders.get(clientOrderId);
    return o === undefined ? undefined : roundTrip(o);
  }

  /**
   * Applies the update unless it would move the order backwards (status rank, terminal stays
   * terminal, filled quantity never shrinks); a backwards update is ignored, not an error.
   */
  async applyBrokerState(clientOrderId: string, update: Partial<OrderRecord> & { readonly updatedAt: number }): Promise<void> {
    const current = this.orders.get(clientOrderId);
    if (current === undefined) throw new Error(`no order ${clientOrderId} to update`);
    if (update.status !== undefined && !canApplyOrderStatus(current.status, update.status)) return;
    if (update.filledQuantity !== undefined && money.compare(update.filledQuantity, current.filledQuantity) < 0) return;
    const { clientOrderId: _ignoredKey, ...rest } = update;
    this.orders.set(clientOrderId, roundTrip({ ...current, ...rest, updatedAt: Math.max(current.updatedAt, update.updatedAt) }));
  }

  async listByAccount(accountId: string, limit: number): Promise<readonly OrderRecord[]> {
    return [...this.orders.values()]
      .filter((o) => o.accountId === accountId)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit)
      .map(roundTrip);
  }

  /** Every stored order (tests). */
  all(): readonly OrderRecord[] {
    return [...this.orders.values()].map(roundTrip);
  }
}

export class InMemoryPositionStore implements PositionStore {
  private readonly byAccount = new Map<string, readonly PositionRecord[]>();
  async list(accountId: string): Promise<readonly PositionRecord[]> {
    return roundTrip(this.byAccount.get(accountId) ?? []);
  }
  async replaceAll(accountId: string, positions: readonly PositionRecord[]): Promise<void> {
    this.byAccount.set(accountId, roundTrip(positions));
  }
}

/** Signals keyed by signal id; putOnce is a conditional put. TTL is recorded, not enforced. */
export class InMemorySignalStore implements SignalStore {
  private readonly signals = new Map<string, { readonly signal: SignalRecord; readonly ttlSeconds: number }>();
  async putOnce(signal: SignalRecord, ttlSeconds: number): Promise<boolean> {
    if (this.signals.has(signal.signalId)) return false;
    this.signals.set(signal.signalId, { signal: roundTrip(signal), ttlSeconds });
    return true;
  }
  async recent(strategyId: string, limit: number): Promise<readonly SignalRecord[]> {
    return [...this.signals.values()]
      .map((s) => s.signal)
      .filter((s) => s.strategyId === strategyId)
      .sort((a, b) => b.barStart - a.barStart)
      .slice(0, limit)
      .map(roundTrip);
  }
  all(): readonly SignalRecord[] {
    return [...this.signals.values()].map((s) => roundTrip(s.signal));
  }
}

/** Strategy state with optimistic versions: save succeeds only if the stored version is still the expected one. */
export class InMemoryStrategyStateStore implements StrategyStateStore {
  private readonly records = new Map<string, StrategyStateRecord<unknown>>();
  private readonly key = (strategyId: string, symbol: string): string => `${strategyId}#${symbol}`;

  async load<S>(strategyId: string, symbol: string): Promise<StrategyStateRecord<S> | undefined> {
    const r = this.records.get(this.key(strategyId, symbol));
    return r === undefined ? undefined : (roundTrip(r) as StrategyStateRecord<S>);
  }

  /** Stores the record with version expectedVersion + 1 if the stored version (0 when absent) equals expectedVersion. */
  async save<S>(record: StrategyStateRecord<S>, expectedVersion: number): Promise<boolean> {
    const k = this.key(record.strategyId, record.symbol);
    const storedVersion = this.records.get(k)?.version ?? 0;
    if (storedVersion !== expectedVersion) return false;
    this.records.set(k, roundTrip({ ...record, version: expectedVersion + 1 }));
    return true;
  }
}

/** Append-only audit trail: every decision is kept, a re-verification never overwrites an earlier one. */
export class InMemoryRiskAuditStore implements RiskAuditStore {
  private readonly decisions: RiskDecisionRecord[] = [];
  async record(decision: RiskDecisionRecord): Promise<void> {
    this.decisions.push(roundTrip(decision));
  }
  async firstDecision(intentId: string): Promise<RiskDecisionRecord | undefined> {
    const mine = this.decisions.filter((d) => d.intentId === intentId);
    const first = mine.reduce<RiskDecisionRecord | undefined>((a, d) => (a === undefined || d.decidedAt < a.decidedAt ? d : a), undefined);
    return first === undefined ? undefined : roundTrip(first);
  }
  async listByAccount(accountId: string, limit: number): Promise<readonly RiskDecisionRecord[]> {
    return this.decisions
      .filter((d) => d.accountId === accountId)
      .sort((a, b) => b.decidedAt - a.decidedAt)
      .slice(0, limit)
      .map(roundTrip);
  }
  all(): readonly RiskDecisionRecord[] {
    return this.decisions.map(roundTrip);
  }
}

const RELEASED: KillSwitchState = { engaged: false, reason: 'never engaged', actor: 'system', changedAt: 0 };

/** Limits (versioned, optimistic) and the kill switch per account. */
export class InMemoryLimitsStore implements LimitsStore {
  private readonly switches = new Map<string, KillSwitchState>();
  private readonly limits = new Map<string, VersionedLimits>();

  async killSwitch(accountId: string): Promise<KillSwitchState> {
    return roundTrip(this.switches.get(accountId) ?? RELEASED);
  }
  async setKillSwitch(accountId: string, state: KillSwitchState): Promise<void> {
    this.switches.set(accountId, roundTrip(state));
  }
  async currentLimits(accountId: string): Promise<VersionedLimits> {
    return roundTrip(
      this.limits.get(accountId) ?? { version: 0, limits: DEFAULT_RISK_LIMITS, changedBy: 'system', reason: 'defaults', changedAt: 0 },
    );
  }
  async putLimits(
    accountId: string,
    limits: RiskLimitsV1,
    expectedVersion: number,
    meta: { readonly changedBy: string; readonly reason: string; readonly changedAt: number },
  ): Promise<{ readonly kind: 'stored'; readonly version: number } | { readonly kind: 'conflict'; readonly currentVersion: number }> {
    const currentVersion = this.limits.get(accountId)?.version ?? 0;
    if (currentVersion !== expectedVersion) return { kind: 'conflict', currentVersion };
    const version = currentVersion + 1;
    this.limits.set(accountId, roundTrip({ version, limits, ...meta }));
    return { kind: 'stored', version };
  }
}

export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly seen = new Set<string>();
  async markOnce(id: string, _ttlSeconds: number): Promise<boolean> {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    return true;
  }
}
