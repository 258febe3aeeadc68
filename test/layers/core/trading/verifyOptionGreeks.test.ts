import { parseDecimal as d } from '../../../../layers/core/market/exact';
import { DEFAULT_RISK_LIMITS, RiskLimitsV1, type OrderIntentV1 } from '../../../../layers/contracts';
import { europeanPrice, optionContract, type ChainFilter, type OptionChainSnapshot } from '../../../../layers/core/options';
import type { OptionsMarketData } from '../../../../layers/core/ports/optionsMarket';
import { contractGreeks } from '../../../../layers/core/risk';
import { verifyOrderIntent } from '../../../../layers/core/trading';
import { ACCOUNT, harness, MINUTE, SESSION_OPEN } from './harness';

const call = optionContract({ underlying: 'SPY', expiry: '2024-02-16', right: 'call', strike: d('100'), style: 'american' });
const NOW = SESSION_OPEN + 3 * MINUTE;
const T = (Date.UTC(2024, 1, 16, 21, 0) - NOW) / (365 * 86_400_000);
const mid = Math.round(europeanPrice({ kind: 'call', S: 101, K: 100, T, r: 0, q: 0, sigma: 0.2, model: 'bsm' }) * 100) / 100;

/** A chain source that records what it was asked. */
class FakeChains implements OptionsMarketData {
  readonly requests: { underlying: string; filter?: ChainFilter }[] = [];
  async chainSnapshot(underlying: string, filter?: ChainFilter): Promise<OptionChainSnapshot> {
    this.requests.push({ underlying, ...(filter === undefined ? {} : { filter }) });
    return {
      underlying,
      asOf: NOW,
      underlyingPrice: { price: d('101'), source: 'last-trade', ts: NOW },
      entries: [{ contract: call, quote: { ts: NOW, bid: { price: d((mid - 0.05).toFixed(2)), size: d('5') }, ask: { price: d((mid + 0.05).toFixed(2)), size: d('5') } } }],
    };
  }
}

const intent = (quantity: string): OrderIntentV1 => ({
  schema: 'OrderIntentV1',
  intentId: `${ACCOUNT}:opt:${quantity}`,
  accountId: ACCOUNT,
  strategyId: 's',
  signalId: 's:SPY:1',
  symbol: 'SPY',
  side: 'buy',
  quantity,
  orderType: 'limit',
  limitPrice: mid.toFixed(2),
  timeInForce: 'day',
  referencePrice: mid.toFixed(2),
  marketDataAt: NOW - MINUTE,
  createdAt: NOW - MINUTE,
  // No Greeks carried: verify prices the contract from the chain.
  option: { contractSymbol: call.symbol, right: 'call', strike: '100', expiry: '2024-02-16', multiplier: 100 },
});

async function setup(maxAbsDelta: number) {
  const h = harness();
  h.clock.set(NOW);
  h.marketData.setLatestTrade('SPY', 101, NOW - MINUTE);
  h.broker.accountState = { ...h.broker.accountState, optionsApprovalLevel: 3 };
  h.broker.setPosition('SPY', '100', '100');
  h.broker.setPosition(call.symbol, '2', mid.toFixed(2));
  await h.limits.putLimits(ACCOUNT, RiskLimitsV1.parse({ ...DEFAULT_RISK_LIMITS, maxAbsDelta, maxAbsVega: 10_000, maxOptionLevel: 3 }), 0, { changedBy: 'risk', reason: 'delta cap', changedAt: 0 });
  const chains = new FakeChains();
  return { h, chains, deps: { ...h.verifyDeps, options: chains } };
}

describe('verify-trade measures portfolio Greeks of held options and of the option order', () => {
  it('rejects a call purchase that takes the portfolio delta over the limit (held calls and the order priced from the chain)', async () => {
    const { h, chains, deps } = await setup(400);
    const outcome = await verifyOrderIntent(deps, intent('4'));
    expect(chains.requests).toEqual([{ underlying: 'SPY', filter: { expiryFrom: '2024-02-16', expiryTo: '2024-02-16', strikeFrom: 100, strikeTo: 100 } }]);
    if (outcome.kind !== 'rejected') throw new Error(`expected a rejection, got ${outcome.kind}`);
    const delta = outcome.rejection.failedChecks.find((c) => c.checkId === 'portfolioDelta');
    const g = contractGreeks(call.symbol, await chains.chainSnapshot('SPY'), h.calendar, { r: 0, q: 0 });
    if ('missing' in g) throw new Error(g.missing);
    // Hand arithmetic: 100 shares + (2 held + 4 bought) calls × 100 × Δ (Δ ≈ 0.58): ≈ 448 share-equivalents.
    expect(Number(delta?.measured)).toBeCloseTo(100 + 600 * g.delta, 5);
    expect(Number(delta?.measured)).toBeGreaterThan(400);
    expect(delta?.reason).toMatch(/exceeds 400/);
  });

  it('approves the portfolio delta within the limit, measured (not "not measured")', async () => {
    const { h, deps } = await setup(1000);
    await verifyOrderIntent(deps, intent('2'));
    const [decision] = await h.audit.listByAccount(ACCOUNT, 10);
    const delta = decision?.checks.find((c) => c.checkId === 'portfolioDelta');
    expect(delta?.passed).toBe(true);
    expect(delta?.measured).not.toBe('n/a');
    const vega = decision?.checks.find((c) => c.checkId === 'portfolioVega');
    expect(vega?.measured).not.toBe('n/a');
  });

  it('without a chain source the option Greeks stay "not measured"', async () => {
    const { h, deps } = await setup(400);
    const { options: _unused, ...withoutChains } = deps;
    await verifyOrderIntent(withoutChains, intent('2'));
    const [decision] = await h.audit.listByAccount(ACCOUNT, 10);
    expect(decision?.checks.find((c) => c.checkId === 'portfolioDelta')).toMatchObject({ measured: 'n/a', passed: true });
  });
});
