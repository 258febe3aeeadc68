import { mulberry32 } from '../../../../layers/core/analytics';
import { bollingerBatch, macdBatch, rsiBatch } from '../../../../layers/core/indicators';
import {
  bollingerReversion,
  buildStrategy,
  donchianBreakout,
  macdTrend,
  rsiReversion,
  STRATEGY_CATALOGUE,
  STRATEGY_NAMES,
  StrategyConfigError,
  type StrategyBar,
  type StreamingStrategy,
} from '../../../../layers/core/strategies';

const T0 = Date.UTC(2020, 0, 2);
const DAY = 86_400_000;

/** Synthetic (labelled) random-walk bars, seeded: enough swings to cross every level many times. */
function randomBars(n: number, seed: number): StrategyBar[] {
  const rnd = mulberry32(seed);
  let close = 100;
  return Array.from({ length: n }, (_, i) => {
    const open = close;
    close = Math.max(1, close * (1 + (rnd() - 0.5) * 0.06));
    const high = Math.max(open, close) * (1 + rnd() * 0.01);
    const low = Math.min(open, close) * (1 - rnd() * 0.01);
    return { symbol: 'SYN', start: T0 + i * DAY, open, high, low, close, volume: 1000 + Math.floor(rnd() * 1000) };
  });
}

/** Runs a strategy bar by bar, storing and restoring its state as JSON between bars, as the Lambda does. */
function signals(strategy: StreamingStrategy<unknown>, bars: readonly StrategyBar[]): [string, number][] {
  let state = strategy.initialState();
  const out: [string, number][] = [];
  for (const bar of bars) {
    const step = strategy.onBar(state, bar);
    const restored = strategy.restoreState(JSON.parse(JSON.stringify(step.state)));
    if (restored === undefined) throw new Error('state did not survive a JSON round trip');
    state = restored;
    if (step.kind === 'applied' && step.signal !== undefined) out.push([step.signal.direction, step.signal.barStart]);
  }
  return out;
}

/** The expected signals from a column of per-bar decisions: emit when the held view changes. */
function expectedFrom(bars: readonly StrategyBar[], decide: (i: number) => 'long' | 'flat' | 'short' | 'hold' | undefined): [string, number][] {
  let view: string | null = null;
  const out: [string, number][] = [];
  bars.forEach((bar, i) => {
    const d = decide(i);
    if (d === undefined || d === 'hold' || d === view) return;
    view = d;
    out.push([d, bar.start]);
  });
  return out;
}

const bars = randomBars(600, 7);
const closes = Float64Array.from(bars, (b) => b.close);

describe('rule strategies: streaming signals equal the rule applied to the batch indicators', () => {
  it('rsi-reversion', () => {
    const r = rsiBatch(closes, { period: 14 });
    const expected = expectedFrom(bars, (i) => {
      const v = r[i] as number;
      if (Number.isNaN(v)) return undefined;
      return v < 30 ? 'long' : v > 50 ? 'flat' : 'hold';
    });
    expect(expected.filter(([d]) => d === 'long').length).toBeGreaterThan(3);
    expect(signals(rsiReversion({}) as StreamingStrategy<unknown>, bars)).toEqual(expected);
  });
  it('bollinger-reversion', () => {
    const b = bollingerBatch(closes, { period: 20, multiplier: 2 });
    const expected = expectedFrom(bars, (i) => {
      const lower = b.lower[i] as number;
      if (Number.isNaN(lower)) return undefined;
      const c = closes[i] as number;
      return c < lower ? 'long' : c >= (b.middle[i] as number) ? 'flat' : 'hold';
    });
    expect(expected.filter(([d]) => d === 'long').length).toBeGreaterThan(3);
    expect(signals(bollingerReversion({}) as StreamingStrategy<unknown>, bars)).toEqual(expected);
  });
  it('donchian-breakout uses the channels of the previous bars (computed here from the raw highs and lows)', () => {
    const expected = expectedFrom(bars, (i) => {
      if (i < 20) return undefined;
      const upper = Math.max(...bars.slice(i - 20, i).map((b) => b.high));
      const lower = Math.min(...bars.slice(i - 10, i).map((b) => b.low));
      const c = (bars[i] as StrategyBar).close;
      return c > upper ? 'long' : c < lower ? 'flat' : 'hold';
    });
    expect(expected.filter(([d]) => d === 'long').length).toBeGreaterThan(3);
    expect(signals(donchianBreakout({}) as StreamingStrategy<unknown>, bars)).toEqual(expected);
  });
  it('macd-trend, long-only and long-short', () => {
    const m = macdBatch(closes, { fast: 12, slow: 26, signal: 9 });
    const decide = (short: boolean) => (i: number) => {
      const h = m.histogram[i] as number;
      if (Number.isNaN(h)) return undefined;
      return h > 0 ? 'long' : short ? 'short' : 'flat';
    };
    expect(signals(macdTrend({}) as StreamingStrategy<unknown>, bars)).toEqual(expectedFrom(bars, decide(false)));
    expect(signals(macdTrend({ allowShort: true }) as StreamingStrategy<unknown>, bars)).toEqual(expectedFrom(bars, decide(true)));
  });
});

describe('rule strategy bookkeeping', () => {
  it('ignores a re-delivered or older bar and refuses state written under other parameters', () => {
    const s = rsiReversion({ period: 3 });
    const first = s.onBar(s.initialState(), bars[0] as StrategyBar);
    expect(s.onBar(first.state, bars[0] as StrategyBar).kind).toBe('ignored');
    expect(rsiReversion({ period: 4 }).restoreState(first.state)).toBeUndefined();
    expect(s.restoreState({ nonsense: true })).toBeUndefined();
    expect(s.restoreState(JSON.parse(JSON.stringify(first.state)))).toEqual(first.state);
  });
  it('validates parameters', () => {
    expect(() => rsiReversion({ entry: 60, exit: 40 })).toThrow(/entry level/);
    expect(() => macdTrend({ fast: 30, slow: 10 })).toThrow(/fast window/);
    expect(() => donchianBreakout({ entry: 1 })).toThrow();
  });
});

describe('strategy catalogue', () => {
  it('builds every strategy by name with its defaults, and names them uniquely', () => {
    const ids = STRATEGY_NAMES.map((name) => buildStrategy(name).id);
    expect(new Set(ids).size).toBe(STRATEGY_NAMES.length);
    for (const name of STRATEGY_NAMES) {
      expect(buildStrategy(name).params).toMatchObject(STRATEGY_CATALOGUE[name].defaults);
    }
    expect(buildStrategy('price-cross-sma', { period: 50 }).id).toBe('price-cross-sma-50');
  });
  it('says which name or field is wrong', () => {
    expect(() => buildStrategy('nope')).toThrow(new StrategyConfigError(`unknown strategy "nope" (known: ${STRATEGY_NAMES.join(', ')})`));
    expect(STRATEGY_NAMES.length).toBeGreaterThanOrEqual(12);
    expect(() => buildStrategy('sma-crossover', { fast: 50, slow: 20 })).toThrow(/bad parameters for sma-crossover: fast: fast window must be shorter than slow/);
    expect(() => buildStrategy('rsi-reversion', { perod: 3 })).toThrow(StrategyConfigError);
  });
});
