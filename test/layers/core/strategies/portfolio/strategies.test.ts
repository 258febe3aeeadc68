import { mulberry32 } from '../../../../../layers/core/analytics';
import {
  buildPortfolioStrategy,
  momentumRotation,
  pairsTrading,
  PORTFOLIO_CATALOGUE,
  PORTFOLIO_STRATEGY_NAMES,
  StrategyConfigError,
  type PortfolioStep,
  type PortfolioStrategy,
  type StrategyBar,
} from '../../../../../layers/core/strategies';

const DAY = 86_400_000;
/** 2024-01-01 was a Monday. */
const T0 = Date.UTC(2024, 0, 1, 14, 30);

type Frame = { readonly time: number; readonly bars: StrategyBar[] };

/** One frame per day (weekends included: only the calendar keys matter here) from per-symbol close paths. */
function frames(paths: Readonly<Record<string, readonly number[]>>): Frame[] {
  const n = Math.max(...Object.values(paths).map((p) => p.length));
  return Array.from({ length: n }, (_, i) => {
    const time = T0 + i * DAY;
    const bars = Object.keys(paths)
      .sort()
      .flatMap((symbol) => {
        const close = paths[symbol]?.[i];
        return close === undefined ? [] : [{ symbol, start: time, open: close, high: close, low: close, close, volume: 1000 }];
      });
    return { time, bars };
  });
}

/** Every step of a run (the targets and reasons), from a fresh state. */
function run<S>(strategy: PortfolioStrategy<S>, universe: readonly string[], fs: readonly Frame[]): PortfolioStep<S>[] {
  let state = strategy.initialState(universe);
  return fs.map((f) => {
    const step = strategy.onBars(state, f.time, f.bars);
    state = step.state;
    return step;
  });
}

const geometric = (n: number, rate: number, start = 100): number[] => Array.from({ length: n }, (_, i) => start * (1 + rate) ** i);

/** The strategy's targets at each bar must not change when the frames after it are cut off (no lookahead). */
function expectCausal(strategy: () => PortfolioStrategy<unknown>, universe: readonly string[], fs: readonly Frame[], cuts: readonly number[]): void {
  const full = run(strategy(), universe, fs).map((s) => JSON.stringify([s.targets ?? null, s.state]));
  for (const cut of cuts) {
    const part = run(strategy(), universe, fs.slice(0, cut + 1)).map((s) => JSON.stringify([s.targets ?? null, s.state]));
    expect(part).toEqual(full.slice(0, cut + 1));
  }
}

