import { InMemoryStrategyRegistry } from '../../../../layers/adapters/memory';
import {
  applyTransition,
  isAllowedTransition,
  registerCandidate,
  STRATEGY_STATES,
  testHitRate,
  transitionStrategy,
  type RegistryEntry,
  type StrategyState,
  type TransitionEvidence,
} from '../../../../layers/core/registry';
import type { OutOfSampleMetrics } from '../../../../layers/core/research';

const T0 = Date.UTC(2024, 0, 2);
const OPERATOR = 'arn:aws:iam::123456789012:user/risk-officer';

/** Passes every DEFAULT_PROMOTION_GATES gate. */
const PASSING: OutOfSampleMetrics = { sample: 'out-of-sample', deflatedSharpe: 0.97, pbo: 0.1, sharpe: 1.1, maxDrawdown: 0.12, profitFactor: 1.5, winRate: 0.45, directionalAccuracy: 0.55 };

const candidate = (): RegistryEntry =>
  registerCandidate({ strategyId: 'sma-cross-SPY-10-30', family: 'sma-crossover', params: { fast: 10, slow: 30 }, symbols: ['SPY'], source: 'discovery run d-1' }, T0);

const gates = (metrics: OutOfSampleMetrics = PASSING): TransitionEvidence => ({ kind: 'out-of-sample-gates', metrics, source: 'discovery run d-1' });
const approval = (principal = OPERATOR, reason = 'paper record reviewed'): TransitionEvidence => ({ kind: 'approval', principal, reason });
const retirement: TransitionEvidence = { kind: 'retirement', principal: OPERATOR, reason: 'superseded' };

function applied(entry: RegistryEntry, to: StrategyState, evidence: TransitionEvidence, at: number): RegistryEntry {
  const outcome = applyTransition(entry, { to, evidence }, at);
  if (outcome.kind !== 'applied') throw new Error(`expected applied, got ${outcome.reason}`);
  return outcome.entry;
}

