import { OrderIntentV1 } from '../../../../layers/contracts';
import { evaluateExitRules, exitIntent, type ExitPositionState } from '../../../../layers/core/risk';

const long: ExitPositionState = { symbol: 'SPY', quantity: '10', averageEntryPrice: '100', openedAt: 0 };
const short: ExitPositionState = { ...long, quantity: '-10' };
const bar = (high: number, low: number, close: number, start = 60_000) => ({ symbol: 'SPY', start, high, low, close });

describe('evaluateExitRules', () => {
  it('stop loss and take profit for a long and a short', () => {
    expect(evaluateExitRules(long, bar(101, 97.9, 98), { stopLossPct: 0.02 }).exit).toMatchObject({ rule: 'stopLoss', level: 98 });
    expect(evaluateExitRules(long, bar(101, 98.1, 99), { stopLossPct: 0.02 }).exit).toBeUndefined();
    expect(evaluateExitRules(long, bar(103, 100, 102), { takeProfitPct: 0.03 }).exit).toMatchObject({ rule: 'takeProfit', level: 103 });
    expect(evaluateExitRules(short, bar(102.5, 99, 101), { stopLossPct: 0.02 }).exit?.rule).toBe('stopLoss');
    expect(evaluateExitRules(short, bar(100, 96.9, 97), { takeProfitPct: 0.03 }).exit?.rule).toBe('takeProfit');
  });

  it('assumes the adverse extreme first when a bar touches both the stop and the target', () => {
    expect(evaluateExitRules(long, bar(110, 90, 100), { stopLossPct: 0.05, takeProfitPct: 0.05 }).exit?.rule).toBe('stopLoss');
  });

  it('trailing stop: checks against the previous watermark, then ratchets', () => {
    let state: ExitPositionState = long;
    const rules = { trailingStopPct: 0.05 };
    const up = evaluateExitRules(state, bar(110, 104.6, 109), rules); // 100 watermark → stop 95: no exit; watermark → 110
    expect(up.exit).toBeUndefined();
    expect(up.state.watermark).toBe(110);
    state = up.state;
    const down = evaluateExitRules(state, bar(106, 104.4, 105), rules); // stop 104.5
    expect(down.exit).toMatchObject({ rule: 'trailingStop' });
    expect(down.exit?.level).toBeCloseTo(104.5, 10);
    const shortUp = evaluateExitRules({ ...short, watermark: 90 }, bar(94.6, 93, 94), rules); // stop 94.5
    expect(shortUp.exit?.rule).toBe('trailingStop');
  });

  it('time stop at the close of the first bar ending at or after entry + holding time; flat positions never exit', () => {
    const rules = { maxHoldingMs: 5 * 60_000 };
    expect(evaluateExitRules(long, bar(100, 100, 100, 3 * 60_000), rules).exit).toBeUndefined();
    expect(evaluateExitRules(long, bar(100, 100, 100.5, 4 * 60_000), rules).exit).toMatchObject({ rule: 'timeStop', level: 100.5 });
    expect(evaluateExitRules({ ...long, quantity: '0' }, bar(1, 1, 1), { stopLossPct: 0.01 }).exit).toBeUndefined();
  });

  it('builds a deterministic, valid exit intent that flattens the position', () => {
    const b = bar(101, 97, 97.5);
    const exit = evaluateExitRules(long, b, { stopLossPct: 0.02 }).exit;
    if (exit === undefined) throw new Error('expected an exit');
    const i = exitIntent(long, b, exit, { accountId: 'paper', strategyId: 'sma', now: 200_000 });
    expect(OrderIntentV1.parse(i)).toEqual(i);
    expect(i).toMatchObject({ side: 'sell', quantity: '10', referencePrice: '97.5', intentId: 'paper:sma:exit-stopLoss:SPY:60000' });
    expect(exitIntent(short, b, exit, { accountId: 'paper', strategyId: 'sma', now: 1 }).side).toBe('buy');
  });
});
