import { exitCodeFor } from '../../bin/cli/program';
import { runCli } from './support';

// Tiny on purpose: two years of SPY, budget 4 per family (Jest runs numeric loops ~10× slower than node).
const CASE = ['discover', '--families', 'donchian-breakout,rsi-reversion', '--symbols', 'SPY', '--from', '2015-01-01', '--to', '2016-12-31', '--budget', '4', '--seed', '5', '--warmup', '100', '--test-length', '100', '--holdout', '0.1', '--json'];

/** The JSON without what legitimately differs between two runs (time taken; provenance carries the config, which now names the workers). */
const comparable = (stdout: string): unknown => {
  const { seconds: _s, provenance: _p, ...rest } = JSON.parse(stdout) as Record<string, unknown>;
  return rest;
};

describe('tradeloop discover --workers', () => {
  it('on 2 worker threads gives the same result as on 1 for the same seed', async () => {
    const one = await runCli([...CASE, '--workers', '1']);
    const two = await runCli([...CASE, '--workers', '2']);
    expect(one.error).toBeUndefined();
    expect(two.error).toBeUndefined();
    expect((JSON.parse(two.stdout) as { trials: number }).trials).toBe(8);
    expect(comparable(two.stdout)).toEqual(comparable(one.stdout));
  });

  it('a portfolio family on a universe: 2 worker threads give the same result as 1', async () => {
    const portfolio = ['discover', '--families', 'pairs', '--symbols', 'GOOG,GOOGL', '--from', '2015-01-01', '--to', '2016-12-31', '--budget', '3', '--seed', '5', '--warmup', '100', '--test-length', '100', '--holdout', '0', '--json'];
    const one = await runCli([...portfolio, '--workers', '1']);
    const two = await runCli([...portfolio, '--workers', '2']);
    expect(one.error).toBeUndefined();
    expect(two.error).toBeUndefined();
    expect((JSON.parse(two.stdout) as { symbol: string; trials: number }).symbol).toBe('GOOG,GOOGL');
    expect(comparable(two.stdout)).toEqual(comparable(one.stdout));
  });

  it('refuses a worker count outside 1..64 with exit code 2', async () => {
    const r = await runCli([...CASE, '--workers', '0']);
    expect(exitCodeFor(r.error)).toBe(2);
  });
});
