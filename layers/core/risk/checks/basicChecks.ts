import type { OrderIntentV1 } from '../../../contracts';
import * as money from '../../money';
import { checkResult, limitsFor, type PreTradeCheck } from '../preTradeCheck';
import { currentQuantity, orderNotional, orderPrice, positionKey, signedQuantity, unitValue } from './exposure';

/** The kill switch and its reduce-only exit passage live in their own module (execution applies the same rule). */
export { killSwitchCheck, killSwitchPassage, reduceOnly } from './killSwitch';
export type { KillSwitchPassage, ReduceOnlyVerdict } from './killSwitch';

/** The broker account must be active and allowed to trade. */
export const accountTradableCheck: PreTradeCheck = {
  checkId: 'accountTradable',
  description: 'The broker account is active and not blocked from trading',
  evaluate: (_intent, { account }) => {
    const ok = account.status.toUpperCase() === 'ACTIVE' && !account.tradingBlocked;
    return checkResult(
      'accountTradable',
      ok,
      ok ? 'account active' : `account status ${account.status}${account.tradingBlocked ? ', trading blocked' : ''}`,
      `${account.status}${account.tradingBlocked ? '/blocked' : ''}`,
      'ACTIVE',
    );
  },
};

/** Market and day orders only go out during the regular session (early closes respected). */
export const marketOpenCheck: PreTradeCheck = {
  checkId: 'marketOpen',
  description: 'The regular session is open now',
  evaluate: (_intent, { calendar, now }) => {
    const open = calendar.isRegularHours(now);
    const at = new Date(now).toISOString();
    return checkResult('marketOpen', open, open ? `regular session open at ${at}` : `market closed at ${at}`, open ? 'open' : 'closed', 'open');
  },
};

/** An intent built on old market data is not sent (the price it was sized at may be gone). */
export const staleMarketDataCheck: PreTradeCheck = {
  checkId: 'staleMarketData',
  description: 'The market data the intent was built from is recent',
  evaluate: (intent, context) => {
    const ageSeconds = (context.now - intent.marketDataAt) / 1000;
    const max = limitsFor(intent, context).maxMarketDataAgeSeconds;
    const ok = ageSeconds <= max;
    return checkResult(
      'staleMarketData',
      ok,
      ok ? `market data ${ageSeconds.toFixed(1)}s old` : `market data ${ageSeconds.toFixed(1)}s old exceeds ${max}s`,
      ageSeconds.toFixed(1),
      String(max),
    );
  },
};

/**
 * A buy must fit in buying power; so must the part of a sell that opens or enlarges a short (the
 * broker holds margin for it). A sell that only closes a long frees buying power and passes.
 */
export const buyingPowerCheck: PreTradeCheck = {
  checkId: 'buyingPower',
  description: 'A buy (or a short sale) fits within the account buying power',
  evaluate: (intent, { account, positions }) => {
    let needed = orderNotional(intent);
    if (intent.side === 'sell') {
      const held = money.max('0', currentQuantity(positions, positionKey(intent)));
      const shortQuantity = money.max('0', money.sub(intent.quantity, held));
      if (money.isZero(shortQuantity)) return checkResult('buyingPower', true, 'sell closes a long: needs no buying power', '0', account.buyingPower);
      needed = money.mul(shortQuantity, unitValue(intent));
    }
    const ok = money.compare(needed, account.buyingPower) <= 0;
    const what = intent.side === 'sell' ? 'short sale notional' : 'notional';
    return checkResult(
      'buyingPower',
      ok,
      ok ? `${what} ${needed} within buying power ${account.buyingPower}` : `${what} ${needed} exceeds buying power ${account.buyingPower}`,
      needed,
      account.buyingPower,
    );
  },
};

/** Fat-finger guard on one order's value. */
export const maxOrderNotionalCheck: PreTradeCheck = {
  checkId: 'maxOrderNotional',
  description: 'One order is not worth more than the limit',
  evaluate: (intent, context) => {
    const notional = orderNotional(intent);
    const limit = limitsFor(intent, context).maxOrderNotional;
    const ok = money.compare(notional, limit) <= 0;
    return checkResult('maxOrderNotional', ok, ok ? `order notional ${notional} within ${limit}` : `order notional ${notional} exceeds ${limit}`, notional, limit);
  },
};

/** Fat-finger guard on one order's share count. */
export const maxOrderQuantityCheck: PreTradeCheck = {
  checkId: 'maxOrderQuantity',
  description: 'One order is not for more shares than the limit',
  evaluate: (intent, context) => {
    const limit = limitsFor(intent, context).maxOrderQuantity;
    const ok = money.compare(intent.quantity, limit) <= 0;
    return checkResult('maxOrderQuantity', ok, ok ? `quantity ${intent.quantity} within ${limit}` : `quantity ${intent.quantity} exceeds ${limit}`, intent.quantity, limit);
  },
};

