import type { OrderIntentV1 } from '../../../contracts';
import * as money from '../../money';
import type { PositionView, PreTradeContext } from '../preTradeCheck';

type Dec = ReturnType<typeof money.dec>;

/** The price an order is judged at: its limit price, else the reference price it was sized at. */
export const orderPrice = (intent: OrderIntentV1): string => intent.limitPrice ?? intent.referencePrice;

/** The symbol the order's position is held under: the OCC contract for an option, else the ticker. */
export const instrumentSymbol = (intent: OrderIntentV1): string => intent.option?.contractSymbol ?? intent.symbol;

/** Shares of underlying per unit of quantity: the contract multiplier for an option, else 1. */
export const unitMultiplier = (intent: OrderIntentV1): number => intent.option?.multiplier ?? 1;

/** Value of one unit of the order: price × multiplier. */
export const unitValue = (intent: OrderIntentV1): string =>
  intent.option === undefined ? orderPrice(intent) : money.mul(orderPrice(intent), String(intent.option.multiplier));

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

/** The signed value of a held position: its market value, else quantity × current price; undefined when neither is known. */
function signedValue(p: PositionView): Dec | undefined {
  if (p.marketValue !== undefined) return money.dec(p.marketValue);
  if (p.currentPrice !== undefined) return money.dec(p.quantity).times(money.dec(p.currentPrice));
  return undefined;
}

function bump(map: Map<string, Dec>, key: string, value: Dec): void {
  const prior = map.get(key);
  map.set(key, prior === undefined ? value : prior.plus(value));
}

/**
 * Values the portfolio before and after the order, exactly. The order's instrument is valued at
 * the order price (its position after = before + signed quantity); every other position at its
 * broker market value. Pure: memoised per intent and context object, so twenty checks value a
 * 500-position portfolio once.
 */
export function portfolioExposure(intent: OrderIntentV1, context: PreTradeContext, sectorMap: Readonly<Record<string, string>>): PortfolioExposure {
  let perIntent = memo.get(intent);
  const hit = perIntent?.get(context);
  if (hit !== undefined && sectorMapOf.get(hit) === sectorMap) return hit;
  const instrument = instrumentSymbol(intent);
  const unit = money.dec(unitValue(intent));
  const before = money.dec(currentQuantity(context.positions, instrument));
  const after = before.plus(money.dec(signedQuantity(intent)));
  const orderSector = sectorOf(intent.symbol, sectorMap);
  const orderClass = orderAssetClass(intent, context);
  const zero = money.dec('0');
  let grossOthers = zero;
  let netOthers = zero;
  const sectorOthers = new Map<string, Dec>();
  const classOthers = new Map<string, Dec>();
  const unvalued: string[] = [];
  for (const p of context.positions) {
    if (p.symbol === instrument) continue;
    const value = signedValue(p);
    if (value === undefined) {
      unvalued.push(p.symbol);
      continue;
    }
    const absolute = value.abs();
    grossOthers = grossOthers.plus(absolute);
    netOthers = netOthers.plus(value);
    bump(sectorOthers, sectorOf(p.symbol, sectorMap), absolute);
    bump(classOthers, assetClassOf(p.symbol, context), absolute);
  }
  const heldBefore = before.times(unit);
  const heldAfter = after.times(unit);
  const withOrder = (others: ReadonlyMap<string, Dec>, key: string, value: Dec): Map<string, Dec> => {
    const out = new Map(others);
    bump(out, key, value);
    return out;
  };
  const exposure: PortfolioExposure = {
    equity: money.dec(context.account.equity),
    before,
    after,
    increasesPosition: after.abs().greaterThan(before.abs()),
    positionValueAfter: heldAfter.abs(),
    grossBefore: grossOthers.plus(heldBefore.abs()),
    grossAfter: grossOthers.plus(heldAfter.abs()),
    netBefore: netOthers.plus(heldBefore),
    netAfter: netOthers.plus(heldAfter),
    sectorGrossBefore: withOrder(sectorOthers, orderSector, heldBefore.abs()),
    sectorGrossAfter: withOrder(sectorOthers, orderSector, heldAfter.abs()),
    classGrossBefore: withOrder(classOthers, orderClass, heldBefore.abs()),
    classGrossAfter: withOrder(classOthers, orderClass, heldAfter.abs()),
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
