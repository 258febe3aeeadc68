import { SweepSpecV1, type SweepCaseResultV1, type SweepShardResultV1 } from '../../../../layers/contracts';
import {
  backtestRunId,
  canonicalJson,
  caseAt,
  expandGrid,
  planSweep,
  rankCases,
  reduceShards,
  shardRange,
  SweepReduceError,
  SweepSpecError,
  type SweepPlan,
} from '../../../../layers/core/sweep';

const spec = (over: Record<string, unknown> = {}): SweepSpecV1 =>
  SweepSpecV1.parse({
    schema: 'SweepSpecV1',
    strategy: 'sma-crossover',
    parameters: { kind: 'grid', values: { slow: [20, 50], fast: [5, 10, 20] } },
    symbols: ['SPY', 'IBM'],
    period: { from: '2015-01-01', to: '2016-12-31' },
    data: { source: 'shipped' },
    ...over,
  });

describe('grid expansion', () => {
  it('is the cartesian product in sorted-name order, last name fastest, whatever the key order', () => {
    expect(expandGrid({ slow: [20, 50], fast: [5, 10] })).toEqual([
      { fast: 5, slow: 20 },
      { fast: 5, slow: 50 },
      { fast: 10, slow: 20 },
      { fast: 10, slow: 50 },
    ]);
    expect(expandGrid({ fast: [5, 10], slow: [20, 50] })).toEqual(expandGrid({ slow: [20, 50], fast: [5, 10] }));
  });

  it('skips (and counts) combinations the strategy refuses, drops repeated values', () => {
    const plan = planSweep(spec({ parameters: { kind: 'grid', values: { slow: [20, 50, 20], fast: [5, 10, 20] } } }));
    // (20, 20) is refused: fast must be shorter than slow; the repeated 20 adds nothing.
    expect(plan.parameterSets).toEqual([
      { fast: 5, slow: 20 },
      { fast: 5, slow: 50 },
      { fast: 10, slow: 20 },
      { fast: 10, slow: 50 },
      { fast: 20, slow: 50 },
    ]);
    expect(plan.skipped).toBe(1);
    expect(plan.caseCount).toBe(10);
    // Symbol-major case numbers.
    expect(caseAt(plan, 0)).toEqual({ parameterSet: 0, symbol: 'SPY' });
    expect(caseAt(plan, 4)).toEqual({ parameterSet: 4, symbol: 'SPY' });
    expect(caseAt(plan, 5)).toEqual({ parameterSet: 0, symbol: 'IBM' });
    expect(() => caseAt(plan, 10)).toThrow(RangeError);
  });

  it('names the problem: unknown parameter, invalid explicit set, nothing valid, too many shards', () => {
    const error = (s: SweepSpecV1): SweepSpecError => {
      try {
        planSweep(s);
      } catch (e) {
        if (e instanceof SweepSpecError) return e;
      }
      throw new Error('expected a SweepSpecError');
    };
    expect(error(spec({ parameters: { kind: 'grid', values: { fast: [5], slow: [20], period: [3] } } }))).toMatchObject({
      path: 'parameters.values.period',
      message: expect.stringMatching(/unknown parameter\(s\) period/),
    });
    expect(error(spec({ parameters: { kind: 'list', sets: [{ fast: 5, slow: 20 }, { fast: 30, slow: 20 }] } }))).toMatchObject({
      path: 'parameters.sets.1',
      message: expect.stringMatching(/fast window must be shorter than slow/),
    });
    expect(error(spec({ parameters: { kind: 'grid', values: { fast: [50], slow: [20] } } })).message).toMatch(/no combination of the grid is valid/);
    // 6 grid points pass the contract's check (6 × 2 = 12 ≥ 11 shards) but one is refused: 10 cases.
    expect(error(spec({ shards: 11 }))).toMatchObject({ path: 'shards', message: expect.stringMatching(/11 shards for 10 runnable cases/) });
  });
});

describe('sharding', () => {
  it('covers 0..N-1 exactly once with contiguous ranges whose sizes differ by at most one', () => {
    for (const n of [1, 2, 7, 10, 99, 1000]) {
      for (const s of [1, 2, 3, 7, n].filter((x) => x <= n)) {
        const ranges = Array.from({ length: s }, (_, i) => shardRange(n, s, i));
        expect(ranges[0]?.from).toBe(0);
        expect(ranges.at(-1)?.to).toBe(n);
        for (let i = 1; i < s; i += 1) expect(ranges[i]?.from).toBe(ranges[i - 1]?.to);
        const sizes = ranges.map((r) => r.to - r.from);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(Math.min(...sizes)).toBeGreaterThan(0);
      }
    }
    expect(() => shardRange(10, 3, 3)).toThrow(/outside 0..2/);
  });
});

