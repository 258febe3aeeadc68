import { canApplyOrderStatus, clientOrderIdFor, MAX_CLIENT_ORDER_ID_LENGTH } from '../../../../layers/core/execution';

describe('clientOrderIdFor', () => {
  it('is deterministic, short and in a safe charset', () => {
    const id = 'paper:sma-crossover-5-20:SPY:1704205800000';
    expect(clientOrderIdFor(id)).toBe(clientOrderIdFor(id));
    expect(clientOrderIdFor(id)).toMatch(/^[A-Za-z0-9_-]+$/);
    const long = 'x'.repeat(128);
    expect(clientOrderIdFor(long).length).toBeLessThanOrEqual(MAX_CLIENT_ORDER_ID_LENGTH);
  });
  it('differs for intents that differ only after the readable prefix or in punctuation', () => {
    const a = `${'a'.repeat(40)}:1`;
    const b = `${'a'.repeat(40)}:2`;
    expect(clientOrderIdFor(a)).not.toBe(clientOrderIdFor(b));
    expect(clientOrderIdFor('a:b')).not.toBe(clientOrderIdFor('a.b'));
    expect(() => clientOrderIdFor('')).toThrow();
  });
});

describe('canApplyOrderStatus', () => {
  it('never moves an order backwards', () => {
    expect(canApplyOrderStatus('claimed', 'accepted')).toBe(true);
    expect(canApplyOrderStatus('accepted', 'partially_filled')).toBe(true);
    expect(canApplyOrderStatus('partially_filled', 'accepted')).toBe(false);
    expect(canApplyOrderStatus('filled', 'canceled')).toBe(false);
    expect(canApplyOrderStatus('filled', 'filled')).toBe(true);
    expect(canApplyOrderStatus('accepted', 'claimed')).toBe(false);
  });
});
