import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RISK_LIMITS, RiskLimitsV1, type BarClosedV1 } from '../../../../layers/contracts';
import { effectiveLimits } from '../../../../layers/core/risk';
import {
  exitStateKey,
  runStrategiesOnBar,
  verifyOrderIntent,
  type PositionExitState,
  type SignalEngineDeps,
} from '../../../../layers/core/trading';
import { ACCOUNT, bar, harness, MINUTE, SESSION_OPEN } from './harness';

const ohlc = (i: number, high: number, low: number, close: number): BarClosedV1 => ({ ...bar(i, close), open: close, high, low });

/** The harness with the limits store wired into the signal engine and the exit rules set on the account policy. */
async function setup(exitRules: RiskLimitsV1['exitRules'], opts: { withStrategy?: boolean } = {}) {
  const h = harness();
  if (exitRules !== undefined) {
    const stored = await h.limits.putLimits(ACCOUNT, { ...DEFAULT_RISK_LIMITS, exitRules }, 0, { changedBy: 'test', reason: 'exit rules', changedAt: SESSION_OPEN });
    expect(stored.kind).toBe('stored');
  }
  const deps: SignalEngineDeps = { ...h.signalDeps, limits: h.limits, ...(opts.withStrategy === true ? {} : { strategies: [] }) };
  const run = async (b: BarClosedV1) => {
    h.closeBar(b);
    return runStrategiesOnBar(deps, b);
  };
  const exitState = async () => (await h.strategyState.load<PositionExitState>(exitStateKey(ACCOUNT), 'SPY'))?.state;
  return { h, deps, run, exitState };
}

