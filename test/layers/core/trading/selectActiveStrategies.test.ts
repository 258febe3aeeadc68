import { InMemoryCurrentRegimeStore, InMemoryStrategyRegistry, InMemoryStrategyStateStore, ManualClock } from '../../../../layers/adapters/memory';
import type { CurrentRegime } from '../../../../layers/core/ports/regime';
import type { RegimeLabel } from '../../../../layers/core/regime';
import { applyTransition, registerCandidate, type RegistryEntry, type StrategyState, type TransitionEvidence } from '../../../../layers/core/registry';
import type { OutOfSampleMetrics } from '../../../../layers/core/research';
import { smaCrossover } from '../../../../layers/core/strategies';
import {
  activeSetBindings,
  cachedBindings,
  combineBindingProviders,
  loadActiveSet,
  recordSignalOutcomes,
  runStrategiesOnBar,
  selectActiveStrategies,
  type SelectActiveStrategiesDeps,
  type SignalOutcome,
  type StrategyBinding,
} from '../../../../layers/core/trading';
import { bar, harness, MINUTE } from './harness';

const T0 = Date.UTC(2024, 0, 2, 14); // 09:00 New York, pre-market of 2024-01-02
const ROUTINE = { sessionDate: '2024-01-02', at: T0 };
const OPERATOR = 'arn:aws:iam::123456789012:user/risk-officer';

const metrics = (sharpe: number): OutOfSampleMetrics => ({ sample: 'out-of-sample', deflatedSharpe: 0.97, pbo: 0.1, sharpe, maxDrawdown: 0.12, profitFactor: 1.5, winRate: 0.45, directionalAccuracy: 0.55 });

/** A registry entry moved to `state` through the real state machine (gate evidence carries its out-of-sample Sharpe). */
function registered(strategyId: string, state: StrategyState, opts: { family?: string; params?: RegistryEntry['params']; symbols?: string[]; regimes?: RegimeLabel[]; sharpe?: number } = {}): RegistryEntry {
  let entry = registerCandidate(
    { strategyId, family: opts.family ?? 'sma-crossover', params: opts.params ?? { fast: 2, slow: 3 }, symbols: opts.symbols ?? ['SPY'], regimes: opts.regimes ?? [], source: 'test' },
    T0 - 10 * 86_400_000,
  );
  const steps: [StrategyState, TransitionEvidence][] = [
    ['paper', { kind: 'out-of-sample-gates', metrics: metrics(opts.sharpe ?? 1), source: 'walk-forward' }],
    ['live', { kind: 'approval', principal: OPERATOR, reason: 'paper record reviewed' }],
  ];
  for (const [to, evidence] of steps) {
    if (entry.state === state) break;
    const outcome = applyTransition(entry, { to, evidence }, entry.updatedAt + 1);
    if (outcome.kind !== 'applied') throw new Error(outcome.reason);
    entry = outcome.entry;
  }
  return entry;
}

/** The entry with its recorded out-of-sample Sharpe replaced (a value the promotion gates would not have passed). */
const withRecordedSharpe = (entry: RegistryEntry, sharpe: number): RegistryEntry => ({
  ...entry,
  history: entry.history.map((r) => (r.evidence.kind === 'out-of-sample-gates' ? { ...r, evidence: { ...r.evidence, metrics: { ...r.evidence.metrics, sharpe } } } : r)),
});

const regime = (symbol: string, label: RegimeLabel, asOf = '2023-12-29'): CurrentRegime => ({
  symbol,
  label,
  confidence: 0.9,
  probabilities: { 'bull-quiet': 0, 'bull-volatile': 0, 'bear-quiet': 0, 'bear-volatile': 0, [label]: 0.9 },
  asOf,
  since: asOf,
  modelId: 'm',
  recordedAt: T0 - 86_400_000,
});