describe('strategy registry state machine', () => {
  it('allows exactly the documented edges', () => {
    const allowed = STRATEGY_STATES.flatMap((from) => STRATEGY_STATES.filter((to) => isAllowedTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(['candidate→paper', 'candidate→retired', 'live→paper', 'live→retired', 'paper→live', 'paper→retired'].sort());
  });

  it('registers a candidate at version 1 with its registration record', () => {
    const entry = candidate();
    expect(entry).toMatchObject({ state: 'candidate', version: 1, createdAt: T0, regimes: [] });
    expect(entry.history).toEqual([{ seq: 1, from: null, to: 'candidate', at: T0, evidence: { kind: 'registration', source: 'discovery run d-1' } }]);
  });

  it('promotes candidate → paper only on passing gates, recording the report the core computed', () => {
    const outcome = applyTransition(candidate(), { to: 'paper', evidence: gates() }, T0 + 1);
    expect(outcome.kind).toBe('applied');
    if (outcome.kind !== 'applied') return;
    expect(outcome.entry).toMatchObject({ state: 'paper', version: 2, updatedAt: T0 + 1 });
    expect(outcome.record).toMatchObject({ seq: 2, from: 'candidate', to: 'paper', at: T0 + 1 });
    expect(outcome.record.evidence.kind).toBe('out-of-sample-gates');
    if (outcome.record.evidence.kind === 'out-of-sample-gates') {
      expect(outcome.record.evidence.report.passed).toBe(true);
      expect(outcome.record.evidence.report.results).toHaveLength(7);
    }
  });

  it('rejects candidate → paper on failing or unmeasured gates, with the failures', () => {
    const failing = applyTransition(candidate(), { to: 'paper', evidence: gates({ ...PASSING, pbo: 0.6 }) }, T0);
    expect(failing).toMatchObject({ kind: 'rejected' });
    if (failing.kind === 'rejected') {
      expect(failing.reason).toContain('pbo 0.6 fails ≤ 0.2');
      expect(failing.report?.passed).toBe(false);
    }
    const { deflatedSharpe: _omitted, ...unmeasured } = PASSING;
    const missing = applyTransition(candidate(), { to: 'paper', evidence: gates(unmeasured) }, T0);
    expect(missing.kind === 'rejected' && missing.reason).toContain('deflatedSharpe: not measured');
  });

  it('uses the policy gates, not the caller: a looser policy is a configuration choice', () => {
    const weak = { ...PASSING, sharpe: 0.3 };
    expect(applyTransition(candidate(), { to: 'paper', evidence: gates(weak) }, T0).kind).toBe('rejected');
    expect(applyTransition(candidate(), { to: 'paper', evidence: gates(weak) }, T0, { promotionGates: { sharpe: { threshold: 0.2, comparison: 'at-least' } } }).kind).toBe('applied');
  });

  it('goes paper → live only with an approval carrying a principal and a reason', () => {
    const paper = applied(candidate(), 'paper', gates(), T0 + 1);
    expect(applyTransition(paper, { to: 'live', evidence: gates() }, T0 + 2)).toMatchObject({ kind: 'rejected', reason: 'paper → live needs approval evidence, got out-of-sample-gates' });
    expect(applyTransition(paper, { to: 'live', evidence: approval('  ') }, T0 + 2)).toMatchObject({ kind: 'rejected', reason: 'approval needs an authenticated principal' });
    expect(applyTransition(paper, { to: 'live', evidence: approval(OPERATOR, '') }, T0 + 2)).toMatchObject({ kind: 'rejected', reason: 'approval needs a reason' });
    const live = applied(paper, 'live', approval(), T0 + 2);
    expect(live.state).toBe('live');
    expect(live.history.at(-1)).toEqual({ seq: 3, from: 'paper', to: 'live', at: T0 + 2, evidence: { kind: 'approval', principal: OPERATOR, reason: 'paper record reviewed' } });
  });

  it('never skips a state: candidate → live is not an edge, even with an approval', () => {
    expect(applyTransition(candidate(), { to: 'live', evidence: approval() }, T0)).toMatchObject({ kind: 'rejected', reason: 'candidate → live is not an allowed transition' });
  });

  it('demotes live → paper automatically only when the hit-rate test says below threshold', () => {
    const live = applied(applied(candidate(), 'paper', gates(), T0 + 1), 'live', approval(), T0 + 2);
    const notBelow = testHitRate([...Array(40)].map((_, i) => i % 2 === 0));
    expect(applyTransition(live, { to: 'paper', evidence: { kind: 'hit-rate-demotion', test: notBelow } }, T0 + 3)).toMatchObject({ kind: 'rejected' });
    const below = testHitRate([...Array(40)].map((_, i) => i % 4 === 0)); // 10/40
    expect(below.belowThreshold).toBe(true);
    const demoted = applied(live, 'paper', { kind: 'hit-rate-demotion', test: below }, T0 + 3);
    expect(demoted).toMatchObject({ state: 'paper', version: 4 });
    expect(demoted.history.map((r) => r.to)).toEqual(['candidate', 'paper', 'live', 'paper']);
  });

  it('retires from any non-retired state with a reason; retired is terminal', () => {
    const retired = applied(candidate(), 'retired', retirement, T0 + 1);
    expect(retired.state).toBe('retired');
    for (const to of ['candidate', 'paper', 'live', 'retired'] as const) {
      expect(applyTransition(retired, { to, evidence: retirement }, T0 + 2).kind).toBe('rejected');
    }
    expect(applyTransition(candidate(), { to: 'retired', evidence: { ...retirement, reason: ' ' } }, T0).kind).toBe('rejected');
  });
});

describe('transitionStrategy (use case over the registry port)', () => {
  it('applies, stores and refuses a stale expected version', async () => {
    const registry = new InMemoryStrategyRegistry();
    expect(await registry.create(candidate())).toBe('created');
    expect(await registry.create(candidate())).toBe('exists');
    const first = await transitionStrategy(registry, 'sma-cross-SPY-10-30', { to: 'paper', evidence: gates(), expectedVersion: 1 }, T0 + 1);
    expect(first.kind).toBe('applied');
    expect((await registry.get('sma-cross-SPY-10-30'))?.state).toBe('paper');
    const stale = await transitionStrategy(registry, 'sma-cross-SPY-10-30', { to: 'live', evidence: approval(), expectedVersion: 1 }, T0 + 2);
    expect(stale).toEqual({ kind: 'conflict', currentVersion: 2 });
    expect(await transitionStrategy(registry, 'nope', { to: 'retired', evidence: retirement }, T0)).toEqual({ kind: 'not-found' });
  });

  it('a write that loses the race is a conflict, not an overwrite', async () => {
    const registry = new InMemoryStrategyRegistry();
    await registry.create(candidate());
    const entry = await registry.get('sma-cross-SPY-10-30');
    if (entry === undefined) throw new Error('missing');
    const a = applyTransition(entry, { to: 'retired', evidence: retirement }, T0 + 1);
    const b = applyTransition(entry, { to: 'paper', evidence: gates() }, T0 + 1);
    if (a.kind !== 'applied' || b.kind !== 'applied') throw new Error('expected applied');
    expect(await registry.save(a.entry, 1)).toBe('saved');
    expect(await registry.save(b.entry, 1)).toBe('conflict');
    expect((await registry.get('sma-cross-SPY-10-30'))?.state).toBe('retired');
  });
});
