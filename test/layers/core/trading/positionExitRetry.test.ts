import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RISK_LIMITS, type BarClosedV1, type RiskLimitsV1 } from '../../../../layers/contracts';
import { clientOrderIdFor } from '../../../../layers/core/execution';
import { exitStateKey, runStrategiesOnBar, type PositionExitState, type SignalEngineDeps } from '../../../../layers/core/trading';
import { EXIT_RETRY } from '../../../../layers/core/trading/positionExits';
import { ACCOUNT, bar, harness, MINUTE, SESSION_OPEN } from './harness';

const ohlc = (i: number, high: number, low: number, close: number): BarClosedV1 => ({ ...bar(i, close), open: close, high, low });

async function setup(exitRules: NonNullable<RiskLimitsV1['exitRules']>) {
  const h = harness();
  await h.limits.putLimits(ACCOUNT, { ...DEFAULT_RISK_LIMITS, exitRules }, 0, { changedBy: 'test', reason: 'exit rules', changedAt: SESSION_OPEN });
  const deps: SignalEngineDeps = { ...h.signalDeps, limits: h.limits, strategies: [] };
  const run = async (b: BarClosedV1) => {
    h.closeBar(b);
    return (await runStrategiesOnBar(deps, b)).exit;
  };
  const exitState = async () => (await h.strategyState.load<PositionExitState>(exitStateKey(ACCOUNT), 'SPY'))?.state;
  return { h, run, exitState };
}

describe('exit retries after a rejected exit', () => {
  it('retries on later bars with a doubling, bounded backoff, a new deterministic intent per attempt, each recorded', async () => {
    const { h, run, exitState } = await setup({ stopLossPct: 0.02 });
    h.broker.setPosition('SPY', '10', '100');
    await run(ohlc(0, 100, 99.5, 100));
    expect(await run(ohlc(1, 99, 97.5, 98))).toMatchObject({ kind: 'exit', attempt: 1 });
    // Nothing reaches the broker (every attempt is rejected before it): the position never changes.
    const attemptBars: number[] = [1];
    for (let i = 2; i <= 60; i += 1) {
      const outcome = await run(ohlc(i, 98, 97, 97.5 - i / 100));
      if (outcome.kind === 'exit') attemptBars.push(i);
      else expect(outcome.kind).toBe('exit-pending');
    }
    // Delays of 2, 4, 8 and 16 minutes after attempts 1..4; five attempts in all, then the exit waits.
    expect(attemptBars).toEqual([1, 3, 7, 15, 31]);
    expect(await run(ohlc(61, 98, 97, 97))).toMatchObject({ kind: 'exit-pending', exhausted: true });

    const sent = h.intents.take();
    const first = `${ACCOUNT}:risk-exit:exit-stopLoss:SPY:${SESSION_OPEN + MINUTE}`;
    expect(sent.map((i) => i.intentId)).toEqual([first, ...[3, 7, 15, 31].map((b, k) => `${ACCOUNT}:risk-exit:exit-stopLoss:SPY:${SESSION_OPEN + b * MINUTE}:a${k + 2}`)]);
    expect(sent.map((i) => i.exit?.attempt)).toEqual([1, 2, 3, 4, 5]);
    // Each retry is priced and stamped on its own bar (the stale-data check would refuse the first one's).
    expect(sent[1]).toMatchObject({ side: 'sell', quantity: '10', referencePrice: '97.47', marketDataAt: SESSION_OPEN + 4 * MINUTE });
    const state = await exitState();
    expect(state?.fired?.attempts?.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(state?.fired?.rule).toBe('stopLoss');
    const records = await h.signals.recent('risk-exit', 10);
    expect(records).toHaveLength(5);
    expect(records.map((r) => r.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/^stopLoss \(attempt 3\): stop loss/)]));
  });

  it('does not retry while the attempt works at the broker; retries once it is canceled unfilled; a re-delivered retry bar replays it', async () => {
    const { h, run } = await setup({ stopLossPct: 0.02 });
    h.broker.setPosition('SPY', '10', '100');
    await run(ohlc(0, 100, 99.5, 100));
    await run(ohlc(1, 99, 97.5, 98));
    const [attempt1] = h.intents.take();
    if (attempt1 === undefined) throw new Error('no exit');
    await h.broker.submitOrder({ clientOrderId: clientOrderIdFor(attempt1.intentId), symbol: 'SPY', side: 'sell', orderType: 'market', timeInForce: 'day', quantity: '10' });
    for (let i = 2; i <= 5; i += 1) expect(await run(ohlc(i, 98, 97, 97.5))).toMatchObject({ kind: 'exit-pending' });
    await h.broker.updateOrder(clientOrderIdFor(attempt1.intentId), 'canceled');
    expect(await run(ohlc(6, 98, 97, 97.5))).toMatchObject({ kind: 'exit', attempt: 2, replayed: false });
    expect(await run(ohlc(6, 98, 97, 97.5))).toMatchObject({ kind: 'exit', attempt: 2, replayed: true, stored: false });
    const sent = h.intents.take();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
  });

  it('a filled exit changes the position: no retry, the tracking ends', async () => {
    const { h, run } = await setup({ stopLossPct: 0.02 });
    h.broker.setPosition('SPY', '10', '100');
    await run(ohlc(0, 100, 99.5, 100));
    await run(ohlc(1, 99, 97.5, 98));
    h.broker.setPosition('SPY', '0', '0');
    expect(await run(ohlc(3, 98, 97, 97.5))).toEqual({ kind: 'flat' });
    expect(h.intents.take()).toHaveLength(1);
  });

  it('an exit stored before retries existed (no attempts) counts as attempt 1 and is retried', async () => {
    const { h, run } = await setup({ stopLossPct: 0.02 });
    h.broker.setPosition('SPY', '10', '100');
    await run(ohlc(0, 100, 99.5, 100));
    await run(ohlc(1, 99, 97.5, 98));
    const [intent] = h.intents.take();
    const key = exitStateKey(ACCOUNT);
    const stored = await h.strategyState.load<PositionExitState>(key, 'SPY');
    if (stored === undefined || stored.state.fired === undefined || intent === undefined) throw new Error('no exit state');
    const { attempts: _new, ...oldFired } = stored.state.fired;
    const { openedFrom: _also, ...oldState } = stored.state;
    expect(await h.strategyState.save({ ...stored, state: { ...oldState, fired: oldFired } }, stored.version)).toBe(true);
    expect(await run(ohlc(3, 98, 97, 97.5))).toMatchObject({ kind: 'exit', attempt: 2, fired: { attempts: [{ attempt: 1, intentId: intent.intentId }, { attempt: 2 }] } });
  });

  it('retries are bounded by EXIT_RETRY', () => {
    expect(EXIT_RETRY.maxAttempts).toBe(5);
    expect([1, 2, 3, 4, 5, 6].map((k) => EXIT_RETRY.delayMs(k) / MINUTE)).toEqual([2, 4, 8, 16, 16, 16]);
  });
});

