import { ChildFiguresSchema, judgeTargets, renderTable, renderTargets, type Figure } from '../../bench/report';

const latency = (value: number): Figure => ({
  id: 'ml.signal-engine.bar.latency',
  group: '12 ml ensemble',
  name: 'signal-engine path with the ML binding',
  value,
  unit: 'ms p99',
  baseline: { name: 'SMA crossover 5/20, same path and bars', value: 7.58 },
  spread: 'p50 2.4 ms',
  method: 'real SPY minute bars',
  target: { goal: 'p99 < 20 ms per symbol-bar (issue 7)', below: 20 },
});

describe('bench targets', () => {
  it('judges a target on the run value: below the bound is met, at or above it is not', () => {
    expect(judgeTargets([latency(12.96)])).toEqual([{ figureId: 'ml.signal-engine.bar.latency', goal: 'p99 < 20 ms per symbol-bar (issue 7)', value: 12.96, unit: 'ms p99', met: true }]);
    expect(judgeTargets([latency(20)])[0]?.met).toBe(false);
    expect(judgeTargets([latency(Number.NaN)])[0]?.met).toBe(false);
  });

  it('ignores figures without a target and words the verdict as this run only', () => {
    const { target: _target, ...plain } = latency(1);
    expect(judgeTargets([plain])).toEqual([]);
    expect(renderTargets(judgeTargets([latency(12.96), latency(25)]))).toBe(
      'target p99 < 20 ms per symbol-bar (issue 7): met in this run (13.0 ms p99)\ntarget p99 < 20 ms per symbol-bar (issue 7): NOT met in this run (25.0 ms p99)',
    );
  });

  it('shows the SMA baseline of the same run in the baseline column, with no ratio for a latency', () => {
    const table = renderTable([latency(12.96)]);
    expect(table).toContain('7.58 (SMA crossover 5/20, same path and bars)');
    expect(table).toContain('[12 ml ensemble]');
  });

  it('accepts a child figure set only with a finite value, a group and a load average', () => {
    const good = { figures: [latency(12.96)], loadAverage1m: { atStart: 1, atEnd: 2 } };
    expect(ChildFiguresSchema.parse(JSON.parse(JSON.stringify(good))).figures[0]?.target?.below).toBe(20);
    expect(ChildFiguresSchema.safeParse(JSON.parse(JSON.stringify({ ...good, figures: [latency(Number.NaN)] }))).success).toBe(false);
    expect(ChildFiguresSchema.safeParse({ figures: [], loadAverage1m: { atStart: 1, atEnd: 2 } }).success).toBe(false);
    expect(ChildFiguresSchema.safeParse({ figures: [{ ...latency(1), group: '' }], loadAverage1m: { atStart: 1, atEnd: 2 } }).success).toBe(false);
  });
});