/**
 * The position after the order must stay within the limit, valued at the order price. An order
 * that reduces the absolute position always passes: it must stay possible to get smaller.
 */
export const maxPositionNotionalCheck: PreTradeCheck = {
  checkId: 'maxPositionNotional',
  description: 'The position after the order stays within the limit',
  evaluate: (intent, context) => {
    const before = currentQuantity(context.positions, positionKey(intent));
    const after = money.add(before, signedQuantity(intent));
    const postNotional = money.mul(money.abs(after), unitValue(intent));
    const limit = limitsFor(intent, context).maxPositionNotional;
    const reducing = money.compare(money.abs(after), money.abs(before)) <= 0;
    const ok = reducing || money.compare(postNotional, limit) <= 0;
    const reason = reducing
      ? `order reduces the position from ${before} to ${after}`
      : ok
        ? `post-trade position ${after} worth ${postNotional} within ${limit}`
        : `post-trade position ${after} worth ${postNotional} exceeds ${limit}`;
    return checkResult('maxPositionNotional', ok, reason, postNotional, limit);
  },
};

/** An intent that already became an order must not become a second one. */
export const duplicateIntentCheck: PreTradeCheck = {
  checkId: 'duplicateIntent',
  description: 'The intent has not already become an order',
  evaluate: (_intent, { existingOrder }) =>
    existingOrder === undefined
      ? checkResult('duplicateIntent', true, 'no order exists for this intent', 'none', 'none')
      : checkResult(
          'duplicateIntent',
          false,
          `order ${existingOrder.clientOrderId} already exists for this intent (status ${existingOrder.status})`,
          existingOrder.status,
          'none',
        ),
};

/** The order price must be near the last trade (fails closed when there is no last trade). */
export const priceCollarCheck: PreTradeCheck = {
  checkId: 'priceCollar',
  description: 'The order price is within the collar around the last trade',
  evaluate: (intent, context) => {
    const { lastTrade } = context;
    const limits = limitsFor(intent, context);
    if (intent.multiLeg !== undefined || intent.option !== undefined) return optionCollar(intent, String(limits.optionPriceCollarBps));
    const limit = String(limits.priceCollarBps);
    if (lastTrade === undefined || !(lastTrade.price > 0)) {
      return checkResult('priceCollar', false, `no last trade for ${intent.symbol}: cannot verify the price`, 'no trade', limit);
    }
    const last = money.fromNumber(lastTrade.price, 6);
    const bps = money.basisPoints(money.sub(orderPrice(intent), last), last);
    const ok = money.compare(bps, limit) <= 0;
    return checkResult(
      'priceCollar',
      ok,
      ok ? `price ${orderPrice(intent)} is ${bps} bps from last trade ${last}` : `price ${orderPrice(intent)} is ${bps} bps from last trade ${last}, collar ${limit} bps`,
      bps,
      limit,
    );
  },
};

/**
 * The collar of an option order (single contract or multi-leg). A premium has nothing to do with the
 * underlying's last trade (a 2.10 debit against a 450 stock would be 9 950 bps away), and the stock trades
 * endpoint has no option prints, so the limit is measured against the order itself: |limit − the quote mid
 * the intent was priced at (its reference price)| × the contract multiplier, as bps of the capital at risk
 * per unit (unitValue: the max loss per unit of a multi-leg order, the premium × multiplier of a single
 * contract). A limit 0.10 from the mid of a spread that can lose 200 per unit is 10 × 100 / 200 = 500 bps.
 * The mid's age is the stale-data check's business. A market order (no limit) measures 0.
 */
function optionCollar(intent: OrderIntentV1, limit: string) {
  const multiplier = String(intent.multiLeg?.legs[0]?.multiplier ?? intent.option?.multiplier ?? 100);
  const distance = money.abs(money.sub(orderPrice(intent), intent.referencePrice));
  const atRisk = unitValue(intent);
  const bps = money.basisPoints(money.mul(distance, multiplier), atRisk);
  const ok = money.compare(bps, limit) <= 0;
  const what = `net limit ${orderPrice(intent)} is ${bps} bps of ${intent.multiLeg === undefined ? 'the premium' : 'max loss'} ${atRisk} per unit from mid ${intent.referencePrice}`;
  return checkResult('priceCollar', ok, ok ? what : `${what}, collar ${limit} bps`, bps, limit);
}

/** Symbols on the restricted list are never traded. */
export const restrictedSymbolCheck: PreTradeCheck = {
  checkId: 'restrictedSymbol',
  description: 'The symbol is not on the restricted list',
  evaluate: (intent, context) => {
    const { restrictedSymbols } = limitsFor(intent, context);
    const restricted = restrictedSymbols.includes(intent.symbol);
    return checkResult(
      'restrictedSymbol',
      !restricted,
      restricted ? `${intent.symbol} is restricted` : `${intent.symbol} is not restricted`,
      intent.symbol,
      `${restrictedSymbols.length} restricted`,
    );
  },
};