describe('signal engine: exit rules (stop loss, trailing, time stop, take profit)', () => {
  it('does nothing without exit rules in the policy (the default): no state, no intent', async () => {
    const { h, run } = await setup(undefined);
    h.broker.setPosition('SPY', '10', '100');
    const result = await run(ohlc(0, 100, 50, 60));
    expect(result.exit).toEqual({ kind: 'off' });
    expect(h.intents.take()).toEqual([]);
    expect(await h.strategyState.load(exitStateKey(ACCOUNT), 'SPY')).toBeUndefined();
    expect(DEFAULT_RISK_LIMITS.exitRules).toBeUndefined();
  });

  it('fires a stop loss once, with a deterministic intent, and re-arms after the position changes', async () => {
    const { h, run, exitState } = await setup({ stopLossPct: 0.02 });
    h.broker.setPosition('SPY', '10', '100');
    expect((await run(ohlc(0, 100.5, 99, 100))).exit.kind).toBe('held');
    const fired = await run(ohlc(1, 99, 97.5, 98.5));
    expect(fired.exit).toMatchObject({ kind: 'exit', replayed: false, stored: true, fired: { rule: 'stopLoss', level: 98 } });
    const start1 = SESSION_OPEN + MINUTE;
    const [intent, ...more] = h.intents.take();
    expect(more).toEqual([]);
    expect(intent).toMatchObject({
      intentId: `${ACCOUNT}:risk-exit:exit-stopLoss:SPY:${start1}`,
      strategyId: 'risk-exit',
      side: 'sell',
      quantity: '10',
      orderType: 'market',
      referencePrice: '98.5',
    });
    const [record] = await h.signals.recent('risk-exit', 10);
    expect(record).toMatchObject({ signalId: `risk-exit:exit-stopLoss:SPY:${start1}`, direction: 'flat' });
    expect(record?.reason).toMatch(/^stopLoss: stop loss: long from 100 crossed 98\.0000/);

    // The exit order is in flight (the broker still holds 10): a lower bar does not send another.
    expect((await run(ohlc(2, 98, 96, 97))).exit).toMatchObject({ kind: 'exit-pending', fired: { rule: 'stopLoss', barStart: start1 } });
    expect(h.intents.take()).toEqual([]);

    // Filled: flat, the tracking is cleared; a new position is judged from its own entry.
    h.broker.setPosition('SPY', '0', '0');
    expect((await run(ohlc(3, 97, 96, 96.5))).exit.kind).toBe('flat');
    expect((await exitState())?.position).toBeUndefined();
    h.broker.setPosition('SPY', '5', '96');
    expect((await run(ohlc(4, 96.5, 95.5, 96))).exit).toMatchObject({ kind: 'held', position: { averageEntryPrice: '96', openedAt: SESSION_OPEN + 4 * MINUTE } });
    expect((await run(ohlc(5, 96, 94, 94.5))).exit).toMatchObject({ kind: 'exit', fired: { rule: 'stopLoss' } });
    expect(h.intents.take()).toMatchObject([{ side: 'sell', quantity: '5', intentId: `${ACCOUNT}:risk-exit:exit-stopLoss:SPY:${SESSION_OPEN + 5 * MINUTE}` }]);
  });

  it('a re-delivered exit bar replays the same intent id; an older bar is ignored', async () => {
    const { h, run } = await setup({ stopLossPct: 0.02 });
    h.broker.setPosition('SPY', '-10', '100');
    await run(ohlc(0, 100, 99.5, 100));
    const first = await run(ohlc(1, 102.5, 100, 102));
    expect(first.exit).toMatchObject({ kind: 'exit', replayed: false, fired: { rule: 'stopLoss' } });
    const replay = await run(ohlc(1, 102.5, 100, 102));
    expect(replay.exit).toMatchObject({ kind: 'exit', replayed: true, stored: false });
    const sent = h.intents.take();
    expect(sent).toHaveLength(2);
    expect(sent[0]?.side).toBe('buy'); // closing a short
    expect(sent[1]).toEqual(sent[0]);
    expect((await run(ohlc(0, 100, 99.5, 100))).exit.kind).toBe('ignored');
    expect(h.intents.take()).toEqual([]);
  });

  it('ratchets the trailing stop with the best price since entry (check, then ratchet)', async () => {
    const { h, run, exitState } = await setup({ trailingStopPct: 0.05 });
    h.broker.setPosition('SPY', '10', '100');
    expect((await run(ohlc(0, 100, 99, 100))).exit.kind).toBe('held');
    expect((await run(ohlc(1, 110, 100, 110))).exit.kind).toBe('held');
    expect((await exitState())?.position?.watermark).toBe(110);
    // Low 105 is above 110 × 0.95 = 104.5 (the watermark before this bar), then the watermark moves to 120.
    expect((await run(ohlc(2, 120, 105, 119))).exit.kind).toBe('held');
    expect((await exitState())?.position?.watermark).toBe(120);
    expect((await run(ohlc(3, 119, 114.5, 115))).exit.kind).toBe('held'); // level 114
    const fired = await run(ohlc(4, 115, 113.9, 114));
    expect(fired.exit).toMatchObject({ kind: 'exit', fired: { rule: 'trailingStop', level: 114 } });
    expect(h.intents.take()).toMatchObject([{ intentId: `${ACCOUNT}:risk-exit:exit-trailingStop:SPY:${SESSION_OPEN + 4 * MINUTE}`, side: 'sell', quantity: '10' }]);
  });

  it('time stop: exits at the close of the first bar ending maxHoldingMinutes after the position was first seen', async () => {
    const { h, run } = await setup({ maxHoldingMinutes: 3 });
    h.broker.setPosition('SPY', '10', '100');
    expect((await run(ohlc(0, 100, 100, 100))).exit.kind).toBe('held');
    expect((await run(ohlc(1, 100, 100, 100))).exit.kind).toBe('held');
    expect((await run(ohlc(2, 101, 101, 101))).exit).toMatchObject({ kind: 'exit', fired: { rule: 'timeStop', level: 101 } });
  });

  it('take profit, and the exit intent passes pre-trade verification', async () => {
    const { h, run } = await setup({ takeProfitPct: 0.03, stopLossPct: 0.5 });
    h.broker.setPosition('SPY', '10', '100');
    await run(ohlc(0, 101, 100, 101));
    expect((await run(ohlc(1, 103.5, 101, 103))).exit).toMatchObject({ kind: 'exit', fired: { rule: 'takeProfit', level: 103 } });
    const [intent] = h.intents.take();
    if (intent === undefined) throw new Error('no exit intent');
    const verdict = await verifyOrderIntent(h.verifyDeps, intent);
    expect(verdict.kind).toBe('approved');
  });

  it('on the exit bar the strategies still run and record their signal, but nothing is sized against the closing position', async () => {
    const { h, run } = await setup({ maxHoldingMinutes: 4 }, { withStrategy: true });
    h.broker.setPosition('SPY', '10', '100');
    for (const [i, close] of [100, 100, 100].entries()) await run(bar(i, close));
    h.intents.take();
    const last = await run(bar(3, 101));
    expect(last?.exit).toMatchObject({ kind: 'exit', fired: { rule: 'timeStop' } });
    expect(last?.outcomes).toMatchObject([{ kind: 'signal', signal: { direction: 'long' }, sizing: { kind: 'no-trade', targetQuantity: '0' } }]);
    expect(h.intents.take().map((i) => i.strategyId)).toEqual(['risk-exit']);
  });

  it('the policy block is optional and strict: an old policy parses unchanged, a typo is rejected', () => {
    const { exitRules: _absent, ...old } = DEFAULT_RISK_LIMITS;
    expect(RiskLimitsV1.parse(old)).toEqual(DEFAULT_RISK_LIMITS);
    expect(RiskLimitsV1.safeParse({ ...DEFAULT_RISK_LIMITS, exitRules: { stopLossPct: 0.02 } }).success).toBe(true);
    expect(RiskLimitsV1.safeParse({ ...DEFAULT_RISK_LIMITS, exitRules: { stopLoss: 0.02 } }).success).toBe(false);
    expect(RiskLimitsV1.safeParse({ ...DEFAULT_RISK_LIMITS, exitRules: { stopLossPct: 0 } }).success).toBe(false);
  });

  it('a strategy override can only tighten the exit rules', () => {
    const policy: RiskLimitsV1 = { ...DEFAULT_RISK_LIMITS, exitRules: { stopLossPct: 0.05, maxHoldingMinutes: 60 }, strategyOverrides: { s: { exitRules: { stopLossPct: 0.1, trailingStopPct: 0.02, maxHoldingMinutes: 30 } } } };
    expect(effectiveLimits(policy, 's').exitRules).toEqual({ stopLossPct: 0.05, trailingStopPct: 0.02, maxHoldingMinutes: 30 });
  });
});
