import { join } from 'node:path';
import Decimal from 'decimal.js';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { dailyBarsToBacktestBars, runBacktest, type BacktestBar, type BacktestConfig, type BacktestResult } from '../../../../layers/core/backtest';
import { adjustBars } from '../../../../layers/core/market';
import { buildStrategy, type StrategyName } from '../../../../layers/core/strategies';

/**
 * Regression backtests pinned in CI, as LEAN pins its regression algorithms: catalogue strategies on the
 * shipped real daily data (split-and-dividend adjusted, 2010-01-01..2020-12-31), 100 units per symbol,
 * $100 000 shared cash. The pins were taken from this engine (the price-cross-sma case in
 * ../backtest/spyRegression.test.ts is the one also checked against an independent loop); each case
 * also checks the books balance. A changed pin is a behaviour change: explain it in the commit.
 */
const DATA = join(__dirname, '../../../../data');

const loaded = new Map<string, Promise<readonly BacktestBar[]>>();
const adjustedBars = (symbol: string): Promise<readonly BacktestBar[]> => {
  const cached = loaded.get(symbol) ?? loadAdjusted(symbol);
  loaded.set(symbol, cached);
  return cached;
};

async function loadAdjusted(symbol: string): Promise<readonly BacktestBar[]> {
  const data = await loadLeanDailyData(DATA, symbol);
  return dailyBarsToBacktestBars(adjustBars(data.bars, data.factors, 'split-and-dividend').filter((b) => b.date >= '2010-01-01' && b.date <= '2020-12-31'));
}

interface Case {
  readonly strategy: StrategyName;
  readonly params: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  readonly config: Partial<BacktestConfig>;
  readonly pinned: { readonly orders: number; readonly trades: number; readonly finalEquity: string; readonly sharpe: string; readonly maxDrawdown: string };
}

const CASES: readonly Case[] = [
  {
    strategy: 'sma-crossover',
    params: { fast: 10, slow: 30 },
    symbols: ['SPY'],
    config: { fees: { kind: 'per-order', amount: '1' } },
    pinned: { orders: 87, trades: 43, finalEquity: '112200.12', sharpe: '0.4915', maxDrawdown: '0.0479' },
  },
  {
    strategy: 'rsi-reversion',
    params: {},
    symbols: ['AAPL'],
    config: {},
    pinned: { orders: 26, trades: 13, finalEquity: '101195.14', sharpe: '0.1586', maxDrawdown: '0.0191' },
  },
  {
    strategy: 'donchian-breakout',
    params: {},
    symbols: ['SPY', 'IBM', 'BAC', 'AAPL'],
    config: { slippage: { kind: 'fixed-bps', bps: 5 } },
    pinned: { orders: 355, trades: 176, finalEquity: '122131.36', sharpe: '0.6038', maxDrawdown: '0.0653' },
  },
  {
    strategy: 'macd-trend',
    params: { allowShort: true },
    symbols: ['SPY'],
    config: { allowShort: true, margin: 'reg-t' },
    pinned: { orders: 222, trades: 221, finalEquity: '104690.71', sharpe: '0.1313', maxDrawdown: '0.0768' },
  },
  {
    strategy: 'bollinger-reversion',
    params: {},
    symbols: ['IBM', 'BAC'],
    config: { fill: 'close' },
    pinned: { orders: 192, trades: 96, finalEquity: '103022.94', sharpe: '0.1608', maxDrawdown: '0.0503' },
  },
];

/** cash₀ + realised P&L − fees + Σ (last − average) × quantity must be the final equity, to the cent. */
function booksBalance(result: BacktestResult, cash0: string): boolean {
  const unrealised = result.positions.reduce((sum, p) => sum.plus(new Decimal(p.lastPrice).minus(p.averagePrice).times(p.quantity)), new Decimal(0));
  const expected = new Decimal(cash0).plus(result.realizedPnl).minus(result.totalFees).plus(unrealised);
  return expected.minus(result.finalEquity).abs().lte('0.005');
}

describe('pinned regression backtests on shipped real data', () => {
  it.each(CASES.map((c) => [`${c.strategy} on ${c.symbols.join(',')}`, c] as const))('%s', async (_name, c) => {
    const bars = new Map<string, readonly BacktestBar[]>();
    for (const symbol of c.symbols) bars.set(symbol, await adjustedBars(symbol));
    const result = runBacktest({
      bars,
      strategy: buildStrategy(c.strategy, c.params) as BacktestConfig['strategy'],
      sizing: { kind: 'fixed-units', units: '100' },
      cash: '100000',
      fill: 'next-open',
      slippage: { kind: 'none' },
      fees: { kind: 'none' },
      seed: 1,
      ...c.config,
    });
    expect(result.orders.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(booksBalance(result, '100000')).toBe(true);
    expect({
      orders: result.orders.length,
      trades: result.trades.length,
      finalEquity: result.finalEquity,
      sharpe: result.metrics.sharpe.toFixed(4),
      maxDrawdown: result.metrics.maxDrawdown.toFixed(4),
    }).toEqual(c.pinned);
  });
});