describe('momentum rotation', () => {
  const paths = { AAA: geometric(120, 0.004), BBB: geometric(120, 0.002), CCC: geometric(120, -0.001), DDD: geometric(120, 0.003) };

  it('holds the top N by past return, equal weight, rebalanced on the first bar of each month', () => {
    const strategy = momentumRotation({ lookback: 20, skip: 5, top: 2 });
    const steps = run(strategy, ['AAA', 'BBB', 'CCC', 'DDD'], frames(paths));
    const rebalanceDays = steps.flatMap((s, i) => (s.targets === undefined ? [] : [new Date(T0 + i * DAY).toISOString().slice(0, 10)]));
    // 26 bars are needed (20 + 5 + 1): the first month boundary after that is 1 February.
    expect(rebalanceDays).toEqual(['2024-02-01', '2024-03-01', '2024-04-01']);
    for (const s of steps) if (s.targets !== undefined) expect(s.targets).toEqual({ AAA: 0.5, DDD: 0.5 });
  });

  it('skips the most recent bars: a late jump does not count until it is older than `skip`', () => {
    // EEE is the worst until a +50 % jump 3 bars before the 1 February rebalance (index 31).
    const late = geometric(120, -0.002).map((c, i) => (i >= 28 ? c * 1.5 : c));
    const fs = frames({ ...paths, EEE: late });
    const universe = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'];
    const withSkip = run(momentumRotation({ lookback: 20, skip: 5, top: 1 }), universe, fs);
    expect(withSkip[31]?.targets).toEqual({ AAA: 1 });
    const noSkip = run(momentumRotation({ lookback: 20, skip: 0, top: 1 }), universe, fs);
    expect(noSkip[31]?.targets).toEqual({ EEE: 1 });
  });

  it('absolute momentum moves a losing slot to cash; without the filter it is held', () => {
    const falling = { XXX: geometric(70, -0.003), YYY: geometric(70, 0.001) };
    const steps = run(momentumRotation({ lookback: 20, skip: 0, top: 2 }), ['XXX', 'YYY'], frames(falling));
    expect(steps[31]?.targets).toEqual({ YYY: 0.5 });
    const noFilter = run(momentumRotation({ lookback: 20, skip: 0, top: 2, absoluteMomentum: false }), ['XXX', 'YYY'], frames(falling));
    expect(noFilter[31]?.targets).toEqual({ YYY: 0.5, XXX: 0.5 });
  });

  it('weekly rebalances fall on Mondays; inverse-vol weights are proportional to 1/σ and fill the held slots', () => {
    const rnd = mulberry32(3);
    let calm = 100;
    let wild = 100;
    const calmPath: number[] = [];
    const wildPath: number[] = [];
    for (let i = 0; i < 80; i += 1) {
      const e = rnd() - 0.45;
      calm *= 1 + 0.01 * e;
      wild *= 1 + 0.03 * e;
      calmPath.push(calm);
      wildPath.push(wild);
    }
    const steps = run(momentumRotation({ lookback: 20, skip: 0, top: 2, weekly: true, inverseVol: true, volWindow: 20, absoluteMomentum: false }), ['CALM', 'WILD'], frames({ CALM: calmPath, WILD: wildPath }));
    const days = steps.flatMap((s, i) => (s.targets === undefined ? [] : [new Date(T0 + i * DAY).getUTCDay()]));
    expect(days.length).toBeGreaterThan(5);
    expect(new Set(days)).toEqual(new Set([1]));
    const t = steps.find((s) => s.targets !== undefined)?.targets ?? {};
    expect((t.CALM ?? 0) + (t.WILD ?? 0)).toBeCloseTo(1, 12);
    // The wild path's simple returns are 3× the calm one's (log returns nearly so): a third of the weight.
    expect((t.CALM ?? 0) / (t.WILD ?? 1)).toBeCloseTo(3, 1);
  });

  it('uses nothing after the bar it decides on', () => {
    expectCausal(() => momentumRotation({ lookback: 20, skip: 5, top: 2 }) as PortfolioStrategy<unknown>, ['AAA', 'BBB', 'CCC', 'DDD'], frames(paths), [10, 31, 45, 60, 90]);
  });
});

