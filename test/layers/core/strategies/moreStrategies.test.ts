import { mulberry32 } from '../../../../layers/core/analytics';
import { runBacktest } from '../../../../layers/core/backtest';
import { adxBatch, emaBatch, keltnerBatch, rocBatch, rollingVolatilityBatch, smaBatch, zScoreBatch } from '../../../../layers/core/indicators';
import { nyseCalendar } from '../../../../layers/core/market';
import {
  adxTrend,
  emaCrossover,
  openingRangeBreakout,
  timeSeriesMomentum,
  volatilityBreakout,
  volatilityTargetedTrend,
  zScoreReversion,
  type StrategyBar,
  type StreamingStrategy,
} from '../../../../layers/core/strategies';

const T0 = Date.UTC(2020, 0, 2);
const DAY = 86_400_000;

/** Synthetic (labelled) random-walk daily bars, seeded, with trending stretches so trend rules fire. */
function randomBars(n: number, seed: number): StrategyBar[] {
  const rnd = mulberry32(seed);
  let close = 100;
  let drift = 0;
  return Array.from({ length: n }, (_, i) => {
    if (i % 60 === 0) drift = (rnd() - 0.5) * 0.01;
    const open = close;
    close = Math.max(1, close * (1 + drift + (rnd() - 0.5) * 0.04));
    const high = Math.max(open, close) * (1 + rnd() * 0.01);
    const low = Math.min(open, close) * (1 - rnd() * 0.01);
    return { symbol: 'SYN', start: T0 + i * DAY, open, high, low, close, volume: 1000 };
  });
}

type Emitted = [string, number];
function signals(strategy: StreamingStrategy<unknown>, bars: readonly StrategyBar[]): { out: Emitted[]; strengths: number[] } {
  let state = strategy.initialState();
  const out: Emitted[] = [];
  const strengths: number[] = [];
  for (const bar of bars) {
    const step = strategy.onBar(state, bar);
    const restored = strategy.restoreState(JSON.parse(JSON.stringify(step.state)));
    if (restored === undefined) throw new Error('state did not survive a JSON round trip');
    state = restored;
    if (step.kind === 'applied' && step.signal !== undefined) {
      out.push([step.signal.direction, step.signal.barStart]);
      strengths.push(step.signal.strength);
    }
  }
  return { out, strengths };
}

function expectedFrom(bars: readonly StrategyBar[], decide: (i: number) => string | undefined): Emitted[] {
  let view: string | null = null;
  const out: Emitted[] = [];
  bars.forEach((bar, i) => {
    const d = decide(i);
    if (d === undefined || d === 'hold' || d === view) return;
    view = d;
    out.push([d, bar.start]);
  });
  return out;
}

const bars = randomBars(800, 11);
const close = Float64Array.from(bars, (b) => b.close);
const columns = { high: Float64Array.from(bars, (b) => b.high), low: Float64Array.from(bars, (b) => b.low), close, volume: Float64Array.from(bars, (b) => b.volume) };
const at = (a: Float64Array, i: number): number => a[i] as number;
const atLeast = (n: number, e: Emitted[]): Emitted[] => {
  expect(e.filter(([d]) => d !== 'flat').length).toBeGreaterThanOrEqual(n);
  return e;
};

describe('more strategy families: streaming signals equal the rule on the batch indicators', () => {
  it('ema-crossover', () => {
    const f = emaBatch(close, { period: 12 });
    const s = emaBatch(close, { period: 26 });
    const expected = expectedFrom(bars, (i) => (Number.isNaN(at(s, i)) || Number.isNaN(at(f, i)) ? undefined : at(f, i) > at(s, i) ? 'long' : 'short'));
    expect(signals(emaCrossover({ allowShort: true }) as StreamingStrategy<unknown>, bars).out).toEqual(atLeast(3, expected));
  });
  it('adx-trend', () => {
    const a = adxBatch(columns, { period: 14 });
    const expected = expectedFrom(bars, (i) => {
      if (Number.isNaN(at(a.adx, i))) return undefined;
      if (at(a.adx, i) < 20) return 'flat';
      return at(a.plusDI, i) > at(a.minusDI, i) ? 'long' : 'flat';
    });
    expect(signals(adxTrend({ threshold: 20 }) as StreamingStrategy<unknown>, bars).out).toEqual(atLeast(3, expected));
  });
  it('zscore-reversion (long and short bands, exits by side)', () => {
    const z = zScoreBatch(close, { period: 20 });
    let side = 'flat';
    const expected = expectedFrom(bars, (i) => {
      const v = at(z, i);
      if (Number.isNaN(v)) return undefined;
      let d = 'hold';
      if (v < -1.5) d = 'long';
      else if (v > 1.5) d = 'short';
      else if (side === 'long' && v > -0.5) d = 'flat';
      else if (side === 'short' && v < 0.5) d = 'flat';
      if (d !== 'hold') side = d;
      return d;
    });
    expect(signals(zScoreReversion({ entry: 1.5, exit: 0.5, allowShort: true }) as StreamingStrategy<unknown>, bars).out).toEqual(atLeast(3, expected));
  });
  it('ts-momentum', () => {
    const r = rocBatch(close, { period: 60 });
    const expected = expectedFrom(bars, (i) => (Number.isNaN(at(r, i)) ? undefined : at(r, i) > 2 ? 'long' : at(r, i) < -2 ? 'flat' : 'hold'));
    expect(signals(timeSeriesMomentum({ lookback: 60, band: 2 }) as StreamingStrategy<unknown>, bars).out).toEqual(atLeast(2, expected));
  });
  it("volatility-breakout uses the previous bar's Keltner channel", () => {
    const k = keltnerBatch(columns, { emaPeriod: 20, atrPeriod: 10, multiplier: 1 });
    const expected = expectedFrom(bars, (i) => {
      if (i === 0 || Number.isNaN(at(k.upper, i - 1))) return undefined;
      const c = at(close, i);
      return c > at(k.upper, i - 1) ? 'long' : c < at(k.middle, i - 1) ? 'flat' : 'hold';
    });
    expect(signals(volatilityBreakout({ multiplier: 1 }) as StreamingStrategy<unknown>, bars).out).toEqual(atLeast(3, expected));
  });
  it('vol-target-trend: weight = min(1, target / realised vol), re-sized outside the band', () => {
    const sma = smaBatch(close, 50);
    const vol = rollingVolatilityBatch(close, { period: 20, annualization: 252 });
    let view: string | null = null;
    let weight = 0;
    const expected: [string, number, number][] = [];
    bars.forEach((bar, i) => {
      if (Number.isNaN(at(sma, i)) || Number.isNaN(at(vol, i))) return;
      const v = at(close, i) > at(sma, i) ? 'long' : 'flat';
      const w = v === 'flat' ? 0 : Math.min(1, 0.2 / at(vol, i));
      const resize = v === 'long' && view === 'long' && Math.abs(w - weight) >= 0.05;
      if (v === view && !resize) return;
      view = v;
      weight = w;
      expected.push([v, bar.start, v === 'flat' ? 1 : w]);
    });
    const got = signals(volatilityTargetedTrend({ trend: 50, volWindow: 20, targetVol: 0.2, rebalanceBand: 0.05 }) as StreamingStrategy<unknown>, bars);
    expect(expected.some(([d, , w]) => d === 'long' && w < 1)).toBe(true);
    expect(got.out.map(([d, t], i) => [d, t, got.strengths[i]])).toEqual(expected);
  });
});

