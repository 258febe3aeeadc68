import { closeBar } from './bars';
import { smaCrossover, type SmaCrossoverState, type StrategySignal } from '../../../../layers/core/strategies';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 2, 14, 30);

/** Runs closes through the strategy, persisting state as JSON between bars like the Lambda does. */
function run(closes: readonly number[], params = { fast: 2, slow: 4 }) {
  const s = smaCrossover(params);
  let state: SmaCrossoverState = s.initialState();
  const signals: StrategySignal[] = [];
  closes.forEach((close, i) => {
    const step = s.onBar(state, closeBar('SPY', T0 + i * MINUTE, close));
    state = s.restoreState(JSON.parse(JSON.stringify(step.state))) ?? s.initialState();
    if (step.kind === 'applied' && step.signal !== undefined) signals.push(step.signal);
  });
  return { strategy: s, state, signals };
}

/** Independent reference: recompute both averages from the raw series at each bar. */
function referenceViews(closes: readonly number[], fast: number, slow: number): (string | null)[] {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return closes.map((_, i) => (i + 1 < slow ? null : mean(closes.slice(i + 1 - fast, i + 1)) > mean(closes.slice(i + 1 - slow, i + 1)) ? 'long' : 'flat'));
}

describe('smaCrossover', () => {
  it('validates parameters with zod', () => {
    expect(() => smaCrossover({ fast: 5, slow: 5 })).toThrow();
    expect(() => smaCrossover({ fast: 0, slow: 5 })).toThrow();
    expect(smaCrossover({ fast: 5, slow: 20 }).id).toBe('sma-crossover-5-20');
    expect(smaCrossover({ fast: 5, slow: 20 }).params.allowShort).toBe(false);
  });

  it('emits only when the view changes, matching a from-scratch reference', () => {
    const closes = [10, 10, 10, 10, 11, 12, 13, 12, 10, 9, 9, 10, 12, 14, 15, 15, 14, 12];
    const { signals } = run(closes);
    const views = referenceViews(closes, 2, 4);
    const expected: { barIndex: number; direction: string }[] = [];
    let last: string | null = null;
    views.forEach((v, i) => {
      if (v !== null && v !== last) expected.push({ barIndex: i, direction: v });
      if (v !== null) last = v;
    });
    expect(signals.map((s) => ({ barIndex: (s.barStart - T0) / MINUTE, direction: s.direction }))).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    for (const s of signals) {
      expect(s.strength).toBeGreaterThanOrEqual(0);
      expect(s.strength).toBeLessThanOrEqual(1);
      expect(s.reason).toMatch(/SMA\(2\)/);
    }
  });

  it('ignores duplicate and out-of-order bars without changing state', () => {
    const s = smaCrossover({ fast: 2, slow: 3 });
    let state = s.initialState();
    for (const [i, c] of [10, 11, 12].entries()) {
      const step = s.onBar(state, closeBar('SPY', T0 + i * MINUTE, c));
      state = step.state;
    }
    const before = JSON.stringify(state);
    const dup = s.onBar(state, closeBar('SPY', T0 + 2 * MINUTE, 99));
    const old = s.onBar(state, closeBar('SPY', T0, 1));
    expect(dup.kind).toBe('ignored');
    expect(old.kind).toBe('ignored');
    expect(JSON.stringify(dup.state)).toBe(before);
  });

  it('goes short only when allowed', () => {
    const closes = [10, 11, 12, 13, 12, 10, 8, 7];
    expect(run(closes, { fast: 2, slow: 3 }).signals.map((s) => s.direction)).not.toContain('short');
    const ls = smaCrossover({ fast: 2, slow: 3, allowShort: true });
    let state = ls.initialState();
    const dirs: string[] = [];
    closes.forEach((c, i) => {
      const step = ls.onBar(state, closeBar('SPY', T0 + i * MINUTE, c));
      state = step.state;
      if (step.kind === 'applied' && step.signal) dirs.push(step.signal.direction);
    });
    expect(dirs).toEqual(['long', 'short']);
  });

  it('refuses state written for other windows', () => {
    const a = smaCrossover({ fast: 2, slow: 4 });
    const b = smaCrossover({ fast: 3, slow: 4 }, 'same-id');
    expect(b.restoreState(a.initialState())).toBeUndefined();
    expect(a.restoreState({ nonsense: true })).toBeUndefined();
    expect(a.restoreState(a.initialState())).toEqual(a.initialState());
  });
});
