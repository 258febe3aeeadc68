import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { sharpeRatio } from '../../../../layers/core/analytics';
import { smaBatch } from '../../../../layers/core/indicators';
import {
  buildSmaCache,
  runSweep,
  smaInto,
  sweepRow,
  type PriceColumns,
  type StrategySweep,
  type SweepConfig,
} from '../../../../layers/core/vector';

const dataDir = join(__dirname, '../../../../data');

interface Reference {
  readonly trades: number;
  readonly finalEquity: number;
  readonly equity: number[];
}

/**
 * The independent reference: a plain per-bar loop that keeps an explicit order object and a
 * position, exactly as the TSDoc of sweep.ts describes the semantics. Arithmetic order matches the
 * documented formulas (buy: cash −= qty × price + commission), so final equity must be identical.
 */
function referenceBacktest(prices: PriceColumns, longAt: (t: number) => boolean, config: SweepConfig): Reference {
  const fillAt = config.fillAt ?? 'nextOpen';
  const commission = config.commissionPerFill ?? 0;
  let cash = config.initialCash;
  let units = 0;
  let trades = 0;
  let order: { side: 'buy' | 'sell' } | null = null;
  const equity: number[] = [];
  const fill = (side: 'buy' | 'sell', price: number): void => {
    if (side === 'buy') {
      const s = config.sizing;
      let q = s.kind === 'units' ? s.units : (s.fraction * (cash - commission)) / price;
      if (s.kind === 'fraction' && s.wholeUnits === true) q = Math.floor(q);
      if (!(q > 0)) return;
      cash -= q * price + commission;
      units = q;
    } else {
      cash += units * price - commission;
      units = 0;
    }
    trades += 1;
  };
  for (let t = 0; t < prices.closes.length; t += 1) {
    const open = prices.opens[t] ?? Number.NaN;
    const close = prices.closes[t] ?? Number.NaN;
    if (order !== null) {
      fill(order.side, open);
      order = null;
    }
    const wantLong = longAt(t);
    const holding = units > 0;
    if (wantLong !== holding) {
      const side = wantLong ? 'buy' : 'sell';
      if (fillAt === 'close') fill(side, close);
      else order = { side };
    }
    equity.push(cash + units * close);
  }
  return { trades, finalEquity: equity[equity.length - 1] ?? config.initialCash, equity };
}

function referenceMaxDrawdown(initial: number, equity: readonly number[]): number {
  let peak = initial;
  let worst = 0;
  for (const e of equity) {
    peak = Math.max(peak, e);
    worst = Math.max(worst, (peak - e) / peak);
  }
  return worst;
}

function perBarReturns(initial: number, equity: readonly number[]): number[] {
  return equity.map((e, i) => e / (i === 0 ? initial : (equity[i - 1] ?? Number.NaN)) - 1);
}

let spy: PriceColumns;
beforeAll(async () => {
  const bars = (await loadLeanDailyData(dataDir, 'SPY')).bars;
  spy = { opens: Float64Array.from(bars, (b) => b.open), closes: Float64Array.from(bars, (b) => b.close) };
});

const configs: readonly (SweepConfig & { readonly label: string })[] = [
  { label: 'next open, 100 units, $1 commission', initialCash: 100_000, sizing: { kind: 'units', units: 100 }, commissionPerFill: 1, periodsPerYear: 252 },
  { label: 'next open, all-in fraction, $5 commission', initialCash: 100_000, sizing: { kind: 'fraction', fraction: 1 }, commissionPerFill: 5, periodsPerYear: 252 },
  { label: 'close, 0.5 fraction whole units', initialCash: 50_000, sizing: { kind: 'fraction', fraction: 0.5, wholeUnits: true }, fillAt: 'close', commissionPerFill: 0, periodsPerYear: 252 },
];

describe('runSweep against a per-bar reference loop on real SPY daily bars', () => {
  test('the data is there', () => {
    expect(spy.closes.length).toBeGreaterThan(1000);
  });

  const crossParams = [
    { fast: 5, slow: 20 },
    { fast: 10, slow: 50 },
    { fast: 20, slow: 100 },
    { fast: 50, slow: 200 },
    { fast: 3, slow: 4 },
  ];
  const periodParams = [{ period: 10 }, { period: 50 }, { period: 200 }];

  for (const config of configs) {
    test(`SMA crossover: ${config.label}`, () => {
      const results = runSweep(spy, { strategy: 'smaCross', params: crossParams }, config);
      crossParams.forEach((p, i) => {
        const fast = smaBatch(spy.closes, p.fast);
        const slow = smaBatch(spy.closes, p.slow);
        const ref = referenceBacktest(spy, (t) => (fast[t] ?? Number.NaN) > (slow[t] ?? Number.NaN), config);
        const row = sweepRow(results, i);
        expect(row.trades).toBe(ref.trades);
        expect(row.trades).toBeGreaterThan(2);
        expect(row.finalEquity).toBe(ref.finalEquity);
        expect(row.totalReturn).toBe(ref.finalEquity / config.initialCash - 1);
        // one-pass sums (kernel) vs two-pass (analytics) moments: relative 1e-9.
        const sharpe = sharpeRatio(perBarReturns(config.initialCash, ref.equity), { periodsPerYear: 252 });
        expect(Math.abs(row.sharpe - sharpe)).toBeLessThanOrEqual(1e-9 * Math.abs(sharpe));
        expect(row.maxDrawdown).toBeCloseTo(referenceMaxDrawdown(config.initialCash, ref.equity), 12);
      });
    });

    test(`price cross SMA: ${config.label}`, () => {
      const results = runSweep(spy, { strategy: 'priceCrossSma', params: periodParams }, config);
      periodParams.forEach((p, i) => {
        const sma = smaBatch(spy.closes, p.period);
        const ref = referenceBacktest(spy, (t) => (spy.closes[t] ?? Number.NaN) > (sma[t] ?? Number.NaN), config);
        const row = sweepRow(results, i);
        expect(row.trades).toBe(ref.trades);
        expect(row.finalEquity).toBe(ref.finalEquity);
        expect(row.maxDrawdown).toBeCloseTo(referenceMaxDrawdown(config.initialCash, ref.equity), 12);
      });
    });
  }
});

