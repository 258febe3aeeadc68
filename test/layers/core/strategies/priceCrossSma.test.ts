import { closeBar } from './bars';
import { priceCrossSma, type PriceCrossSmaState, type StrategySignal } from '../../../../layers/core/strategies';

const T0 = Date.UTC(2024, 0, 2, 14, 30);

function run(closes: readonly number[], period: number): StrategySignal[] {
  const s = priceCrossSma({ period });
  let state: PriceCrossSmaState = s.initialState();
  const out: StrategySignal[] = [];
  closes.forEach((close, i) => {
    const step = s.onBar(state, closeBar('SPY', T0 + i * 60_000, close));
    state = s.restoreState(JSON.parse(JSON.stringify(step.state))) ?? s.initialState();
    if (step.kind === 'applied' && step.signal !== undefined) out.push(step.signal);
  });
  return out;
}

describe('priceCrossSma', () => {
  it('validates parameters with zod and names itself', () => {
    expect(() => priceCrossSma({ period: 0 })).toThrow();
    expect(() => priceCrossSma({ period: 3, extra: 1 } as never)).toThrow();
    expect(priceCrossSma({ period: 20 }).id).toBe('price-cross-sma-20');
  });
  it('signals its first stable view, then long on a cross above and flat on a cross below', () => {
    // SMA(3): bar 2 = 10 (close 10, not above: flat); bar 3: (10+10+13)/3 = 11, 13 > 11 → long;
    // bar 4: (10+13+12)/3 = 11.67, 12 > → no change; bar 5: (13+12+9)/3 = 11.33, 9 ≤ → flat.
    const signals = run([10, 10, 10, 13, 12, 9], 3);
    expect(signals.map((s) => [s.direction, s.barStart])).toEqual([
      ['flat', T0 + 2 * 60_000],
      ['long', T0 + 3 * 60_000],
      ['flat', T0 + 5 * 60_000],
    ]);
    // Starting above the average: long at the first stable bar (SMA(2) at bar 1 = 1.5 < 2).
    expect(run([1, 2, 3, 4], 2).map((s) => [s.direction, s.barStart])).toEqual([['long', T0 + 60_000]]);
  });
  it('ignores re-delivered bars and rejects state of another period', () => {
    const s = priceCrossSma({ period: 2 });
    const a = s.onBar(s.initialState(), closeBar('X', 5, 1));
    expect(s.onBar(a.state, closeBar('X', 5, 2)).kind).toBe('ignored');
    expect(priceCrossSma({ period: 3 }).restoreState(a.state)).toBeUndefined();
  });
});