describe('vol-target-trend sized through the backtester (fraction of equity scaled by strength)', () => {
  it('holds floor(equity × fraction × strength / close) units after each signal', () => {
    const strategy = volatilityTargetedTrend({ trend: 50, volWindow: 20, targetVol: 0.2, rebalanceBand: 0.05 });
    const series = bars.map(({ start, open, high, low, close: c, volume }) => ({ start, open, high, low, close: c, volume }));
    const result = runBacktest({
      bars: new Map([['SYN', series]]),
      strategy: strategy as never,
      sizing: { kind: 'fraction-of-equity', fraction: '0.5', scaleByStrength: true },
      cash: '100000',
      fill: 'close',
      slippage: { kind: 'none' },
      fees: { kind: 'none' },
      seed: 1,
      metrics: { bootstrapResamples: 0 },
    });
    const got = signals(strategy as StreamingStrategy<unknown>, bars);
    const resizes = got.out.filter(([d]) => d === 'long').length;
    expect(resizes).toBeGreaterThan(3);
    // Every long signal that changed the position left it at a size proportional to its strength.
    const partial = result.fills.filter((f) => f.side === 'buy' && Number(f.positionAfter) > 0);
    expect(partial.length).toBeGreaterThan(0);
    for (const fill of result.fills) {
      const index = got.out.findIndex(([, t]) => t === fill.time);
      const [direction] = got.out[index] ?? ['none'];
      if (direction !== 'long') continue;
      const strength = got.strengths[index] ?? Number.NaN;
      const bar = bars.find((b) => b.start === fill.time) as StrategyBar;
      const equityBefore = Number(fill.cashAfter) + Number(fill.positionAfter) * bar.close; // fills at the close: equity is unchanged by the fill
      expect(Number(fill.positionAfter)).toBe(Math.floor((equityBefore * 0.5 * strength) / bar.close + 1e-9));
    }
  });
});

describe('opening-range-breakout on minute bars', () => {
  const calendar = nyseCalendar();
  /** Minute bars of one session from 08:00 to the close; price path given per regular-session minute. */
  function sessionBars(date: string, path: (minute: number) => number): StrategyBar[] {
    const session = calendar.session(date);
    if (session === undefined) throw new Error(`${date} is not a session`);
    const out: StrategyBar[] = [];
    for (let t = session.open - 90 * 60_000; t < session.close; t += 60_000) {
      const m = Math.floor((t - session.open) / 60_000);
      const c = m < 0 ? 50 : path(m);
      out.push({ symbol: 'SYN', start: t, open: c, high: c + 0.05, low: c - 0.05, close: c, volume: 100 });
    }
    return out;
  }
  it('enters once on the breakout, ignores the pre-market, and is flat before the (early) close', () => {
    // 2024-11-29 closes at 13:00 New York; 2024-12-02 is a full session.
    const day1 = sessionBars('2024-11-29', (m) => (m < 30 ? 100 + (m % 3) * 0.1 : m < 60 ? 100.1 : m < 120 ? 101 : 99));
    const day2 = sessionBars('2024-12-02', (m) => (m < 30 ? 100 : 99.5));
    const result = signals(openingRangeBreakout({ rangeMinutes: 30, exitMinutesBeforeClose: 5 }) as StreamingStrategy<unknown>, [...day1, ...day2]);
    const s1 = calendar.session('2024-11-29');
    const s2 = calendar.session('2024-12-02');
    if (s1 === undefined || s2 === undefined) throw new Error('calendar');
    expect(result.out).toEqual([
      ['flat', s1.open], // the first regular bar: a fresh session starts flat (the pre-market decided nothing)
      ['long', s1.open + 60 * 60_000], // 101 > the range high 100.25 (100.2 + 0.05); 100.1 did not break it
      ['flat', s1.close - 5 * 60_000], // 12:55, not 15:55: the early close
    ]);
    // Day 2 never breaks its range: no entry.
    expect(result.out.filter(([, t]) => t >= s2.open)).toEqual([]);
  });
});
