import { DynamoBacktestRunStore } from '../../../../../layers/adapters/aws/dynamo/backtest-runs';
import type { BacktestRunRecord } from '../../../../../layers/core/sweep';
import { provisionLocalResources } from '../../../../../local/provision';

/** The run store's transitions on dynalite: conditional writes only, terminal states stay terminal. */
describe('DynamoBacktestRunStore', () => {
  let store: DynamoBacktestRunStore;
  beforeAll(async () => {
    const resources = await provisionLocalResources({ prefix: `btruns${Date.now().toString(36)}-` });
    store = new DynamoBacktestRunStore(resources.tables['backtest-runs']);
  });
  const record = (runId: string): BacktestRunRecord => ({
    runId, status: 'queued', specHash: 'a'.repeat(64), specUri: 's3://b/k', runUri: 's3://b/', shardCount: 2, caseCount: 4, createdAt: 10, updatedAt: 10, attempt: 1,
  });
  const summary = {
    caseCount: 1,
    rankBy: 'sharpe' as const,
    best: { case: 0, parameterSet: 0, params: { period: 5 }, symbol: 'SPY', bars: 10, metrics: { totalReturn: 0.1, sharpe: null, maxDrawdown: 0, trades: 2, finalEquity: 110 }, rank: 1 },
    top: [],
  };

  it('claims once; the second claim sees the first record', async () => {
    expect(await store.claim(record('bt-000000000000000000000001'))).toEqual({ kind: 'claimed' });
    expect(await store.claim({ ...record('bt-000000000000000000000001'), specHash: 'b'.repeat(64) })).toEqual({ kind: 'exists', record: record('bt-000000000000000000000001') });
  });

  it('moves queued → running → succeeded and never back, nor to failed', async () => {
    const id = 'bt-000000000000000000000002';
    await store.claim(record(id));
    await store.recordLaunch(id, 1, { kind: 'local', pid: 42, host: 'h' }, 11);
    await expect(store.recordLaunch(id, 1, { kind: 'local', pid: 43, host: 'h' }, 12)).rejects.toThrow(/another attempt or launch/);
    await store.markRunning(id, 12);
    await store.markSucceeded(id, summary, 13);
    await store.markRunning(id, 14);
    await store.markFailed(id, 'late crash report', 15);
    expect(await store.get(id)).toMatchObject({ status: 'succeeded', summary, updatedAt: 13, launch: { pid: 42 } });
    expect(await store.get(id)).not.toHaveProperty('error');
  });

  it('re-claims a run only if it never launched, once per attempt', async () => {
    const id = 'bt-000000000000000000000003';
    await store.claim(record(id));
    expect(await store.reclaimUnlaunched(id, 1, 20, 5)).toBe(false); // queued and fresh: someone is launching it
    await store.markFailed(id, 'launch failed: boom', 21);
    const [a, b] = await Promise.all([store.reclaimUnlaunched(id, 1, 22, 5), store.reclaimUnlaunched(id, 1, 22, 5)]);
    expect([a, b].sort()).toEqual([false, true]);
    expect(await store.get(id)).toMatchObject({ status: 'queued', attempt: 2 });
    expect(await store.get(id)).not.toHaveProperty('error');
    await store.recordLaunch(id, 2, { kind: 'batch', shardJobId: 's', reducerJobId: 'r' }, 23);
    await store.markFailed(id, 'shard 1: out of memory', 24);
    expect(await store.reclaimUnlaunched(id, 2, 25, 100)).toBe(false); // it launched: a job failure is final
  });
});
