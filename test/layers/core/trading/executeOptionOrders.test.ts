import { ApprovedOrderV1, OrderIntentV1 } from '../../../../layers/contracts';
import { brokerRequest } from '../../../../layers/core/trading/executeApprovedOrder';

const intent = {
  schema: 'OrderIntentV1',
  intentId: 'i-1',
  accountId: 'acc',
  strategyId: 's',
  signalId: 'sig',
  symbol: 'SPY',
  side: 'sell',
  quantity: '2',
  orderType: 'limit',
  limitPrice: '1.25',
  timeInForce: 'day',
  referencePrice: '1.3',
  marketDataAt: 1,
  createdAt: 1,
};
const leg = (contractSymbol: string, side: 'buy' | 'sell', ratio = 1) => ({ contractSymbol, right: 'put', strike: '450', expiry: '2024-01-19', multiplier: 100, ratio, side, positionIntent: `${side}_to_open` });
const approved = (i: unknown) => ApprovedOrderV1.parse({ schema: 'ApprovedOrderV1', intent: OrderIntentV1.parse(i), clientOrderId: 'tl-i-1', policyVersion: 1, approvedAt: 1 });

describe('brokerRequest: the broker order of an approved intent', () => {
  it('a credit spread (side sell) goes out as mleg legs with a negative limit; a debit one with a positive limit', () => {
    const credit = approved({ ...intent, multiLeg: { structure: 'bull-put-spread', legs: [leg('SPY240119P00450000', 'sell'), leg('SPY240119P00440000', 'buy', 2)], maxLossPerUnit: '875' } });
    expect(brokerRequest(credit)).toEqual({
      clientOrderId: 'tl-i-1',
      symbol: 'SPY',
      side: 'sell',
      orderType: 'limit',
      timeInForce: 'day',
      quantity: '2',
      limitPrice: '-1.25',
      assetClass: 'us_option',
      legs: [
        { symbol: 'SPY240119P00450000', ratio: 1, side: 'sell', positionIntent: 'sell_to_open' },
        { symbol: 'SPY240119P00440000', ratio: 2, side: 'buy', positionIntent: 'buy_to_open' },
      ],
    });
    const debit = approved({ ...intent, side: 'buy', multiLeg: { structure: 'bear-put-spread', legs: [leg('SPY240119P00450000', 'buy'), leg('SPY240119P00440000', 'sell')], maxLossPerUnit: '125' } });
    expect(brokerRequest(debit).limitPrice).toBe('1.25');
  });

  it('a single option goes out on its OCC symbol; an equity intent on its ticker', () => {
    const option = approved({ ...intent, side: 'buy', option: { contractSymbol: 'SPY240119C00470000', right: 'call', strike: '470', expiry: '2024-01-19' } });
    expect(brokerRequest(option)).toEqual({ clientOrderId: 'tl-i-1', symbol: 'SPY240119C00470000', side: 'buy', orderType: 'limit', timeInForce: 'day', quantity: '2', limitPrice: '1.25', assetClass: 'us_option' });
    expect(brokerRequest(approved(intent))).toEqual({ clientOrderId: 'tl-i-1', symbol: 'SPY', side: 'sell', orderType: 'limit', timeInForce: 'day', quantity: '2', limitPrice: '1.25' });
  });
});