/** `hits` hits then misses, scored one minute apart, as the signal engine would have recorded them. */
const ledger = (strategyId: string, hits: number, trials: number): SignalOutcome[] =>
  Array.from({ length: trials }, (_, i) => ({
    signalId: `${strategyId}:SPY:${i}`,
    strategyId,
    symbol: 'SPY',
    direction: 'long',
    barStart: T0 - (100 - i) * MINUTE,
    scoredBarStart: T0 - (90 - i) * MINUTE,
    referencePrice: '100',
    scoredPrice: i < hits ? '101' : '99',
    hit: i < hits,
  }));

async function setup(entries: RegistryEntry[]) {
  const registry = new InMemoryStrategyRegistry();
  for (const e of entries) await registry.create(e);
  const regimes = new InMemoryCurrentRegimeStore();
  const strategyState = new InMemoryStrategyStateStore();
  const deps: SelectActiveStrategiesDeps = { registry, regimes, strategyState, config: { watchlist: ['SPY', 'IBM'] } };
  return { registry, regimes, strategyState, deps };
}

const DEFAULT: readonly StrategyBinding[] = [{ strategy: smaCrossover({ fast: 5, slow: 20 }) }];
const ids = (bindings: readonly StrategyBinding[]) => bindings.map((b) => [b.strategy.id, b.symbols ?? 'all']);

