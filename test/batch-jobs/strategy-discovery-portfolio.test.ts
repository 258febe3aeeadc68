import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEvaluation, encodeEvaluation, resultJson } from '../../batch-jobs/strategy-discovery/codec';
import { discoveryConfigOf, runStrategyDiscovery } from '../../batch-jobs/strategy-discovery/job';
import { loadLeanDailyData } from '../../layers/adapters/files';
import { DiscoveryShardResultV1, DiscoverySpecV1, PORTFOLIO_DISCOVERY_FAMILIES, type DiscoverySpecInputV1 } from '../../layers/contracts/discovery';
import { dailyBarsToBacktestBars, type BacktestBar } from '../../layers/core/backtest';
import { candidateEvaluator, discoverOnPlan, planUniverseDiscovery } from '../../layers/core/discovery';
import { adjustBars } from '../../layers/core/market';
import { PORTFOLIO_STRATEGY_NAMES } from '../../layers/core/strategies';

/**
 * The strategy-discovery job with a portfolio family: the spec's `symbols` universe, candidates passed by family
 * name + params through the round and shard files, the same result as `tradeloop discover --symbols A,B`.
 * Tiny budget: Jest runs the event engine about 10× slower than node.
 */
const DATA_DIR = join(__dirname, '..', '..', 'data');

const SPEC: DiscoverySpecInputV1 = {
  schema: 'DiscoverySpecV1',
  symbol: 'GOOG',
  symbols: ['GOOG', 'GOOGL'],
  families: ['pairs'],
  period: { from: '2015-01-01', to: '2016-12-31' },
  budget: 3,
  seed: 5,
  warmup: 100,
  testLength: 100,
  holdout: 0.1,
  shards: 2,
};

async function universeOf(spec: DiscoverySpecV1): Promise<Map<string, readonly BacktestBar[]>> {
  const universe = new Map<string, readonly BacktestBar[]>();
  for (const symbol of spec.symbols ?? [spec.symbol]) {
    const data = await loadLeanDailyData(DATA_DIR, symbol);
    universe.set(symbol, dailyBarsToBacktestBars(adjustBars(data.bars, data.factors, spec.data.adjust).filter((b) => b.date >= spec.period.from && b.date <= spec.period.to)));
  }
  return universe;
}

describe('strategy-discovery job, portfolio families', () => {
  const spec = DiscoverySpecV1.parse(SPEC);

  it('accepts every portfolio strategy as a family, and a universe only when it includes the symbol', async () => {
    expect([...PORTFOLIO_DISCOVERY_FAMILIES]).toEqual([...PORTFOLIO_STRATEGY_NAMES]);
    expect(DiscoverySpecV1.safeParse({ ...SPEC, symbols: ['GOOGL', 'BAC'] }).success).toBe(false);
    expect(DiscoverySpecV1.safeParse({ ...SPEC, symbols: ['GOOG', 'GOOG'] }).success).toBe(false);
    // A spec written before `symbols` existed parses unchanged.
    const { symbols: _s, ...old } = SPEC;
    expect(DiscoverySpecV1.parse(old).symbols).toBeUndefined();
    const example = JSON.parse(await readFile(join(__dirname, '..', '..', 'batch-jobs', 'strategy-discovery', 'examples', 'goog-googl-pairs.json'), 'utf8')) as unknown;
    expect(DiscoverySpecV1.parse(example).symbols).toEqual(['GOOG', 'GOOGL']);
  });

  it('a portfolio candidate round-trips through a shard file bit for bit', async () => {
    const plan = planUniverseDiscovery(await universeOf(spec), discoveryConfigOf(spec));
    const evaluation = candidateEvaluator(plan)({ family: 'pairs', params: { formation: 40, entry: 1.2, exit: 0.2, stop: 4 }, key: 'entry=1.2,exit=0.2,formation=40,stop=4' });
    expect(evaluation.returns.some((r) => r !== 0)).toBe(true);
    const file = JSON.parse(resultJson({ schema: 'DiscoveryShardResultV1', round: 0, shard: 0, shardCount: 1, evaluations: [encodeEvaluation(evaluation)] })) as unknown;
    const back = decodeEvaluation(DiscoveryShardResultV1.parse(file).evaluations[0] ?? encodeEvaluation(evaluation));
    expect(back.family).toBe('pairs');
    expect(back.params).toEqual(evaluation.params);
    expect(Array.from(back.returns)).toEqual(Array.from(evaluation.returns));
    expect(back.objectives).toEqual(evaluation.objectives);
  });

  it('--local runs the universe through rounds and shards with the same result as discovery in one process', async () => {
    const expected = JSON.parse(resultJson(discoverOnPlan(planUniverseDiscovery(await universeOf(spec), discoveryConfigOf(spec))))) as unknown;
    const dir = await mkdtemp(join(tmpdir(), 'discovery-portfolio-'));
    try {
      const lines: string[] = [];
      const code = await runStrategyDiscovery(['--spec', join(dir, 'spec.json'), '--local', '--init-spec', JSON.stringify(SPEC)], { ...process.env, AWS_BATCH_JOB_ARRAY_INDEX: undefined, AWS_BATCH_JOB_ARRAY_SIZE: undefined }, (line) => lines.push(line));
      expect(lines.filter((l) => !l.startsWith('{'))).toEqual([]);
      expect(code).toBe(0);
      const written = JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')) as { result: { symbol: string; trials: number }; provenance: { dataFiles: { path: string }[] } };
      expect(written.result).toEqual(expected);
      expect(written.result.symbol).toBe('GOOG,GOOGL');
      expect(written.result.trials).toBe(3);
      expect(written.provenance.dataFiles.map((f) => f.path)).toEqual(expect.arrayContaining([expect.stringMatching(/goog\.zip$/), expect.stringMatching(/googl\.zip$/)]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a per-symbol family on a universe of several symbols with exit code 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'discovery-portfolio-'));
    try {
      const lines: string[] = [];
      const code = await runStrategyDiscovery(['--spec', join(dir, 'spec.json'), '--local', '--init-spec', JSON.stringify({ ...SPEC, families: ['donchian-breakout'] })], { ...process.env, AWS_BATCH_JOB_ARRAY_INDEX: undefined, AWS_BATCH_JOB_ARRAY_SIZE: undefined }, (line) => lines.push(line));
      expect(code).toBe(2);
      expect(lines.join('\n')).toMatch(/one symbol at a time/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
