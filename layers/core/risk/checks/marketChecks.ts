import * as money from '../../money';
import { checkResult, limitsFor, type PreTradeCheck, type PreTradeContext } from '../preTradeCheck';
import type { AssetView, SymbolStatsView } from '../snapshot';
import { limitText, notMeasured, pct, withinLimit } from './common';
import { instrumentSymbol, portfolioExposure, ratio } from './exposure';

const own = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;

export const assetOf = (context: PreTradeContext, symbol: string): AssetView | undefined => own(context.market?.assets, symbol);
export const statsOf = (context: PreTradeContext, symbol: string): SymbolStatsView | undefined => own(context.market?.stats, symbol);

/** A halted, inactive or untradable symbol gets no order (the broker would reject it, or worse, queue it). */
export const haltedSymbolCheck: PreTradeCheck = {
  checkId: 'haltedSymbol',
  description: 'The symbol is not halted and is tradable',
  evaluate: (intent, context) => {
    const symbol = instrumentSymbol(intent);
    if (context.market?.haltedSymbols?.includes(symbol) === true || context.market?.haltedSymbols?.includes(intent.symbol) === true) {
      return checkResult('haltedSymbol', false, `${symbol} is halted`, 'halted', 'trading');
    }
    const asset = assetOf(context, symbol);
    if (asset === undefined) return notMeasured('haltedSymbol', intent, context, `no asset status for ${symbol}`, 'trading');
    const inactive = asset.status !== undefined && asset.status.toLowerCase() !== 'active';
    const halted = asset.halted === true || !asset.tradable || inactive;
    const state = asset.halted === true ? 'halted' : !asset.tradable ? 'not tradable' : inactive ? `status ${asset.status}` : 'trading';
    return checkResult('haltedSymbol', !halted, halted ? `${symbol} is ${state}` : `${symbol} is trading`, state, 'trading');
  },
};

/**
 * An order that opens or enlarges a short needs a shortable asset (and an easy-to-borrow one when
 * the policy says so). Fails closed without the asset's flags: a short without a locate is a
 * Reg SHO problem, not a risk preference.
 */
export const shortSaleCheck: PreTradeCheck = {
  checkId: 'shortSale',
  description: 'A short sale is on a shortable (easy-to-borrow) asset',
  evaluate: (intent, context) => {
    const limits = limitsFor(intent, context);
    const required = limits.requireEasyToBorrow ? 'easy to borrow' : 'shortable';
    const x = portfolioExposure(intent, context, limits.sectorMap);
    const opensShort = x.after.isNegative() && x.increasesPosition;
    if (!opensShort) return checkResult('shortSale', true, 'not a short sale', 'not short', required);
    const symbol = instrumentSymbol(intent);
    if (intent.option !== undefined) return checkResult('shortSale', true, 'writing options is judged by the options approval check', 'option', required);
    const asset = assetOf(context, symbol);
    if (asset === undefined) return checkResult('shortSale', false, `short sale of ${symbol} without borrow information: cannot locate`, 'unknown', required);
    const ok = asset.shortable && (!limits.requireEasyToBorrow || asset.easyToBorrow);
    const measured = !asset.shortable ? 'not shortable' : asset.easyToBorrow ? 'easy to borrow' : 'hard to borrow';
    return checkResult('shortSale', ok, ok ? `short sale of ${symbol}: ${measured}` : `short sale of ${symbol} refused: ${measured}, policy needs ${required}`, measured, required);
  },
};

/** The order is at most a fraction of the instrument's average daily volume (market impact, exit capacity). */
export const liquidityCheck: PreTradeCheck = {
  checkId: 'liquidity',
  description: 'The order is a small fraction of average daily volume',
  evaluate: (intent, context) => {
    const limit = limitText(limitsFor(intent, context).maxAdvPct);
    const symbol = instrumentSymbol(intent);
    const adv = statsOf(context, symbol)?.averageDailyVolume;
    if (adv === undefined || !(adv > 0)) return notMeasured('liquidity', intent, context, `no average daily volume for ${symbol}`, limit);
    const measured = ratio(money.dec(intent.quantity), money.dec(adv.toString())) ?? 'n/a';
    return withinLimit('liquidity', measured, limit, (ok) =>
      `${intent.quantity} is ${pct(measured)} of ADV ${Math.round(adv)} ${ok ? 'within' : 'exceeds'} ${pct(limit)}`);
  },
};

/** New risk stops while short-window realised volatility spikes above a multiple of its long-window level. */
export const volatilityHaltCheck: PreTradeCheck = {
  checkId: 'volatilityHalt',
  description: 'No new risk while realised volatility spikes',
  evaluate: (intent, context) => {
    const limits = limitsFor(intent, context);
    const limit = limitText(limits.maxVolatilitySpike);
    const stats = statsOf(context, intent.symbol);
    const short = stats?.volatilityShort;
    const long = stats?.volatilityLong;
    const x = portfolioExposure(intent, context, limits.sectorMap);
    if (!x.increasesPosition) return checkResult('volatilityHalt', true, 'order reduces the position', 'n/a', limit);
    if (short === undefined || long === undefined || !(long > 0) || !(short >= 0)) {
      return notMeasured('volatilityHalt', intent, context, `no realised volatility for ${intent.symbol}`, limit);
    }
    const measured = ratio(money.dec(short.toString()), money.dec(long.toString())) ?? 'n/a';
    return withinLimit('volatilityHalt', measured, limit, (ok) =>
      `realised volatility ${pct(short.toFixed(6))} is ${measured}× its baseline ${pct(long.toFixed(6))}${ok ? '' : ': volatility halt'}`);
  },
};