describe('semantics on a hand-made series', () => {
  // Closes rise then fall; SMA(1) vs SMA(2): long while close > previous-close average.
  const prices: PriceColumns = {
    opens: Float64Array.from([10, 11, 12, 13, 12, 11]),
    closes: Float64Array.from([10, 12, 13, 14, 11, 10]),
  };
  const config: SweepConfig = { initialCash: 1000, sizing: { kind: 'units', units: 10 }, commissionPerFill: 1, periodsPerYear: 252 };

  test('signal at the close of t fills at the open of t+1; position carried to the end is marked to the last close', () => {
    // SMA(2): NaN, 11, 12.5, 13.5, 12.5, 10.5. close > SMA(2) at t=1,2,3 → buy signalled t=1, filled at open[2]=12.
    // t=4: 11 < 12.5 → sell signalled, filled at open[5]=11.
    const r = sweepRow(runSweep(prices, { strategy: 'priceCrossSma', params: [{ period: 2 }] }, config), 0);
    expect(r.trades).toBe(2);
    expect(r.finalEquity).toBe(1000 - (10 * 12 + 1) + (10 * 11 - 1));
  });

  test('the last bar signal is not filled at next open; at close it is', () => {
    const rising: PriceColumns = { opens: Float64Array.from([10, 10, 10]), closes: Float64Array.from([10, 10, 11]) };
    const open = sweepRow(runSweep(rising, { strategy: 'priceCrossSma', params: [{ period: 2 }] }, config), 0);
    expect(open.trades).toBe(0);
    expect(open.finalEquity).toBe(1000);
    const close = sweepRow(runSweep(rising, { strategy: 'priceCrossSma', params: [{ period: 2 }] }, { ...config, fillAt: 'close' }), 0);
    expect(close.trades).toBe(1);
    expect(close.finalEquity).toBe(1000 - (10 * 11 + 1) + 10 * 11);
  });

  test('flat account: zero trades, zero drawdown, NaN Sharpe', () => {
    const r = sweepRow(runSweep(prices, { strategy: 'smaCross', params: [{ fast: 6, slow: 6 }] }, config), 0);
    expect(r).toEqual({ trades: 0, finalEquity: 1000, totalReturn: 0, sharpe: Number.NaN, maxDrawdown: 0 });
  });

  test('rejects bad inputs', () => {
    expect(() => runSweep(prices, { strategy: 'priceCrossSma', params: [{ period: 0 }] }, config)).toThrow(RangeError);
    expect(() => runSweep({ opens: new Float64Array(2), closes: new Float64Array(3) }, { strategy: 'priceCrossSma', params: [] }, config)).toThrow(RangeError);
    expect(() => runSweep(prices, { strategy: 'priceCrossSma', params: [] }, { ...config, sizing: { kind: 'fraction', fraction: 2 } })).toThrow(RangeError);
  });
});

describe('SMA cache', () => {
  test('smaInto is bit-identical to smaBatch', () => {
    const closes = Float64Array.from({ length: 5000 }, (_, i) => 100 + Math.sin(i / 7) * 5 + i * 0.01);
    for (const w of [1, 2, 7, 50, 200]) expect(smaInto(closes, w, new Float64Array(closes.length))).toEqual(smaBatch(closes, w));
  });

  test('one buffer per distinct window, and a supplied cache gives the same results', () => {
    const closes = Float64Array.from({ length: 500 }, (_, i) => 100 + Math.sin(i / 9) * 8);
    const prices = { opens: closes, closes };
    const sweep: StrategySweep = { strategy: 'smaCross', params: [{ fast: 5, slow: 20 }, { fast: 5, slow: 30 }, { fast: 10, slow: 20 }] };
    const cache = buildSmaCache(closes, [5, 20, 5, 30, 10, 20]);
    expect([...cache.keys()].sort((a, b) => a - b)).toEqual([5, 10, 20, 30]);
    const config: SweepConfig = { initialCash: 1, sizing: { kind: 'fraction', fraction: 1 }, periodsPerYear: 252 };
    expect(runSweep(prices, sweep, config, { smas: cache })).toEqual(runSweep(prices, sweep, config));
  });
});
