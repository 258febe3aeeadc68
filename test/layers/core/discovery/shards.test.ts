import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { dailyBarsToBacktestBars, type BacktestBar } from '../../../../layers/core/backtest';
import {
  candidateEvaluator,
  collectRound,
  discover,
  DiscoveryShardError,
  planDiscovery,
  replayDiscovery,
  shardBounds,
  type CandidateEvaluation,
  type DiscoveryConfig,
  type ShardEvaluations,
} from '../../../../layers/core/discovery';

let bars: BacktestBar[];

beforeAll(async () => {
  const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
  bars = dailyBarsToBacktestBars(data.bars.filter((b) => b.date >= '2015-01-01' && b.date <= '2016-12-31'));
});

const CONFIG: DiscoveryConfig = { families: ['donchian-breakout', 'rsi-reversion'], budget: 10, seed: 3, trainLength: 100, testLength: 100, holdoutFraction: 0 };

/** Cuts a round's evaluations into its shards as the array children would write them. */
const shardsOf = (evaluations: readonly CandidateEvaluation[], shardCount: number): ShardEvaluations[] =>
  Array.from({ length: shardCount }, (_, shard) => {
    const { start, end } = shardBounds(evaluations.length, shardCount, shard);
    return { shard, evaluations: evaluations.slice(start, end) };
  });

describe('discovery shards and rounds', () => {
  it('shards cover every candidate exactly once, contiguously, for any count and shard count', () => {
    for (const count of [0, 1, 2, 7, 10, 33]) {
      for (const shards of [1, 2, 3, 4, 8, 40]) {
        const covered = new Int32Array(count);
        let previousEnd = 0;
        for (let i = 0; i < shards; i += 1) {
          const { start, end } = shardBounds(count, shards, i);
          expect(start).toBe(previousEnd);
          expect(end - start).toBeLessThanOrEqual(Math.ceil(count / shards));
          for (let k = start; k < end; k += 1) covered[k] = (covered[k] ?? 0) + 1;
          previousEnd = end;
        }
        expect(previousEnd).toBe(count);
        expect(Array.from(covered).every((c) => c === 1)).toBe(true);
      }
    }
    expect(() => shardBounds(5, 2, 2)).toThrow(RangeError);
  });

  it('a replay answered round by round from shard files ends with exactly the result of discover', () => {
    const plan = planDiscovery('SPY', bars, CONFIG);
    const evaluate = candidateEvaluator(plan);
    const answered: CandidateEvaluation[][] = [];
    for (;;) {
      const step = replayDiscovery(plan, answered);
      if (step.kind === 'done') {
        expect(step.rounds).toBe(answered.length);
        expect(JSON.stringify(step.result)).toBe(JSON.stringify(discover('SPY', bars, CONFIG)));
        break;
      }
      expect(step.round).toBe(answered.length);
      answered.push(collectRound(step.requests, shardsOf(step.requests.map(evaluate), 3), 3));
    }
    expect(answered.length).toBeGreaterThan(1);
  });

  it('refuses a round with a shard missing, a shard twice, a candidate twice or a foreign candidate', () => {
    const plan = planDiscovery('SPY', bars, CONFIG);
    const step = replayDiscovery(plan, []);
    if (step.kind !== 'pending') throw new Error('expected a first round');
    const evaluations = step.requests.map(candidateEvaluator(plan));
    const shards = shardsOf(evaluations, 3);
    const [s0, s1, s2] = shards;
    if (s0 === undefined || s1 === undefined || s2 === undefined) throw new Error('three shards expected');
    expect(collectRound(step.requests, shards, 3)).toHaveLength(step.requests.length);
    expect(() => collectRound(step.requests, [s0, s2], 3)).toThrow(/shard 1 of 3 missing/);
    expect(() => collectRound(step.requests, [s0, s1, s2, s1], 3)).toThrow(/delivered twice/);
    const first = s0.evaluations[0];
    if (first === undefined) throw new Error('shard 0 is empty');
    expect(() => collectRound(step.requests, [s0, { shard: 1, evaluations: [first, ...s1.evaluations.slice(1)] }, s2], 3)).toThrow(DiscoveryShardError);
    expect(() => collectRound(step.requests, [s0, { shard: 1, evaluations: s1.evaluations.slice(1) }, s2], 3)).toThrow(/answered/);
    expect(() => collectRound(step.requests, [...shards, { shard: 3, evaluations: [] }], 3)).toThrow(/outside/);
  });
});