describe('entry time from the broker fills', () => {
  it('a time stop counts from the fill that opened the position, not from the first bar it was seen on', async () => {
    const { h, run, exitState } = await setup({ maxHoldingMinutes: 3 });
    h.broker.fillMode = 'fill';
    h.clock.set(SESSION_OPEN + 30_000);
    await h.broker.submitOrder({ clientOrderId: 'entry-1', symbol: 'SPY', side: 'buy', orderType: 'market', timeInForce: 'day', quantity: '10' });
    // First seen on bar 3 (09:33): held since 09:30:30, so the bar ending 09:34 is past 3 minutes.
    expect(await run(ohlc(3, 101, 101, 101))).toMatchObject({ kind: 'exit', fired: { rule: 'timeStop' } });
    expect(await exitState()).toMatchObject({ openedFrom: 'broker-fill', position: { openedAt: SESSION_OPEN + 30_000 } });
  });

  it('walks back through partial closes and adds to find the opening fill; without fills it falls back to the first bar', async () => {
    const { h, run, exitState } = await setup({ maxHoldingMinutes: 600 });
    h.broker.fillMode = 'fill';
    h.clock.set(SESSION_OPEN - 60 * MINUTE);
    await h.broker.submitOrder({ clientOrderId: 'old-long', symbol: 'SPY', side: 'buy', orderType: 'market', timeInForce: 'day', quantity: '5' });
    h.clock.set(SESSION_OPEN - 50 * MINUTE);
    await h.broker.submitOrder({ clientOrderId: 'old-close', symbol: 'SPY', side: 'sell', orderType: 'market', timeInForce: 'day', quantity: '5' });
    h.clock.set(SESSION_OPEN - 20 * MINUTE);
    await h.broker.submitOrder({ clientOrderId: 'open', symbol: 'SPY', side: 'buy', orderType: 'market', timeInForce: 'day', quantity: '8' });
    h.clock.set(SESSION_OPEN - 10 * MINUTE);
    await h.broker.submitOrder({ clientOrderId: 'add', symbol: 'SPY', side: 'buy', orderType: 'market', timeInForce: 'day', quantity: '4' });
    h.clock.set(SESSION_OPEN - 5 * MINUTE);
    await h.broker.submitOrder({ clientOrderId: 'trim', symbol: 'SPY', side: 'sell', orderType: 'market', timeInForce: 'day', quantity: '2' });
    await run(ohlc(0, 101, 101, 101));
    expect(await exitState()).toMatchObject({ openedFrom: 'broker-fill', position: { quantity: '10', openedAt: SESSION_OPEN - 20 * MINUTE } });

    const other = await setup({ maxHoldingMinutes: 600 });
    other.h.broker.setPosition('SPY', '10', '100');
    await other.run(ohlc(2, 101, 101, 101));
    expect(await other.exitState()).toMatchObject({ openedFrom: 'first-bar', position: { openedAt: SESSION_OPEN + 2 * MINUTE } });
  });
});
