import { KillSwitchChangedV1, OrderRejectedV1, OrderSubmittedV1, OrderUpdatedV1, RoutineStartedV1, SignalGeneratedV1 } from '../../layers/contracts/events';
import type { CheckResultV1, MarketRoutine, SignalDirection } from '../../layers/contracts/events';
import type { BusEvent } from '../bus/event-bus';
import { RingBuffer } from './ring-buffer';

/** The broker views the dashboard reads (the paper broker has them all). */
export interface DashboardBroker {
  /** Market clock, UTC epoch ms. */
  now(): number;
  /** Alpaca `Account` JSON. */
  account(): Readonly<Record<string, unknown>>;
  /** Alpaca `Position` JSON. */
  positions(): readonly Readonly<Record<string, unknown>>[];
  /** Alpaca `Order` JSON, oldest first. */
  orders(): readonly Readonly<Record<string, unknown>>[];
}

/** Where the dashboard hears every event (the local bus). */
export interface DashboardBus {
  onEvent(listener: (event: BusEvent) => void): () => void;
}

export interface DashboardRecordOptions {
  readonly broker: DashboardBroker;
  readonly bus: DashboardBus;
  /** Items kept per list (signals, rejections, order events, kill-switch changes); default 500. */
  readonly listCapacity?: number;
  /** Equity points kept (one per market minute); default 5000, more than a week of sessions. */
  readonly equityCapacity?: number;
  /** Distinct reasons kept per failed check; further distinct reasons are only counted; default 20. */
  readonly reasonsPerCheck?: number;
}

export interface EquityPoint {
  /** Market time of the sample, UTC epoch ms. */
  readonly t: number;
  readonly equity: number;
}

export interface SignalRecord {
  readonly signalId: string;
  readonly strategyId: string;
  readonly symbol: string;
  readonly direction: SignalDirection;
  readonly strength: number;
  readonly referencePrice: string;
  readonly barStart: number;
  readonly generatedAt: number;
  readonly reason: string;
}

export interface RejectionRecord {
  readonly intentId: string;
  readonly strategyId: string;
  readonly symbol: string;
  readonly stage: 'verify' | 'broker';
  readonly policyVersion: number;
  readonly rejectedAt: number;
  readonly failedChecks: readonly CheckResultV1[];
}

export interface OrderEventRecord {
  readonly kind: 'submitted' | 'updated';
  readonly intentId: string;
  readonly clientOrderId: string;
  readonly brokerOrderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly status: string;
  readonly quantity?: string;
  readonly filledQuantity?: string;
  readonly filledAveragePrice?: string;
  readonly at: number;
}

export interface KillSwitchRecord {
  readonly engaged: boolean;
  readonly reason: string;
  readonly actor: string;
  readonly changedAt: number;
}

export interface CheckTally {
  readonly checkId: string;
  /** Rejections this check failed in (all seen, not only those still in the list). */
  readonly count: number;
  /** Distinct reasons with their counts, most frequent first. */
  readonly reasons: readonly { readonly reason: string; readonly count: number }[];
  /** Failures whose reason was not kept (the distinct-reason cap was reached). */
  readonly otherReasons: number;
  readonly lastReason: string;
  readonly lastAt: number;
}

export interface DashboardCounts {
  readonly events: number;
  readonly bars: number;
  readonly signals: number;
  readonly signalsByDirection: Readonly<Record<SignalDirection, number>>;
  readonly rejections: number;
  readonly ordersSubmitted: number;
  readonly orderUpdates: number;
  readonly fills: number;
  readonly killSwitchChanges: number;
  readonly routines: number;
}

interface MutableTally {
  count: number;
  readonly reasons: Map<string, number>;
  otherReasons: number;
  lastReason: string;
  lastAt: number;
}

const MINUTE = 60_000;
const FILLED = new Set(['filled', 'partially_filled']);

/**
 * The dashboard's in-process record of the running system, fed by the bus: the recent signals, rejections (with
 * every failed check), order events and kill-switch changes in bounded lists, running counts, and an equity series
 * sampled from the broker each time the market clock moves (one point per market minute).
 */
export class DashboardRecord {
  readonly signals: RingBuffer<SignalRecord>;
  readonly rejections: RingBuffer<RejectionRecord>;
  readonly orderEvents: RingBuffer<OrderEventRecord>;
  readonly killSwitchChanges: RingBuffer<KillSwitchRecord>;
  readonly equity: RingBuffer<EquityPoint>;
  lastRoutine: { readonly routine: MarketRoutine; readonly sessionDate: string; readonly at: number } | undefined;

  private readonly broker: DashboardBroker;
  private readonly reasonsPerCheck: number;
  private readonly tallies = new Map<string, MutableTally>();
  private readonly unsubscribe: () => void;
  private counters = {
    events: 0,
    bars: 0,
    signals: 0,
    signalsByDirection: { long: 0, flat: 0, short: 0 } as Record<SignalDirection, number>,
    rejections: 0,
    ordersSubmitted: 0,
    orderUpdates: 0,
    fills: 0,
    killSwitchChanges: 0,
    routines: 0,
  };

  constructor(options: DashboardRecordOptions) {
    const listCapacity = options.listCapacity ?? 500;
    this.broker = options.broker;
    this.reasonsPerCheck = options.reasonsPerCheck ?? 20;
    this.signals = new RingBuffer(listCapacity);
    this.rejections = new RingBuffer(listCapacity);
    this.orderEvents = new RingBuffer(listCapacity);
    this.killSwitchChanges = new RingBuffer(listCapacity);
    this.equity = new RingBuffer(options.equityCapacity ?? 5000);
    this.sampleEquity();
    this.unsubscribe = options.bus.onEvent((event) => this.observe(event));
  }