/** Fake shard files for a plan: metrics chosen per case so the ranking is known. */
function fakeShards(plan: SweepPlan, sharpeOf: (c: number) => number | null): SweepShardResultV1[] {
  return Array.from({ length: plan.shardCount }, (_, i) => {
    const cases = shardRange(plan.caseCount, plan.shardCount, i);
    const rows: SweepCaseResultV1[] = [];
    for (let c = cases.from; c < cases.to; c += 1) {
      const { parameterSet, symbol } = caseAt(plan, c);
      rows.push({
        case: c,
        parameterSet,
        params: plan.parameterSets[parameterSet] ?? {},
        symbol,
        bars: 100,
        metrics: { totalReturn: c / 100, sharpe: sharpeOf(c), maxDrawdown: 0.1, trades: 2, finalEquity: 1000 + c },
      });
    }
    return { schema: 'SweepShardResultV1', specHash: plan.specHash, shardIndex: i, shardCount: plan.shardCount, cases, engine: 'vector', rows };
  });
}

describe('reduction', () => {
  const plan = planSweep(spec({ shards: 3 }));
  const sharpe = (c: number): number | null => (c === 4 ? null : c % 3 === 0 ? 1 : c / 10);

  it('merges shards in any order into one ranked result; nulls last, ties by case number', () => {
    const shards = fakeShards(plan, sharpe);
    const result = reduceShards(plan, [shards[2], shards[0], shards[1]].filter((s) => s !== undefined));
    expect(result.caseCount).toBe(10);
    expect(result.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // sharpe by case: 0→1, 1→.1, 2→.2, 3→1, 4→null, 5→.5, 6→1, 7→.7, 8→.8, 9→1
    expect(result.rows.map((r) => r.case)).toEqual([0, 3, 6, 9, 8, 7, 5, 2, 1, 4]);
    expect(reduceShards(plan, shards)).toEqual(result);
  });

  it('ranks drawdown ascending (smaller loss is better)', () => {
    const rows = fakeShards(plan, sharpe).flatMap((s) => s.rows).map((r) => ({ ...r, metrics: { ...r.metrics, maxDrawdown: (r.case % 4) / 10 } }));
    expect(rankCases(rows, 'maxDrawdown').slice(0, 4).map((r) => r.case)).toEqual([0, 4, 8, 1]);
  });

  it('refuses a missing shard, naming it', () => {
    const shards = fakeShards(plan, sharpe);
    const attempt = (): unknown => reduceShards(plan, [shards[0], shards[2]].filter((s) => s !== undefined));
    expect(attempt).toThrow(SweepReduceError);
    expect(attempt).toThrow('missing shard 1 of 3');
    try {
      attempt();
    } catch (error) {
      expect((error as SweepReduceError).missingShards).toEqual([1]);
    }
  });

  it('refuses a duplicated shard, a shard of another spec, a lost case and a case in the wrong shard', () => {
    const shards = fakeShards(plan, sharpe);
    const [s0, s1, s2] = shards as [SweepShardResultV1, SweepShardResultV1, SweepShardResultV1];
    expect(() => reduceShards(plan, [s0, s1, s2, s1])).toThrow('shard 1 is present twice');
    expect(() => reduceShards(plan, [s0, s1, { ...s2, specHash: 'f'.repeat(64) }])).toThrow(/shard 2 belongs to another spec/);
    expect(() => reduceShards(plan, [s0, { ...s1, rows: s1.rows.slice(1) }, s2])).toThrow(`case ${s1.cases.from} missing from the shards`);
    expect(() => reduceShards(plan, [s0, { ...s1, rows: [...s1.rows, ...s2.rows.slice(0, 1)] }, s2])).toThrow(/outside its range/);
    const swapped = { ...s0, rows: s0.rows.map((r, i) => (i === 0 ? { ...r, symbol: 'IBM' } : r)) };
    expect(() => reduceShards(plan, [swapped, s1, s2])).toThrow(/case 0 in shard 0 is parameter set 0 on IBM, expected set 0 on SPY/);
  });
});

describe('run ids', () => {
  it('are the same for the same spec whatever its key order, and follow the idempotency key when given', () => {
    const a = spec();
    const reordered = SweepSpecV1.parse(JSON.parse(canonicalJson(a)));
    expect(backtestRunId(reordered)).toBe(backtestRunId(a));
    expect(backtestRunId(a)).toMatch(/^bt-[0-9a-f]{24}$/);
    expect(backtestRunId(spec({ seed: 2 }))).not.toBe(backtestRunId(a));
    expect(backtestRunId(a, 'client-key-1')).toBe(backtestRunId(spec({ seed: 2 }), 'client-key-1'));
    expect(backtestRunId(a, 'client-key-1')).not.toBe(backtestRunId(a));
  });
});
