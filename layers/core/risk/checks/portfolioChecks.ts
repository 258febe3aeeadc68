import * as money from '../../money';
import { checkResult, limitsFor, type PreTradeCheck } from '../preTradeCheck';
import { limitText, notMeasured, pct, withinLimit } from './common';
import { orderAssetClass, portfolioExposure, ratio, sectorOf } from './exposure';

/** Equity must be positive for any ratio to it to mean something. */
const noEquity = (checkId: string, equity: string, limit: string) =>
  checkResult(checkId, false, `account equity ${equity} is not positive: exposure cannot be judged`, equity, limit);

/** One position after the order stays under a fraction of equity (orders that shrink it always pass). */
export const concentrationCheck: PreTradeCheck = {
  checkId: 'concentration',
  description: 'One position after the order is at most a fraction of equity',
  evaluate: (intent, context) => {
    const limits = limitsFor(intent, context);
    const limit = limitText(limits.maxConcentrationPct);
    const x = portfolioExposure(intent, context, limits.sectorMap);
    const measured = ratio(x.positionValueAfter, x.equity);
    if (!x.increasesPosition) return checkResult('concentration', true, `order reduces the position (${x.before} → ${x.after})`, measured ?? 'n/a', limit);
    if (measured === undefined) return noEquity('concentration', context.account.equity, limit);
    return withinLimit('concentration', measured, limit, (ok) =>
      `${intent.symbol} after the order is ${pct(measured)} of equity ${ok ? 'within' : 'exceeds'} ${pct(limit)}`);
  },
};

/** The gross exposure of the order's sector (policy sector map) stays under its limit. */
export const sectorExposureCheck: PreTradeCheck = {
  checkId: 'sectorExposure',
  description: 'Gross exposure of the order\'s sector stays within its limit',
  evaluate: (intent, context) => {
    const limits = limitsFor(intent, context);
    const sector = sectorOf(intent.symbol, limits.sectorMap);
    const limit = limitText((Object.hasOwn(limits.sectorLimits, sector) ? limits.sectorLimits[sector] : undefined) ?? limits.maxSectorPct);
    const x = portfolioExposure(intent, context, limits.sectorMap);
    const after = x.sectorGrossAfter.get(sector) ?? money.dec('0');
    const before = x.sectorGrossBefore.get(sector) ?? money.dec('0');
    const measured = ratio(after, x.equity);
    if (!after.greaterThan(before)) return checkResult('sectorExposure', true, `order does not add to sector ${sector}`, measured ?? 'n/a', limit);
    if (measured === undefined) return noEquity('sectorExposure', context.account.equity, limit);
    return withinLimit('sectorExposure', measured, limit, (ok) =>
      `sector ${sector} after the order is ${pct(measured)} of equity ${ok ? 'within' : 'exceeds'} ${pct(limit)}`);
  },
};

/** The gross exposure of the order's asset class stays under the policy's limit for that class. */
export const assetClassExposureCheck: PreTradeCheck = {
  checkId: 'assetClassExposure',
  description: 'Gross exposure of the order\'s asset class stays within its limit',
  evaluate: (intent, context) => {
    const limits = limitsFor(intent, context);
    const assetClass = orderAssetClass(intent, context);
    const configured = Object.hasOwn(limits.assetClassLimits, assetClass) ? limits.assetClassLimits[assetClass] : undefined;
    const x = portfolioExposure(intent, context, limits.sectorMap);
    const after = x.classGrossAfter.get(assetClass) ?? money.dec('0');
    const measured = ratio(after, x.equity);
    if (configured === undefined) return checkResult('assetClassExposure', true, `no limit for asset class ${assetClass}`, measured ?? 'n/a', 'none');
    const limit = limitText(configured);
    const before = x.classGrossBefore.get(assetClass) ?? money.dec('0');
    if (!after.greaterThan(before)) return checkResult('assetClassExposure', true, `order does not add to ${assetClass}`, measured ?? 'n/a', limit);
    if (measured === undefined) return noEquity('assetClassExposure', context.account.equity, limit);
    return withinLimit('assetClassExposure', measured, limit, (ok) =>
      `${assetClass} after the order is ${pct(measured)} of equity ${ok ? 'within' : 'exceeds'} ${pct(limit)}`);
  },
};

/** Σ|position value| / equity after the order; an order that lowers gross exposure always passes. */
export const grossLeverageCheck: PreTradeCheck = {
  checkId: 'grossLeverage',
  description: 'Gross leverage after the order stays within the limit',
  evaluate: (intent, context) => {
    const limits = limitsFor(intent, context);
    const limit = limitText(limits.maxGrossLeverage);
    const x = portfolioExposure(intent, context, limits.sectorMap);
    const measured = ratio(x.grossAfter, x.equity);
    const unvalued = x.unvalued.length > 0 ? ` (${x.unvalued.length} positions without a value left out)` : '';
    if (!x.grossAfter.greaterThan(x.grossBefore)) return checkResult('grossLeverage', true, `order lowers gross exposure${unvalued}`, measured ?? 'n/a', limit);
    if (measured === undefined) return noEquity('grossLeverage', context.account.equity, limit);
    if (x.unvalued.length > 0 && limits.failClosedOnMissingData) return notMeasured('grossLeverage', intent, context, `no value for ${x.unvalued.join(',').slice(0, 200)}`, limit);
    return withinLimit('grossLeverage', measured, limit, (ok) => `gross leverage after the order ${measured}× ${ok ? 'within' : 'exceeds'} ${limit}×${unvalued}`);
  },
};

/** |Σ signed position value| / equity after the order; an order that lowers net exposure always passes. */
export const netLeverageCheck: PreTradeCheck = {
  checkId: 'netLeverage',
  description: 'Net leverage after the order stays within the limit',
  evaluate: (intent, context) => {
    const limits = limitsFor(intent, context);
    const limit = limitText(limits.maxNetLeverage);
    const x = portfolioExposure(intent, context, limits.sectorMap);
    const measured = ratio(x.netAfter.abs(), x.equity);
    if (!x.netAfter.abs().greaterThan(x.netBefore.abs())) return checkResult('netLeverage', true, 'order lowers net exposure', measured ?? 'n/a', limit);
    if (measured === undefined) return noEquity('netLeverage', context.account.equity, limit);
    return withinLimit('netLeverage', measured, limit, (ok) => `net leverage after the order ${measured}× ${ok ? 'within' : 'exceeds'} ${limit}×`);
  },
};

/** Too many working orders means something upstream is looping; counts the open orders in the snapshot. */
export const maxOpenOrdersCheck: PreTradeCheck = {
  checkId: 'maxOpenOrders',
  description: 'The number of working orders (this one included) stays within the limit',
  evaluate: (intent, context) => {
    const limit = String(limitsFor(intent, context).maxOpenOrders);
    if (context.openOrders === undefined) return notMeasured('maxOpenOrders', intent, context, 'no open orders in the snapshot', limit);
    const measured = String(context.openOrders.length + 1);
    return withinLimit('maxOpenOrders', measured, limit, (ok) => `${measured} working orders with this one ${ok ? 'within' : 'exceed'} ${limit}`);
  },
};