  get counts(): DashboardCounts {
    return { ...this.counters, signalsByDirection: { ...this.counters.signalsByDirection } };
  }

  /** Failed checks by check id, most frequent first. */
  checkTallies(): CheckTally[] {
    return [...this.tallies.entries()]
      .map(([checkId, t]) => ({
        checkId,
        count: t.count,
        reasons: [...t.reasons.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
        otherReasons: t.otherReasons,
        lastReason: t.lastReason,
        lastAt: t.lastAt,
      }))
      .sort((a, b) => b.count - a.count || a.checkId.localeCompare(b.checkId));
  }

  /** The latest kill-switch change seen on the bus. */
  lastKillSwitch(): KillSwitchRecord | undefined {
    return this.killSwitchChanges.last();
  }

  /** Stops listening to the bus. */
  close(): void {
    this.unsubscribe();
  }

  /**
   * Adds an equity point at the broker's market time; a second sample in the same market minute replaces the
   * first, so the series holds one point per minute (the latest value in it). The clock only moves forward.
   */
  sampleEquity(): void {
    const t = this.broker.now();
    const equity = Number(this.broker.account()['equity']);
    if (!Number.isFinite(equity)) return;
    const last = this.equity.last();
    if (last !== undefined && t < last.t) return;
    if (last !== undefined && Math.floor(last.t / MINUTE) === Math.floor(t / MINUTE)) this.equity.replaceLast({ t, equity });
    else this.equity.push({ t, equity });
  }

  /** Takes in one bus event (the bus has validated it against the catalogue; anything unexpected is skipped). */
  observe(event: BusEvent): void {
    this.counters.events += 1;
    switch (event['detail-type']) {
      case 'bar.closed':
        this.counters.bars += 1;
        break;
      case 'routine.started': {
        const parsed = RoutineStartedV1.safeParse(event.detail);
        if (!parsed.success) break;
        this.counters.routines += 1;
        this.lastRoutine = { routine: parsed.data.routine, sessionDate: parsed.data.sessionDate, at: parsed.data.at };
        this.sampleEquity();
        break;
      }
      case 'signal.generated': {
        const parsed = SignalGeneratedV1.safeParse(event.detail);
        if (!parsed.success) break;
        const s = parsed.data;
        this.counters.signals += 1;
        this.counters.signalsByDirection[s.direction] += 1;
        this.signals.push({
          signalId: s.signalId,
          strategyId: s.strategyId,
          symbol: s.symbol,
          direction: s.direction,
          strength: s.strength,
          referencePrice: s.referencePrice,
          barStart: s.barStart,
          generatedAt: s.generatedAt,
          reason: s.reason,
        });
        break;
      }
      case 'order.rejected': {
        const parsed = OrderRejectedV1.safeParse(event.detail);
        if (!parsed.success) break;
        const r = parsed.data;
        this.counters.rejections += 1;
        this.rejections.push({
          intentId: r.intentId,
          strategyId: r.strategyId,
          symbol: r.symbol,
          stage: r.stage,
          policyVersion: r.policyVersion,
          rejectedAt: r.rejectedAt,
          failedChecks: r.failedChecks,
        });
        for (const check of r.failedChecks) this.tally(check, r.rejectedAt);
        break;
      }
      case 'order.submitted': {
        const parsed = OrderSubmittedV1.safeParse(event.detail);
        if (!parsed.success) break;
        const o = parsed.data;
        this.counters.ordersSubmitted += 1;
        this.orderEvents.push({
          kind: 'submitted',
          intentId: o.intentId,
          clientOrderId: o.clientOrderId,
          brokerOrderId: o.brokerOrderId,
          symbol: o.symbol,
          side: o.side,
          status: o.status,
          quantity: o.quantity,
          at: o.submittedAt,
        });
        break;
      }
      case 'order.updated': {
        const parsed = OrderUpdatedV1.safeParse(event.detail);
        if (!parsed.success) break;
        const o = parsed.data;
        this.counters.orderUpdates += 1;
        if (FILLED.has(o.status)) this.counters.fills += 1;
        this.orderEvents.push({
          kind: 'updated',
          intentId: o.intentId,
          clientOrderId: o.clientOrderId,
          brokerOrderId: o.brokerOrderId,
          symbol: o.symbol,
          side: o.side,
          status: o.status,
          filledQuantity: o.filledQuantity,
          ...(o.filledAveragePrice === undefined ? {} : { filledAveragePrice: o.filledAveragePrice }),
          at: o.updatedAt,
        });
        this.sampleEquity();
        break;
      }
      case 'kill-switch.changed': {
        const parsed = KillSwitchChangedV1.safeParse(event.detail);
        if (!parsed.success) break;
        const k = parsed.data;
        this.counters.killSwitchChanges += 1;
        this.killSwitchChanges.push({ engaged: k.engaged, reason: k.reason, actor: k.actor, changedAt: k.changedAt });
        break;
      }
      default:
        break;
    }
  }

  private tally(check: CheckResultV1, at: number): void {
    let t = this.tallies.get(check.checkId);
    if (!t) {
      t = { count: 0, reasons: new Map(), otherReasons: 0, lastReason: '', lastAt: 0 };
      this.tallies.set(check.checkId, t);
    }
    t.count += 1;
    t.lastReason = check.reason;
    t.lastAt = at;
    const seen = t.reasons.get(check.reason);
    if (seen !== undefined) t.reasons.set(check.reason, seen + 1);
    else if (t.reasons.size < this.reasonsPerCheck) t.reasons.set(check.reason, 1);
    else t.otherReasons += 1;
  }
}
