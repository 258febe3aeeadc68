import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { dailyBarsToBacktestBars, type BacktestBar } from '../../../../layers/core/backtest';
import {
  candidateEvaluator,
  discover,
  discoverInRounds,
  discoverySearch,
  nsga2,
  nsga2Steps,
  planDiscovery,
  type CandidateEvaluation,
  type DiscoveryConfig,
} from '../../../../layers/core/discovery';

let bars: BacktestBar[];

beforeAll(async () => {
  const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
  bars = dailyBarsToBacktestBars(data.bars.filter((b) => b.date >= '2015-01-01' && b.date <= '2016-12-31'));
});

const CONFIG: DiscoveryConfig = { families: ['donchian-breakout', 'rsi-reversion'], budget: 6, seed: 7, trainLength: 100, testLength: 100, holdoutFraction: 0.1 };

describe('discovery in rounds', () => {
  it('stepwise NSGA-II (batches evaluated at once) equals evaluating each genome as it is proposed', () => {
    const problem = { dimensions: 2, evaluate: (g: Float64Array) => [-(((g[0] ?? 0) - 0.3) ** 2), -(((g[1] ?? 0) - 0.7) ** 2)] };
    const direct = nsga2(problem, { budget: 40, seed: 5 });
    const steps = nsga2Steps(problem, { budget: 40, seed: 5 });
    let step = steps.next([]);
    let batches = 0;
    while (step.done !== true) {
      batches += 1;
      step = steps.next(step.value.map((g) => problem.evaluate(g)));
    }
    expect(batches).toBeGreaterThan(1);
    expect(JSON.stringify(step.value, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v))).toBe(
      JSON.stringify(direct, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v)),
    );
  });

  it('each round asks for every searching family at once, never repeats a candidate, and spends exactly the budget', () => {
    const plan = planDiscovery('SPY', bars, CONFIG);
    const evaluate = candidateEvaluator(plan);
    const search = discoverySearch(plan);
    const seen = new Set<string>();
    let step = search.next([]);
    let first = true;
    while (step.done !== true) {
      if (first) expect(new Set(step.value.map((r) => r.family))).toEqual(new Set(CONFIG.families));
      first = false;
      for (const r of step.value) {
        const id = `${r.family}|${r.key}`;
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      }
      step = search.next(step.value.map(evaluate));
    }
    expect(seen.size).toBe(CONFIG.budget * CONFIG.families.length);
    expect(step.value.trials).toBe(seen.size);
  });

  it('refuses an evaluation that answers another candidate', () => {
    const plan = planDiscovery('SPY', bars, CONFIG);
    const evaluate = candidateEvaluator(plan);
    const search = discoverySearch(plan);
    const step = search.next([]);
    if (step.done === true) throw new Error('no round');
    const answers: CandidateEvaluation[] = step.value.map(evaluate);
    const swapped = [answers[1], answers[0], ...answers.slice(2)].filter((a): a is CandidateEvaluation => a !== undefined);
    expect(() => search.next(swapped)).toThrow(/expected/);
  });

  it('an asynchronous round evaluator gives the same result as discover', async () => {
    const plan = planDiscovery('SPY', bars, CONFIG);
    const evaluate = candidateEvaluator(plan);
    const rounds = await discoverInRounds(plan, (requests) => Promise.resolve(requests.map(evaluate)));
    expect(JSON.stringify(rounds)).toBe(JSON.stringify(discover('SPY', bars, CONFIG)));
  });
});
