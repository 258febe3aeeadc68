import * as money from '../money';
import { decimalText } from './exact';
import type { BacktestOrder, OrderRequest, OrderSide, OrderStatus, OrderType, TimeInForce } from './types';

type Dec = ReturnType<typeof money.dec>;

/**
 * An order while the run works it (mutable inside the engine only). Prices and quantities keep their request
 * text until something changes them (a split, an OCO reduction, a bracket entry's fill, a trailing ratchet), so
 * records of untouched orders echo the request byte for byte.
 */
export interface WorkingOrder {
  readonly id: string;
  readonly request: OrderRequest;
  /** Index of the symbol in the run's sorted symbol list (-1: unknown symbol, rejected). */
  readonly symbolIndex: number;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly submittedAt: number;
  quantity: Dec;
  quantityText: string;
  limitPrice: Dec | undefined;
  limitText: string | undefined;
  stopPrice: Dec | undefined;
  stopText: string | undefined;
  trailAmount: Dec | undefined;
  trailPercent: Dec | undefined;
  /** Trailing stop: best price seen (highest for a sell, lowest for a buy); undefined until it has a reference. */
  extreme: Dec | undefined;
  /** The order is tried on bars that start after this instant (its submission, or a bracket leg's activation). */
  eligibleAfter: number;
  /** Session key at submission (opg orders wait for another session). */
  submittedKey: string | undefined;
  status: OrderStatus;
  filled: Dec;
  notional: Dec;
  fillCount: number;
  /** Bars this order has been tried on (a limit filling after its first bar rested: maker). */
  barsSeen: number;
  triggered: boolean;
  session: string | undefined;
  closedAt: number | undefined;
  reason: string | undefined;
  /** Internal OCO group key (user label or the bracket's entry id). */
  oco: string | undefined;
  /** A bracket leg's entry. */
  parent: WorkingOrder | undefined;
  /** A bracket entry's legs (held until it fills). */
  legs: WorkingOrder[];
}

export const isOpen = (o: WorkingOrder): boolean => o.status === 'working' || o.status === 'partially-filled' || o.status === 'held';
export const isStopType = (o: WorkingOrder): boolean => o.type === 'stop' || o.type === 'stop-limit' || o.type === 'trailing-stop';

function parse(s: string | undefined): Dec | undefined {
  if (s === undefined) return undefined;
  try {
    return money.dec(s);
  } catch {
    return undefined;
  }
}

const ZERO = money.dec('0');

/** A new working order from a request (not yet validated). */
export function newOrder(id: string, request: OrderRequest, symbolIndex: number, submittedAt: number, type: OrderType = request.type, side: OrderSide = request.side): WorkingOrder {
  return {
    id,
    request,
    symbolIndex,
    side,
    type,
    timeInForce: request.timeInForce ?? 'day',
    submittedAt,
    quantity: parse(request.quantity) ?? ZERO,
    quantityText: request.quantity,
    limitPrice: parse(request.limitPrice),
    limitText: request.limitPrice,
    stopPrice: parse(request.stopPrice),
    stopText: request.stopPrice,
    trailAmount: parse(request.trailPrice),
    trailPercent: parse(request.trailPercent),
    extreme: undefined,
    eligibleAfter: submittedAt,
    submittedKey: undefined,
    status: 'working',
    filled: ZERO,
    notional: ZERO,
    fillCount: 0,
    barsSeen: 0,
    triggered: false,
    session: undefined,
    closedAt: undefined,
    reason: undefined,
    oco: request.ocoGroup === undefined ? undefined : `user:${request.ocoGroup}`,
    parent: undefined,
    legs: [],
  };
}

const positive = (d: Dec | undefined): boolean => d?.gt(0) ?? false;

