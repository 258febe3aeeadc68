import type { OrderIntentV1 } from '../../../contracts';
import * as money from '../../money';
import type { PositionView, PreTradeContext } from '../preTradeCheck';

type Dec = ReturnType<typeof money.dec>;

/** The price an order is judged at: its limit price, else the reference price it was sized at. */
export const orderPrice = (intent: OrderIntentV1): string => intent.limitPrice ?? intent.referencePrice;

/** The symbol the order's position is held under: the OCC contract for an option, else the ticker. */
export const instrumentSymbol = (intent: OrderIntentV1): string => intent.option?.contractSymbol ?? intent.symbol;

/**
 * The held symbol the order's own position is looked up under: the instrument, except for a multi-leg
 * order, whose units are a structure no held symbol represents (not the underlying's shares: a credit
 * spread on a stock the account holds must not count as "selling a long"), so it starts flat.
 */
export const positionKey = (intent: OrderIntentV1): string => (intent.multiLeg !== undefined ? `mleg:${intent.intentId}` : instrumentSymbol(intent));

/** Shares of underlying per unit of quantity: the contract multiplier for an option, else 1. */
export const unitMultiplier = (intent: OrderIntentV1): number => intent.option?.multiplier ?? 1;

/**
 * Value of one unit of the order: price × multiplier for an option, the price for a share. For a
 * multi-leg order it is the structure's maximum loss per unit (already in USD, the ×100 multiplier
 * included): the net premium understates what a credit spread puts at risk, and the capital at risk is
 * what the exposure, buying-power and notional limits are about.
 */
export const unitValue = (intent: OrderIntentV1): string =>
  intent.multiLeg !== undefined
    ? intent.multiLeg.maxLossPerUnit
    : intent.option === undefined
      ? orderPrice(intent)
      : money.mul(orderPrice(intent), String(intent.option.multiplier));

/** quantity × price (× the contract multiplier for an option). */
export const orderNotional = (intent: OrderIntentV1): string => money.mul(intent.quantity, unitValue(intent));

/** The signed quantity change of an order: + for a buy, − for a sell. */
export const signedQuantity = (intent: OrderIntentV1): string =>
  intent.side === 'buy' ? intent.quantity : money.neg(intent.quantity);

/** Current signed position in the intent's symbol ("0" when flat). */
export function currentQuantity(positions: readonly PositionView[], symbol: string): string {
  return positions.find((p) => p.symbol === symbol)?.quantity ?? '0';
}

/** An OCC option symbol (root, YYMMDD, C/P, 8-digit strike). */
export const isOptionSymbol = (symbol: string): boolean => /^[A-Z][A-Z0-9.]{0,5}\d{6}[CP]\d{8}$/.test(symbol);

/** The asset class of a held symbol: options by their OCC shape, else the snapshot's asset class, else us_equity. */
export function assetClassOf(symbol: string, context: Pick<PreTradeContext, 'market'>): string {
  if (isOptionSymbol(symbol)) return 'us_option';
  const assets = context.market?.assets;
  return (assets !== undefined && Object.hasOwn(assets, symbol) ? assets[symbol]?.assetClass : undefined) ?? 'us_equity';
}

/** The asset class of the order. */
export const orderAssetClass = (intent: OrderIntentV1, context: Pick<PreTradeContext, 'market'>): string =>
  intent.option !== undefined ? 'us_option' : assetClassOf(intent.symbol, context);

/** The portfolio before and after the order, valued once per (intent, context) and shared by the exposure checks. */
export interface PortfolioExposure {
  readonly equity: Dec;
  readonly before: Dec;
  readonly after: Dec;
  /** |position after| > |position before|: the order adds risk in its instrument. */
  readonly increasesPosition: boolean;
  /** |position after| × unit value. */
  readonly positionValueAfter: Dec;
  readonly grossBefore: Dec;
  readonly grossAfter: Dec;
  readonly netBefore: Dec;
  readonly netAfter: Dec;
  /** Gross value after the order per sector and per asset class. */
  readonly sectorGrossAfter: ReadonlyMap<string, Dec>;
  readonly sectorGrossBefore: ReadonlyMap<string, Dec>;
  readonly classGrossAfter: ReadonlyMap<string, Dec>;
  readonly classGrossBefore: ReadonlyMap<string, Dec>;
  /** Held symbols with neither a market value nor a price: left out of the sums. */
  readonly unvalued: readonly string[];
}

const memo = new WeakMap<OrderIntentV1, WeakMap<PreTradeContext, PortfolioExposure>>();

/** The sector of a symbol in the policy's map ("unclassified" when absent). */
export const sectorOf = (symbol: string, sectorMap: Readonly<Record<string, string>>): string =>
  (Object.hasOwn(sectorMap, symbol) ? sectorMap[symbol] : undefined) ?? 'unclassified';

/** Exact decimal text with at most 9 fraction digits, the shape the fast path parses. */
const NANO_TEXT = /^(-?)(\d+)(?:\.(\d{1,9}))?$/;
const NANO = 1_000_000_000n;