/** Orders per minute (this one included) stay under the limit. */
export const orderRatePerMinuteCheck: PreTradeCheck = {
  checkId: 'orderRatePerMinute',
  description: 'Orders in the last minute stay within the limit',
  evaluate: (intent, context) => {
    const limit = String(limitsFor(intent, context).maxOrdersPerMinute);
    const activity = context.market?.activity;
    if (activity === undefined) return notMeasured('orderRatePerMinute', intent, context, 'no order counts in the snapshot', limit);
    const measured = String(activity.ordersLastMinute + 1);
    return withinLimit('orderRatePerMinute', measured, limit, (ok) => `${measured} orders in the last minute with this one ${ok ? 'within' : 'exceed'} ${limit}`);
  },
};

/** Orders per session (this one included) stay under the limit. */
export const orderRatePerDayCheck: PreTradeCheck = {
  checkId: 'orderRatePerDay',
  description: 'Orders today stay within the limit',
  evaluate: (intent, context) => {
    const limit = String(limitsFor(intent, context).maxOrdersPerDay);
    const activity = context.market?.activity;
    if (activity === undefined) return notMeasured('orderRatePerDay', intent, context, 'no order counts in the snapshot', limit);
    const measured = String(activity.ordersToday + 1);
    return withinLimit('orderRatePerDay', measured, limit, (ok) => `${measured} orders today with this one ${ok ? 'within' : 'exceed'} ${limit}`);
  },
};

/**
 * FINRA's pattern-day-trader rule: a margin account under $25 000 may make at most 3 day trades in
 * 5 business days. An order that closes today's opening trade in the symbol would be one more.
 */
export const patternDayTraderCheck: PreTradeCheck = {
  checkId: 'patternDayTrader',
  description: 'Accounts under the PDT threshold stay within their day trades',
  evaluate: (intent, context) => {
    const limits = limitsFor(intent, context);
    const limit = String(limits.pdtMaxDayTrades);
    if (money.compare(context.account.equity, limits.pdtEquityThreshold) >= 0) {
      return checkResult('patternDayTrader', true, `equity ${context.account.equity} ≥ ${limits.pdtEquityThreshold}: the PDT rule does not apply`, 'exempt', limit);
    }
    const activity = context.market?.activity;
    if (activity === undefined) return notMeasured('patternDayTrader', intent, context, 'no day-trade count in the snapshot', limit);
    const x = portfolioExposure(intent, context, limits.sectorMap);
    const symbol = instrumentSymbol(intent);
    const closesToday =
      !x.increasesPosition &&
      ((intent.side === 'sell' && x.before.greaterThan(0) && activity.boughtToday.includes(symbol)) ||
        (intent.side === 'buy' && x.before.lessThan(0) && activity.soldToday.includes(symbol)));
    if (!closesToday) {
      return checkResult('patternDayTrader', true, `not a day trade; ${activity.dayTradesLast5Sessions} day trades in 5 sessions`, 'not a day trade', limit);
    }
    const measured = String(activity.dayTradesLast5Sessions + 1);
    return withinLimit('patternDayTrader', measured, limit, (ok) =>
      `this day trade would be number ${measured} in 5 sessions with equity ${context.account.equity} < ${limits.pdtEquityThreshold}${ok ? '' : ': pattern day trader'}`);
  },
};

/** One-day VaR of the portfolio after the order (computed by the caller) stays under a fraction of equity. */
export const postTradeVarCheck: PreTradeCheck = {
  checkId: 'postTradeVar',
  description: 'Post-trade value at risk stays within its fraction of equity',
  evaluate: (intent, context) => {
    const limits = limitsFor(intent, context);
    const limit = limitText(limits.maxPostTradeVarPct);
    const x = portfolioExposure(intent, context, limits.sectorMap);
    if (!x.increasesPosition) return checkResult('postTradeVar', true, 'order reduces the position', 'n/a', limit);
    const value = context.market?.postTradeVar;
    if (value === undefined) return notMeasured('postTradeVar', intent, context, 'no post-trade VaR in the snapshot', limit);
    const measured = ratio(money.dec(value), x.equity);
    if (measured === undefined) return checkResult('postTradeVar', false, `account equity ${context.account.equity} is not positive`, 'n/a', limit);
    const method = context.market?.postTradeVarMethod ?? 'caller-supplied';
    return withinLimit('postTradeVar', measured, limit, (ok) => `post-trade VaR ${value} (${method}) is ${pct(measured)} of equity ${ok ? 'within' : 'exceeds'} ${pct(limit)}`);
  },
};
