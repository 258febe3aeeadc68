import type { OrderIntentV1 } from '../../contracts';
import * as money from '../money';
import { currentQuantity, instrumentSymbol, positionKey, signedQuantity, unitValue } from './checks/exposure';
import type { PositionView } from './preTradeCheck';
import type { SymbolStatsView } from './snapshot';

/** One-sided 99 % standard normal quantile. */
const Z_99 = 2.3263478740408408;
const TRADING_DAYS_PER_YEAR = 252;

/**
 * A conservative one-day 99 % VaR of the portfolio after the order, for the pre-trade snapshot
 * until the risk-metrics room's estimator is wired in: each position's parametric VaR
 * (z × |value| × annual volatility / √252, long-window realised volatility) summed, i.e. perfect
 * correlation, an upper bound of the diversified figure. Undefined when a position has no
 * volatility (the check then says "not measured").
 */
export function undiversifiedParametricVar(
  intent: OrderIntentV1,
  positions: readonly PositionView[],
  stats: Readonly<Record<string, SymbolStatsView>>,
): { readonly value: string; readonly method: string } | undefined {
  // The order's exposure takes the instrument's volatility (a multi-leg order: the underlying's); its position starts from positionKey.
  const instrument = instrumentSymbol(intent);
  const key = positionKey(intent);
  const after = money.add(currentQuantity(positions, key), signedQuantity(intent));
  const exposures: { symbol: string; value: number }[] = [{ symbol: instrument, value: Math.abs(Number(money.mul(after, unitValue(intent)))) }];
  for (const p of positions) {
    if (p.symbol === key) continue;
    const value = p.marketValue !== undefined ? Number(p.marketValue) : p.currentPrice !== undefined ? Number(p.quantity) * Number(p.currentPrice) : undefined;
    if (value === undefined) return undefined;
    exposures.push({ symbol: p.symbol, value: Math.abs(value) });
  }
  let total = 0;
  for (const e of exposures) {
    if (e.value === 0) continue;
    const vol = Object.hasOwn(stats, e.symbol) ? stats[e.symbol]?.volatilityLong : undefined;
    if (vol === undefined || !Number.isFinite(vol)) return undefined;
    total += (Z_99 * e.value * vol) / Math.sqrt(TRADING_DAYS_PER_YEAR);
  }
  return { value: money.fromNumber(total, 2), method: 'parametric 99% 1-day, undiversified' };
}