describe('pre-market strategy selection', () => {
  it('writes nothing with an empty registry, and the engine keeps its default binding', async () => {
    const { deps, strategyState } = await setup([registered('cand', 'candidate'), registered('old', 'paper')].map((e) => (e.strategyId === 'old' ? { ...e, state: 'retired' as const } : e)));
    const result = await selectActiveStrategies(deps, ROUTINE);
    expect(result).toEqual({ kind: 'skipped', reason: expect.stringMatching(/default bindings/) });
    expect(await loadActiveSet(strategyState)).toBeUndefined();
    expect(ids(await activeSetBindings(strategyState, () => DEFAULT)())).toEqual([['sma-crossover-5-20', 'all']]);
  });

  it('selects paper and live entries per symbol by regime and Sharpe and stores a versioned set the engine builds from the catalogue', async () => {
    const { deps, regimes, strategyState } = await setup([
      registered('live-trend', 'live', { symbols: ['SPY', 'IBM'], regimes: ['bull-quiet'], sharpe: 1.5 }),
      registered('paper-rsi', 'paper', { family: 'rsi-reversion', params: { period: 3, entry: 30, exit: 50 }, symbols: [], sharpe: 0.7 }),
      withRecordedSharpe(registered('paper-loser', 'paper'), -0.3),
      registered('broken', 'live', { family: 'no-such-strategy', params: {} }),
    ]);
    await regimes.recordRegime(regime('SPY', 'bull-quiet'));
    await regimes.recordRegime(regime('IBM', 'bear-volatile'));

    const first = await selectActiveStrategies(deps, ROUTINE);
    if (first.kind !== 'selected') throw new Error(first.reason);
    expect(first.version).toBe(1);
    expect(first.set.strategies.map((s) => [s.strategyId, s.registryState, s.symbols])).toEqual([
      ['live-trend', 'live', ['SPY']], // IBM is bear-volatile: not its regime
      ['paper-rsi', 'paper', ['IBM', 'SPY']], // no symbols registered: the watchlist
    ]);
    expect(first.set.symbols['SPY']?.regime).toBe('bull-quiet');
    const ibmExcluded = Object.fromEntries((first.set.symbols['IBM']?.excluded ?? []).map((x) => [x.strategyId, x.reason]));
    expect(ibmExcluded['live-trend']).toBe('regime bear-volatile is not one of bull-quiet');
    const spyExcluded = Object.fromEntries((first.set.symbols['SPY']?.excluded ?? []).map((x) => [x.strategyId, x.reason]));
    expect(spyExcluded['paper-loser']).toBe('recent out-of-sample Sharpe -0.3 is below 0');
    expect(spyExcluded['broken']).toMatch(/unknown strategy "no-such-strategy"/);

    const bindings = await activeSetBindings(strategyState, () => DEFAULT)();
    expect(ids(bindings)).toEqual([['live-trend', ['SPY']], ['paper-rsi', ['IBM', 'SPY']]]);
    expect((await loadActiveSet(strategyState))?.version).toBe(1);
    // The same session again (a redelivered routine): same set, next version.
    const again = await selectActiveStrategies(deps, ROUTINE);
    expect(again.kind === 'selected' && again.version).toBe(2);
    expect(again.kind === 'selected' && again.set.strategies).toEqual(first.set.strategies);
  });

  it('treats a regime older than a week as unknown (the filter is skipped)', async () => {
    const { deps, regimes } = await setup([registered('live-trend', 'live', { regimes: ['bear-quiet'] })]);
    await regimes.recordRegime(regime('SPY', 'bull-quiet', '2023-12-01'));
    const result = await selectActiveStrategies(deps, ROUTINE);
    expect(result.kind === 'selected' && result.set.strategies.map((s) => s.strategyId)).toEqual(['live-trend']);
    expect(result.kind === 'selected' && result.set.symbols['SPY']?.regime).toBeNull();
  });

  it('demotes a live strategy whose live hit rate is significantly below the threshold, and the next bar no longer runs it', async () => {
    const { deps, registry, strategyState } = await setup([registered('failing', 'live', { sharpe: 2 }), registered('steady', 'live', { params: { fast: 2, slow: 4 }, sharpe: 1 })]);
    await recordSignalOutcomes(strategyState, [...ledger('failing', 22, 40)]);
    await recordSignalOutcomes(strategyState, [...ledger('steady', 22, 40)]);
    const clock = new ManualClock(T0);
    const provider = cachedBindings(combineBindingProviders([activeSetBindings(strategyState, () => DEFAULT)]), clock, 60_000);

    expect(await selectActiveStrategies(deps, ROUTINE)).toMatchObject({ kind: 'selected', demotions: [] });
    expect(ids(await provider())).toEqual([['failing', ['SPY']], ['steady', ['SPY']]]);

    // The next day 40 more calls, 10 right: the last 80 hold 32 hits (p ≈ 0.049 < 0.05 against 0.5).
    await recordSignalOutcomes(strategyState, ledger('failing', 10, 40).map((o, i) => ({ ...o, signalId: `day2:${i}`, scoredBarStart: T0 + (i + 1) * MINUTE })));
    const day2 = { sessionDate: '2024-01-03', at: T0 + 86_400_000 };
    const result = await selectActiveStrategies(deps, day2);
    if (result.kind !== 'selected') throw new Error(result.reason);
    expect(result.set.strategies.map((s) => s.strategyId)).toEqual(['steady']);
    expect(result.set.demoted).toEqual([{ strategyId: 'failing', version: 4 }]);
    const demoted = await registry.get('failing');
    expect(demoted?.state).toBe('paper');
    expect(demoted?.history.at(-1)).toMatchObject({ from: 'live', to: 'paper', at: day2.at, evidence: { kind: 'hit-rate-demotion', test: { hits: 32, trials: 80, belowThreshold: true } } });
    expect(result.set.symbols['SPY']?.excluded).toEqual([{ strategyId: 'failing', reason: expect.stringMatching(/^demoted: live hit rate 32\/80 is below 0.5/) }]);

    // Within the TTL the engine still has the old set; after it, the demoted strategy no longer runs.
    clock.set(T0 + 59_999);
    expect(ids(await provider())).toEqual([['failing', ['SPY']], ['steady', ['SPY']]]);
    clock.set(T0 + 60_000);
    const h = harness();
    const strategies = await provider();
    expect(ids(strategies)).toEqual([['steady', ['SPY']]]);
    const b = bar(0, 100);
    h.closeBar(b);
    const ran = await runStrategiesOnBar({ ...h.signalDeps, strategies }, b);
    expect(ran.outcomes.map((o) => o.strategyId)).toEqual(['steady']);

    // A third selection finds it in paper: no second demotion, and it may act on the paper account again.
    const day3 = await selectActiveStrategies(deps, { sessionDate: '2024-01-04', at: T0 + 2 * 86_400_000 });
    expect(day3.kind === 'selected' && day3.demotions).toEqual([]);
    expect(day3.kind === 'selected' && day3.set.strategies.map((s) => [s.strategyId, s.registryState])).toEqual([['steady', 'live'], ['failing', 'paper']]);
  });

  it('reports a demotion that lost a race with an operator and still leaves the strategy out', async () => {
    const { deps, registry, strategyState } = await setup([registered('failing', 'live')]);
    await recordSignalOutcomes(strategyState, ledger('failing', 5, 40));
    const inner = deps.registry;
    // An operator retires it between the selection's read and its write.
    const racing = {
      ...inner,
      list: () => inner.list(),
      get: (id: string) => inner.get(id),
      create: (e: RegistryEntry) => inner.create(e),
      save: async (e: RegistryEntry, v: number) => {
        const current = await inner.get(e.strategyId);
        if (current !== undefined) await inner.save({ ...current, state: 'retired', version: current.version + 1 }, current.version);
        return inner.save(e, v);
      },
    };
    const result = await selectActiveStrategies({ ...deps, registry: racing }, ROUTINE);
    if (result.kind !== 'selected') throw new Error(result.reason);
    expect(result.demotions).toEqual([{ strategyId: 'failing', result: expect.objectContaining({ kind: 'conflict' }) }]);
    expect(result.set.strategies).toEqual([]);
    expect(result.set.demoted).toEqual([]);
    expect((await registry.get('failing'))?.state).toBe('retired');
  });

  it('writes an empty set once one exists and nothing qualifies: the engine then runs nothing, not the default', async () => {
    const { deps, registry, strategyState } = await setup([registered('only', 'paper')]);
    await selectActiveStrategies(deps, ROUTINE);
    const entry = await registry.get('only');
    if (entry === undefined) throw new Error('missing');
    const retired = applyTransition(entry, { to: 'retired', evidence: { kind: 'retirement', principal: OPERATOR, reason: 'superseded' } }, T0 + 1);
    if (retired.kind !== 'applied') throw new Error(retired.reason);
    await registry.save(retired.entry, entry.version);
    const result = await selectActiveStrategies(deps, { sessionDate: '2024-01-03', at: T0 + 86_400_000 });
    expect(result).toMatchObject({ kind: 'selected', version: 2, set: { strategies: [] } });
    expect(await activeSetBindings(strategyState, () => DEFAULT)()).toEqual([]);
  });
});

