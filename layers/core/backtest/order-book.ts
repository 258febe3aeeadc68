import * as money from '../money';
import { bracketLegs, invalidReason, isOpen, isStopType, newOrder, setQuantity, type WorkingOrder } from './orders';
import type { ExactBar, TriggerOrder } from './rules';
import { executeOnBar } from './rules';
import type { BacktestFill, OrderRequest, OrderStatus } from './types';

type Dec = ReturnType<typeof money.dec>;

/**
 * Which member of an OCO group goes first on a bar (lower first): a member that fills at the bar's open (the open
 * is the first price, so it surely came first), then stop-type members, then the rest. Stop before target is the
 * worst case when both lie inside one bar's range: the order of the high and the low is unknown, and we assume the
 * adverse one.
 */
export function ocoOrder(o: WorkingOrder, bar: ExactBar, trigger: TriggerOrder): number {
  const exec = executeOnBar(trigger, bar);
  if (exec.kind === 'fill' && exec.at === 'open') return 0;
  return isStopType(o) ? 1 : 2;
}

const serial = (o: WorkingOrder): number => Number(o.id.slice(2));

/**
 * The run's orders: ids, per-symbol working lists, one-cancels-other groups and bracket legs. Closing, OCO
 * reductions and leg activation live here; prices and fills are the engine's.
 */
export class OrderBook {
  private readonly orders: WorkingOrder[] = [];
  private readonly ids = new Map<string, WorkingOrder>();
  private readonly working: WorkingOrder[][];
  private readonly groups = new Map<string, WorkingOrder[]>();
  /** Bracket legs activated by an entry that filled at a bar's open: they meet the rest of that same bar. */
  private sameBar: WorkingOrder[] = [];

  constructor(symbols: number) {
    this.working = Array.from({ length: symbols }, () => []);
  }

  private nextId = (): string => `o-${this.orders.length + 1}`;

  private register(o: WorkingOrder): void {
    this.orders.push(o);
    this.ids.set(o.id, o);
    if (o.oco !== undefined) {
      const group = this.groups.get(o.oco);
      if (group === undefined) this.groups.set(o.oco, [o]);
      else group.push(o);
    }
  }

  /** Accepts a request (working, with held bracket legs after it) or records it as rejected with the reason. */
  submit(request: OrderRequest, symbolIndex: number, t: number): WorkingOrder {
    const o = newOrder(this.nextId(), request, symbolIndex, t);
    this.register(o);
    const invalid = invalidReason(o, symbolIndex >= 0);
    if (invalid !== undefined) {
      o.status = 'rejected';
      o.closedAt = t;
      o.reason = invalid;
      return o;
    }
    this.working[symbolIndex]?.push(o);
    if (request.bracket !== undefined) {
      let next = this.orders.length;
      const legs = bracketLegs(o, () => `o-${(next += 1)}`);
      for (const leg of legs) this.register(leg);
      o.legs = legs;
    }
    return o;
  }

  byId(id: string): WorkingOrder | undefined {
    return this.ids.get(id);
  }

  all(): readonly WorkingOrder[] {
    return this.orders;
  }

  hasWorking(i: number): boolean {
    return (this.working[i]?.length ?? 0) > 0;
  }

  workingOf(i: number): readonly WorkingOrder[] {
    return this.working[i] ?? [];
  }

  /** Working orders of a symbol plus the held legs of its working bracket entries (what a split adjusts). */
  openOf(i: number): readonly WorkingOrder[] {
    const list = this.working[i] ?? [];
    const out = [...list];
    for (const o of list) for (const leg of o.legs) if (leg.status === 'held') out.push(leg);
    return out;
  }

  /** Closes an order. An entry that closes before any fill cancels its held legs. */
  close(o: WorkingOrder, status: OrderStatus, t: number, reason?: string): void {
    o.status = status;
    o.closedAt = t;
    o.reason = reason;
    const i = o.symbolIndex;
    const list = this.working[i];
    if (list !== undefined && list.includes(o)) this.working[i] = list.filter((w) => w !== o);
    if (status !== 'filled' && o.filled.isZero()) {
      for (const leg of o.legs) if (leg.status === 'held') this.close(leg, 'canceled', t, `bracket entry ${o.id} ${status} without a fill`);
    }
  }

  /**
   * After `o` filled `quantity`: every other open member of its OCO group shrinks by that much (canceled when
   * nothing is left); a bracket entry's legs grow by it (activated if held: on the same bar when the entry filled
   * at the open, since the rest of that bar came after the fill, else from the next bar); a bracket leg that
   * completes ends the bracket, canceling what is left of the entry.
   */
  afterFill(o: WorkingOrder, quantity: Dec, t: number, at: BacktestFill['at']): void {
    const group = o.oco === undefined ? undefined : this.groups.get(o.oco);
    for (const m of group ?? []) {
      if (m === o || !isOpen(m) || m.status === 'held') continue;
      const left = m.quantity.minus(quantity);
      if (left.lte(m.filled)) this.close(m, 'canceled', t, `one-cancels-other: ${o.id} filled`);
      else setQuantity(m, left);
    }
    for (const leg of o.legs) {
      if (!isOpen(leg)) continue;
      setQuantity(leg, leg.quantity.plus(quantity));
      if (leg.status !== 'held') continue;
      leg.status = 'working';
      leg.eligibleAfter = at === 'open' ? t - 1 : t;
      this.working[leg.symbolIndex]?.push(leg);
      if (at === 'open') this.sameBar.push(leg);
    }
    if (o.parent !== undefined && o.status === 'filled' && isOpen(o.parent)) this.close(o.parent, 'canceled', t, `bracket exit ${o.id} filled`);
  }

  /**
   * Visits the working orders of symbol `i` on one bar: oldest first, except that the open members of an OCO group
   * are visited together in `priority` order (see {@link ocoOrder}); then bracket legs activated during the visit.
   */
  forEachOnBar(i: number, visit: (o: WorkingOrder) => void, priority: (o: WorkingOrder) => number): void {
    this.sameBar = [];
    visitAll(this.ordered(this.working[i] ?? [], priority), visit);
    while (this.sameBar.length > 0) {
      const batch = this.sameBar;
      this.sameBar = [];
      visitAll(this.ordered(batch, priority), visit);
    }
  }

  private ordered(list: readonly WorkingOrder[], priority: (o: WorkingOrder) => number): readonly WorkingOrder[] {
    if (!list.some((o) => o.oco !== undefined)) return [...list];
    const out: WorkingOrder[] = [];
    const placed = new Set<WorkingOrder>();
    for (const o of list) {
      if (placed.has(o)) continue;
      const group = o.oco === undefined ? undefined : this.groups.get(o.oco);
      const members = group === undefined ? [o] : group.filter((m) => list.includes(m) && isOpen(m));
      const ranked = members.map((m) => ({ m, p: priority(m) })).sort((a, b) => a.p - b.p || serial(a.m) - serial(b.m));
      for (const { m } of ranked) {
        placed.add(m);
        out.push(m);
      }
    }
    return out;
  }
}

function visitAll(list: readonly WorkingOrder[], visit: (o: WorkingOrder) => void): void {
  for (const o of list) visit(o);
}