describe('pairs trading', () => {
  /** X a random walk; Y = X + a mean-reverting spread (stationary σ ≈ 0.13 %) + `shock(i)` in log terms. */
  function pair(n: number, seed: number, shock: (i: number) => number = () => 0): { X: number[]; Y: number[] } {
    const rnd = mulberry32(seed);
    let lx = Math.log(50);
    let u = 0;
    const X: number[] = [];
    const Y: number[] = [];
    for (let i = 0; i < n; i += 1) {
      lx += 0.01 * (rnd() - 0.5);
      u = 0.5 * u + 0.004 * (rnd() - 0.5);
      X.push(Math.exp(lx));
      Y.push(Math.exp(lx + u + shock(i)));
    }
    return { X, Y };
  }

  it('shorts the spread when the first leg is rich beyond +entry, dollar-neutral, and closes when it reverts', () => {
    // YYY 0.6 % cheap for bars 150..154: the sorted universe is [XXX, YYY], XXX the first leg, so z > 0 (XXX rich).
    const { X, Y } = pair(200, 4, (i) => (i >= 150 && i < 155 ? -0.006 : 0));
    const steps = run(pairsTrading({ formation: 60, entry: 2, exit: 0.5, stop: 10 }), ['XXX', 'YYY'], frames({ XXX: X, YYY: Y }));
    expect(steps[150]?.targets).toEqual({ XXX: -0.5, YYY: 0.5 });
    expect(steps[150]?.reason).toMatch(/^entry: z 4\.\d+/);
    for (let i = 151; i < 155; i += 1) expect(steps[i]?.targets).toBeUndefined();
    const exit = steps.findIndex((s, i) => i > 150 && s.targets !== undefined);
    expect(exit).toBeGreaterThanOrEqual(155);
    expect(exit).toBeLessThan(160);
    expect(steps[exit]?.targets).toEqual({ XXX: 0, YYY: 0 });
  });

  it('stops out beyond ±stop and does not re-enter until |z| is back within exit', () => {
    // 0.6 % cheap at bar 150 (entry), then 3 % (far beyond the stop) for 151..154.
    const { X, Y } = pair(200, 4, (i) => (i === 150 ? -0.006 : i > 150 && i < 155 ? -0.03 : 0));
    const steps = run(pairsTrading({ formation: 60, entry: 2, exit: 0.5, stop: 10 }), ['XXX', 'YYY'], frames({ XXX: X, YYY: Y }));
    expect(steps[150]?.reason).toMatch(/^entry/);
    expect(steps[151]?.reason).toMatch(/^stop: z 19/);
    expect(steps[151]?.targets).toEqual({ XXX: 0, YYY: 0 });
    // |z| stays above entry while the dislocation lasts, but a stopped pair does not re-enter.
    for (let i = 152; i < 155; i += 1) {
      expect(steps[i]?.targets).toBeUndefined();
      expect(steps[i]?.state.stopped).toBe(true);
    }
    // Once the spread is back within ±exit the flag clears (the formation window still holds the shocked bars, so
    // that takes a few bars); nothing is entered before.
    const cleared = steps.findIndex((s, i) => i > 151 && !s.state.stopped);
    expect(cleared).toBeGreaterThan(154);
    expect(cleared).toBeLessThan(175);
    for (let i = 152; i < cleared; i += 1) expect(steps[i]?.targets).toBeUndefined();
  });

  it('the cointegration filter trades independent random walks far less than no filter', () => {
    const rnd = mulberry32(9);
    let a = 100;
    let b = 100;
    const A: number[] = [];
    const B: number[] = [];
    for (let i = 0; i < 400; i += 1) {
      a *= 1 + 0.02 * (rnd() - 0.5);
      b *= 1 + 0.02 * (rnd() - 0.5);
      A.push(a);
      B.push(b);
    }
    const count = (maxPValue: number) =>
      run(pairsTrading({ formation: 60, maxPValue }), ['AAA', 'BBB'], frames({ AAA: A, BBB: B })).filter((s) => s.reason?.startsWith('entry') === true).length;
    const unfiltered = count(1);
    const filtered = count(0.05);
    expect(unfiltered).toBeGreaterThan(2);
    expect(filtered).toBeLessThan(unfiltered);
  });

  it('uses nothing after the bar it decides on, and refuses stored state of another pair', () => {
    const { X, Y } = pair(200, 5);
    expectCausal(() => pairsTrading({ formation: 60, maxPValue: 0.2 }) as PortfolioStrategy<unknown>, ['XXX', 'YYY'], frames({ XXX: X, YYY: Y }), [59, 100, 151, 180]);
    const s = pairsTrading({});
    expect(s.restoreState(JSON.parse(JSON.stringify(s.initialState(['A', 'B']))), ['A', 'C'])).toBeUndefined();
    expect(s.restoreState(JSON.parse(JSON.stringify(s.initialState(['A', 'B']))), ['B', 'A'])).toBeDefined();
  });
});

describe('portfolio catalogue', () => {
  it('builds each strategy with its defaults and names bad parameters', () => {
    for (const name of PORTFOLIO_STRATEGY_NAMES) expect(buildPortfolioStrategy(name).params).toMatchObject(PORTFOLIO_CATALOGUE[name].defaults);
    expect(() => buildPortfolioStrategy('pairs', { entry: 2, stop: 1 })).toThrow(new StrategyConfigError('bad parameters for pairs: stop: stop |z| must be above the entry |z|'));
    expect(() => buildPortfolioStrategy('nope')).toThrow(/unknown portfolio strategy "nope"/);
  });
});