/** A decimal string as an exact integer count of 1e-9 units; undefined when it has another shape. */
function nanos(text: string): bigint | undefined {
  const m = NANO_TEXT.exec(text);
  if (m === null) return undefined;
  const units = BigInt(m[2] ?? '0') * NANO + BigInt((m[3] ?? '').padEnd(9, '0'));
  return m[1] === '-' ? -units : units;
}

/** 1e-9 units back to an exact decimal. */
const fromNanos = (units: bigint): Dec => money.dec(units.toString()).dividedBy(1e9);

/**
 * The signed value of a held position in 1e-9 units: its market value, else quantity × current
 * price (exact, rounded to 1e-9 only past nine decimals); undefined when neither is known.
 */
function signedValueNanos(p: PositionView): bigint | undefined {
  if (p.marketValue !== undefined) return nanos(p.marketValue) ?? nanos(money.toDecimalString(p.marketValue));
  if (p.currentPrice !== undefined) return nanos(money.mul(p.quantity, p.currentPrice));
  return undefined;
}

function bump(map: Map<string, bigint>, key: string, value: bigint): void {
  map.set(key, (map.get(key) ?? 0n) + value);
}

/**
 * Values the portfolio before and after the order, exactly. The order's instrument is valued at
 * the order price (its position after = before + signed quantity); every other position at its
 * broker market value. Sums run on integer 1e-9 units (BigInt), so 500 positions cost
 * microseconds and stay exact. Pure: memoised per intent and context object, so the checks of one
 * decision value the portfolio once.
 */
export function portfolioExposure(intent: OrderIntentV1, context: PreTradeContext, sectorMap: Readonly<Record<string, string>>): PortfolioExposure {
  let perIntent = memo.get(intent);
  const hit = perIntent?.get(context);
  if (hit !== undefined && sectorMapOf.get(hit) === sectorMap) return hit;
  const instrument = positionKey(intent);
  const unit = money.dec(unitValue(intent));
  const before = money.dec(currentQuantity(context.positions, instrument));
  const after = before.plus(money.dec(signedQuantity(intent)));
  const orderSector = sectorOf(intent.symbol, sectorMap);
  const orderClass = orderAssetClass(intent, context);
  let grossOthers = 0n;
  let netOthers = 0n;
  const sectorOthers = new Map<string, bigint>();
  const classOthers = new Map<string, bigint>();
  const unvalued: string[] = [];
  for (const p of context.positions) {
    if (p.symbol === instrument) continue;
    const value = signedValueNanos(p);
    if (value === undefined) {
      unvalued.push(p.symbol);
      continue;
    }
    const absolute = value < 0n ? -value : value;
    grossOthers += absolute;
    netOthers += value;
    bump(sectorOthers, sectorOf(p.symbol, sectorMap), absolute);
    bump(classOthers, assetClassOf(p.symbol, context), absolute);
  }
  const heldBefore = before.times(unit);
  const heldAfter = after.times(unit);
  const toDec = (m: ReadonlyMap<string, bigint>): Map<string, Dec> => new Map([...m].map(([k, v]) => [k, fromNanos(v)]));
  const withOrder = (others: ReadonlyMap<string, Dec>, key: string, value: Dec): Map<string, Dec> => {
    const out = new Map(others);
    const prior = out.get(key);
    out.set(key, prior === undefined ? value : prior.plus(value));
    return out;
  };
  const sectors = toDec(sectorOthers);
  const classes = toDec(classOthers);
  const gross = fromNanos(grossOthers);
  const net = fromNanos(netOthers);
  const exposure: PortfolioExposure = {
    equity: money.dec(context.account.equity),
    before,
    after,
    increasesPosition: after.abs().greaterThan(before.abs()),
    positionValueAfter: heldAfter.abs(),
    grossBefore: gross.plus(heldBefore.abs()),
    grossAfter: gross.plus(heldAfter.abs()),
    netBefore: net.plus(heldBefore),
    netAfter: net.plus(heldAfter),
    sectorGrossBefore: withOrder(sectors, orderSector, heldBefore.abs()),
    sectorGrossAfter: withOrder(sectors, orderSector, heldAfter.abs()),
    classGrossBefore: withOrder(classes, orderClass, heldBefore.abs()),
    classGrossAfter: withOrder(classes, orderClass, heldAfter.abs()),
    unvalued,
  };
  if (perIntent === undefined) {
    perIntent = new WeakMap();
    memo.set(intent, perIntent);
  }
  perIntent.set(context, exposure);
  sectorMapOf.set(exposure, sectorMap);
  return exposure;
}

/** Which sector map an exposure was computed with (strategy overrides can extend the map). */
const sectorMapOf = new WeakMap<PortfolioExposure, Readonly<Record<string, string>>>();

/**
 * A ratio of two exact amounts as a decimal string rounded UP at 6 places (never shown smaller than
 * it is, so a check that compares the shown figure with its limit can only be stricter); undefined
 * when the denominator is not positive.
 */
export function ratio(numerator: Dec, denominator: Dec): string | undefined {
  if (!denominator.greaterThan(0)) return undefined;
  return money.toDecimalString(numerator.dividedBy(denominator).abs().toDecimalPlaces(6, 0));
}
