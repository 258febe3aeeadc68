import { OrderIntentV1, type SignalGeneratedV1 } from '../../../../layers/contracts';
import { sizeOrderIntent, type SizingConfig } from '../../../../layers/core/portfolio';

const signal = (direction: SignalGeneratedV1['direction'], referencePrice = '187.25'): SignalGeneratedV1 => ({
  schema: 'SignalGeneratedV1',
  signalId: 'sma-crossover-5-20:SPY:1704205800000',
  accountId: 'paper',
  strategyId: 'sma-crossover-5-20',
  strategyVersion: '1',
  symbol: 'SPY',
  direction,
  strength: 0.5,
  referencePrice,
  barStart: 1704205800000,
  generatedAt: 1704205861000,
  reason: 'test',
});
const account = { accountId: 'paper', equity: '100000', buyingPower: '200000' };
const config: SizingConfig = { fractionOfEquity: '0.1', maxPositionNotional: '50000', allowShort: false };

describe('sizeOrderIntent', () => {
  it('buys floor(equity × fraction / price) whole shares from flat', () => {
    const r = sizeOrderIntent({ signal: signal('long'), currentQuantity: '0', account, config, now: 1 });
    // 10 000 / 187.25 = 53.40… → 53 shares (independent arithmetic: 53 × 187.25 = 9924.25 ≤ 10 000 < 54 × 187.25).
    expect(r.kind).toBe('intent');
    if (r.kind !== 'intent') return;
    expect(r.intent).toMatchObject({ side: 'buy', quantity: '53', orderType: 'market', timeInForce: 'day', intentId: `paper:${signal('long').signalId}` });
    expect(r.intent.marketDataAt).toBe(1704205800000 + 60_000);
    expect(OrderIntentV1.safeParse(r.intent).success).toBe(true);
  });

  it('caps by max notional and by buying power', () => {
    const capped = sizeOrderIntent({ signal: signal('long', '100'), currentQuantity: '0', account: { ...account, equity: '10000000' }, config, now: 1 });
    expect(capped.kind === 'intent' && capped.intent.quantity).toBe('500'); // 50 000 / 100
    const poor = sizeOrderIntent({ signal: signal('long', '100'), currentQuantity: '0', account: { ...account, buyingPower: '1234' }, config, now: 1 });
    expect(poor.kind === 'intent' && poor.intent.quantity).toBe('12');
  });

  it('orders only the difference to the target, and nothing at target', () => {
    const topUp = sizeOrderIntent({ signal: signal('long'), currentQuantity: '50', account, config, now: 1 });
    expect(topUp.kind === 'intent' && topUp.intent.quantity).toBe('3');
    const atTarget = sizeOrderIntent({ signal: signal('long'), currentQuantity: '53', account, config, now: 1 });
    expect(atTarget.kind).toBe('no-trade');
    const exit = sizeOrderIntent({ signal: signal('flat'), currentQuantity: '53', account, config, now: 1 });
    expect(exit.kind === 'intent' && [exit.intent.side, exit.intent.quantity]).toEqual(['sell', '53']);
    expect(sizeOrderIntent({ signal: signal('flat'), currentQuantity: '0', account, config, now: 1 }).kind).toBe('no-trade');
  });

  it('treats a short view as flat unless shorts are allowed', () => {
    expect(sizeOrderIntent({ signal: signal('short'), currentQuantity: '0', account, config, now: 1 }).kind).toBe('no-trade');
    const short = sizeOrderIntent({ signal: signal('short'), currentQuantity: '0', account, config: { ...config, allowShort: true }, now: 1 });
    expect(short.kind === 'intent' && [short.intent.side, short.intent.quantity, short.targetQuantity]).toEqual(['sell', '53', '-53']);
  });
});