describe('binding providers', () => {
  it('concatenate in order, the first binding of an id winning', async () => {
    const a = smaCrossover({ fast: 2, slow: 3 });
    const b = smaCrossover({ fast: 3, slow: 5 });
    const provider = combineBindingProviders([async () => [{ strategy: a, symbols: ['SPY'] }], async () => [{ strategy: a }, { strategy: b }]]);
    expect(ids(await provider())).toEqual([[a.id, ['SPY']], [b.id, 'all']]);
  });

  it('cache for the TTL of the clock, refetch when the clock moves back, and do not cache a failure', async () => {
    const clock = new ManualClock(1_000_000);
    let calls = 0;
    let fail = false;
    const provider = cachedBindings(
      async () => {
        calls += 1;
        if (fail) throw new Error('store down');
        return DEFAULT;
      },
      clock,
      60_000,
    );
    await provider();
    clock.advance(59_999);
    await provider();
    expect(calls).toBe(1);
    clock.advance(1);
    await provider();
    expect(calls).toBe(2);
    clock.set(0);
    await provider();
    expect(calls).toBe(3);
    clock.advance(60_000);
    fail = true;
    await expect(provider()).rejects.toThrow('store down');
    fail = false;
    await provider();
    expect(calls).toBe(5);
  });
});
