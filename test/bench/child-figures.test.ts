import { fileURLToPath } from 'node:url';
import { runChildBench } from '../../bench/child-figures';

const FIXTURE = fileURLToPath(new URL('./fixtures/child-bench.ts', import.meta.url));

/** `npm run bench` merges the ML signal-engine figures from a child process: only valid figures get in. */
describe('runChildBench', () => {
  it('hands back the figures the child wrote to --json, baseline and target included', async () => {
    const out = await runChildBench({ entry: FIXTURE, args: ['--mode', 'good'] });
    expect(out.loadAverage1m).toEqual({ atStart: 1.5, atEnd: 2.5 });
    expect(out.figures).toEqual([
      expect.objectContaining({ id: 'fixture.latency', value: 12.5, baseline: { name: 'fixture baseline', value: 7.5 }, target: { goal: 'p99 < 20 ms (fixture)', below: 20 } }),
    ]);
  }, 30_000);

  it('rejects a figure whose value did not survive JSON (NaN → null)', async () => {
    await expect(runChildBench({ entry: FIXTURE, args: ['--mode', 'malformed'] })).rejects.toThrow(/value/);
  }, 30_000);

  it('fails with the exit code when the child fails', async () => {
    await expect(runChildBench({ entry: FIXTURE, args: ['--mode', 'crash'] })).rejects.toThrow(/exited with 3/);
  }, 30_000);
});
