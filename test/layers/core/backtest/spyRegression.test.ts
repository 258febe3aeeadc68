import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { dailyBarsToBacktestBars, runBacktest } from '../../../../layers/core/backtest';
import type { DailyBar } from '../../../../layers/core/market';
import { priceCrossSma } from '../../../../layers/core/strategies';

/**
 * Regression: SPY raw daily bars 2010-01-01..2020-12-31, price-cross-sma(20), 100 units, cash 100 000,
 * next-open market fills, no costs. The pinned values are checked against a second, deliberately plain
 * loop: integer prices in 1/10 000 dollars, BigInt cash, the SMA re-summed from scratch each bar.
 */
function referenceRun(bars: readonly DailyBar[], period: number, units: bigint, cash0: bigint) {
  const ticks = (x: number): bigint => BigInt(Math.round(x * 10_000));
  const closes = bars.map((b) => ticks(b.close));
  let cash = cash0 * 10_000n;
  let position = 0n;
  let orders = 0;
  let fills = 0;
  let pending: 'buy' | 'sell' | undefined;
  let prevAbove: boolean | undefined;
  for (let i = 0; i < bars.length; i += 1) {
    const bar = bars[i];
    const close = closes[i];
    if (bar === undefined || close === undefined) continue;
    if (pending !== undefined) {
      const open = ticks(bar.open);
      if (pending === 'buy') { cash -= units * open; position += units; } else { cash += position * open; position = 0n; }
      fills += 1;
      pending = undefined;
    }
    if (i + 1 < period) continue;
    let sum = 0n;
    for (let k = i + 1 - period; k <= i; k += 1) sum += closes[k] ?? 0n;
    const above = close * BigInt(period) > sum; // close > sum / period, exactly
    if (above !== prevAbove) {
      if (above && position === 0n) { pending = 'buy'; orders += 1; }
      if (!above && position > 0n) { pending = 'sell'; orders += 1; }
    }
    prevAbove = above;
  }
  const last = closes[closes.length - 1] ?? 0n;
  return { orders, fills, cashTicks: cash, equityTicks: cash + position * last };
}

const fromTicks = (t: bigint): string => {
  const neg = t < 0n;
  const a = neg ? -t : t;
  const whole = a / 10_000n;
  const frac = (a % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}`;
};

describe('SPY 2010–2020 price-cross-sma(20) regression', () => {
  it('matches an independent loop and the pinned statistics', async () => {
    const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
    const bars = data.bars.filter((b) => b.date >= '2010-01-01' && b.date <= '2020-12-31');
    expect(bars.length).toBeGreaterThan(2700);
    const result = runBacktest({
      bars: new Map([['SPY', dailyBarsToBacktestBars(bars)]]),
      strategy: priceCrossSma({ period: 20 }),
      sizing: { kind: 'fixed-units', units: '100' },
      cash: '100000',
      fill: 'next-open',
      slippage: { kind: 'none' },
      fees: { kind: 'none' },
      seed: 42,
    });
    const ref = referenceRun(bars, 20, 100n, 100_000n);
    expect(result.orders.length).toBe(ref.orders);
    expect(result.fills.length).toBe(ref.fills);
    expect(result.finalCash).toBe(fromTicks(ref.cashTicks));
    expect(result.finalEquity).toBe(fromTicks(ref.equityTicks));
    expect(result.trades.length).toBe(Math.floor(ref.fills / 2));
    expect(result.orders.every((o) => o.status === 'filled' || o === result.orders[result.orders.length - 1])).toBe(true);
    // Pinned after the reference loop above agreed (orders, cash and equity); a change here is a behaviour change.
    expect({ orders: result.orders.length, finalEquity: result.finalEquity, sharpe: result.metrics.sharpe.toFixed(4) }).toEqual(PINNED);
  });
});

const PINNED = { orders: 323, finalEquity: '114295', sharpe: '0.5895' };