/** Why a request cannot be accepted, or undefined. Checks shape only; the account checks come at fill time. */
export function invalidReason(o: WorkingOrder, knownSymbol: boolean): string | undefined {
  const r = o.request;
  const type = o.type;
  if (!knownSymbol) return `unknown symbol ${r.symbol}`;
  if (!o.quantity.gt(0)) return `quantity must be positive, got ${r.quantity}`;
  if ((type === 'limit' || type === 'stop-limit') && !positive(o.limitPrice)) return `${type} order needs a positive limitPrice`;
  if ((type === 'stop' || type === 'stop-limit') && !positive(o.stopPrice)) return `${type} order needs a positive stopPrice`;
  if (type === 'trailing-stop') {
    if ((r.trailPrice === undefined) === (r.trailPercent === undefined)) return 'trailing-stop order needs exactly one of trailPrice, trailPercent';
    if (r.trailPrice !== undefined && !positive(o.trailAmount)) return `trailPrice must be positive, got ${r.trailPrice}`;
    if (r.trailPercent !== undefined && !(positive(o.trailPercent) && (o.trailPercent?.lt(100) ?? false))) return `trailPercent must be in (0, 100), got ${r.trailPercent}`;
  }
  const tif = o.timeInForce;
  if ((tif === 'ioc' || tif === 'fok' || tif === 'opg' || tif === 'cls') && type !== 'market' && type !== 'limit') return `time in force ${tif} applies to market and limit orders only, not ${type}`;
  const b = r.bracket;
  if (b !== undefined) {
    if (tif !== 'day' && tif !== 'gtc') return `a bracket order's time in force must be day or gtc, got ${tif}`;
    if (type === 'trailing-stop') return 'a trailing stop cannot be a bracket entry';
    if (r.ocoGroup !== undefined) return 'a bracket entry cannot also be in an OCO group';
    if (b.takeProfit === undefined && b.stopLoss === undefined) return 'a bracket needs a takeProfit or a stopLoss leg';
    const tp = b.takeProfit === undefined ? undefined : parse(b.takeProfit.limitPrice);
    const sl = b.stopLoss === undefined ? undefined : parse(b.stopLoss.stopPrice);
    const slLimit = b.stopLoss?.limitPrice === undefined ? undefined : parse(b.stopLoss.limitPrice);
    if (b.takeProfit !== undefined && !positive(tp)) return 'bracket takeProfit needs a positive limitPrice';
    if (b.stopLoss !== undefined && !positive(sl)) return 'bracket stopLoss needs a positive stopPrice';
    if (b.stopLoss?.limitPrice !== undefined && !positive(slLimit)) return 'bracket stopLoss limitPrice must be positive';
    if (tp !== undefined && sl !== undefined && (o.side === 'buy' ? !tp.gt(sl) : !tp.lt(sl))) {
      return `bracket takeProfit ${b.takeProfit?.limitPrice ?? ''} must be ${o.side === 'buy' ? 'above' : 'below'} its stopLoss ${b.stopLoss?.stopPrice ?? ''}`;
    }
  }
  return undefined;
}

/** The legs of a bracket entry as orders on the opposite side, held (quantity 0) until the entry fills. */
export function bracketLegs(entry: WorkingOrder, nextId: () => string): WorkingOrder[] {
  const b = entry.request.bracket;
  if (b === undefined) return [];
  const side: OrderSide = entry.side === 'buy' ? 'sell' : 'buy';
  const base = { symbol: entry.request.symbol, side, quantity: '0', timeInForce: entry.timeInForce, ...(entry.request.tag !== undefined ? { tag: entry.request.tag } : {}) };
  const requests: OrderRequest[] = [];
  if (b.takeProfit !== undefined) requests.push({ ...base, type: 'limit', limitPrice: b.takeProfit.limitPrice });
  if (b.stopLoss !== undefined) {
    requests.push(
      b.stopLoss.limitPrice === undefined
        ? { ...base, type: 'stop', stopPrice: b.stopLoss.stopPrice }
        : { ...base, type: 'stop-limit', stopPrice: b.stopLoss.stopPrice, limitPrice: b.stopLoss.limitPrice },
    );
  }
  return requests.map((r) => {
    const leg = newOrder(nextId(), r, entry.symbolIndex, entry.submittedAt);
    leg.status = 'held';
    leg.parent = entry;
    leg.oco = requests.length > 1 ? `bracket:${entry.id}` : undefined;
    return leg;
  });
}

const str = decimalText;

/** Sets a working quantity (records show the new value). */
export function setQuantity(o: WorkingOrder, quantity: Dec): void {
  o.quantity = quantity;
  o.quantityText = str(quantity);
}

/** The order's record at the end of the run. */
export function orderRecord(o: WorkingOrder): BacktestOrder {
  const r = o.request;
  return {
    id: o.id,
    symbol: r.symbol,
    side: o.side,
    quantity: o.quantityText,
    type: o.type,
    ...(o.limitText !== undefined ? { limitPrice: o.limitText } : {}),
    ...(o.stopText !== undefined ? { stopPrice: o.stopText } : {}),
    ...(r.trailPrice !== undefined ? { trailPrice: r.trailPrice } : {}),
    ...(r.trailPercent !== undefined ? { trailPercent: r.trailPercent } : {}),
    timeInForce: o.timeInForce,
    ...(r.ocoGroup !== undefined ? { ocoGroup: r.ocoGroup } : {}),
    ...(o.parent !== undefined ? { parentId: o.parent.id } : {}),
    ...(r.tag !== undefined ? { tag: r.tag } : {}),
    submittedAt: o.submittedAt,
    status: o.status,
    filledQuantity: str(o.filled),
    ...(o.filled.gt(0) ? { averageFillPrice: str(o.notional.div(o.filled)) } : {}),
    ...(o.closedAt !== undefined ? { closedAt: o.closedAt } : {}),
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
  };
}
