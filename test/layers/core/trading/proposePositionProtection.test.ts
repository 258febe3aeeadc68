import { FakeBroker, InMemoryLimitsStore, ManualClock, RecordingEventPublisher } from '../../../../layers/adapters/memory';
import { DEFAULT_RISK_LIMITS, OptionsStrategyProposedV1, OrderIntentV1, ProtectionPolicyV1, RiskLimitsV1 } from '../../../../layers/contracts';
import type { ChainFilter, OptionChainSnapshot } from '../../../../layers/core/options';
import type { OptionsMarketData } from '../../../../layers/core/ports/optionsMarket';
import { positionsNeedingProtection, protectAfterRiskReport, protectPosition, type ProtectPositionRequest } from '../../../../layers/core/trading/proposePositionProtection';
import { AS_OF, calendar, syntheticChain } from '../options/correlator/synthetic-chain';

class FakeChains implements OptionsMarketData {
  readonly filters: ChainFilter[] = [];
  constructor(private readonly chain: OptionChainSnapshot) {}
  async chainSnapshot(_underlying: string, filter: ChainFilter = {}): Promise<OptionChainSnapshot> {
    this.filters.push(filter);
    return this.chain;
  }
}

const settings: ProtectPositionRequest['settings'] = ProtectionPolicyV1.parse({});

function setup() {
  const clock = new ManualClock(AS_OF);
  const broker = new FakeBroker(clock, calendar);
  broker.setPosition('XYZ', '250', '110');
  broker.prices.set('XYZ', 100);
  const events = new RecordingEventPublisher();
  const chains = new FakeChains(syntheticChain({ spot: 100, sigma: 0.25 }));
  return { broker, events, chains, deps: { accountId: 'acct', clock, calendar, broker, options: chains, events } };
}

describe('protectPosition', () => {
  it('publishes a valid options.strategy.proposed with purpose protection and a put intent for 2 lots of 250 shares', async () => {
    const { events, chains, deps } = setup();
    const outcome = await protectPosition(deps, { symbol: 'XYZ', trigger: 'request', settings });
    if (outcome.kind !== 'proposed') throw new Error(outcome.reason);
    expect(chains.filters).toEqual([{ expiryFrom: '2024-02-02', expiryTo: '2024-05-02' }]); // 30..120 days from 2024-01-03
    const [event] = events.ofType('options.strategy.proposed');
    expect(OptionsStrategyProposedV1.parse(event)).toEqual(outcome.event);
    expect(event).toMatchObject({ purpose: 'protection', structure: 'protective-put', quantity: 2, submitted: false, strategyId: 'protection', proposalId: 'protect:XYZ:2024-01-03:protective-put' });
    expect(event?.protection).toMatchObject({ trigger: 'request', shares: 250, coveredShares: 200, costBasis: '110' });
    // Hand: max loss from cost = (110 − floor + ask) × 200.
    const leg = event?.legs[0];
    expect(Number(event?.protection?.maxLoss)).toBeCloseTo((110 - Number(leg?.strike) + Number(leg?.ask)) * 200, 9);
    const intent = OrderIntentV1.parse(event?.intent);
    expect(intent).toMatchObject({ side: 'buy', quantity: '2', orderType: 'limit', limitPrice: leg?.ask, option: { contractSymbol: leg?.contractSymbol, right: 'put' } });
    expect(intent.option?.greeks).toBeUndefined(); // verify-trade prices it from the chain
  });

  it('a collar goes out as one mleg order (buy put, sell call) with a positive capital at risk', async () => {
    const { events, deps } = setup();
    const outcome = await protectPosition(deps, { symbol: 'XYZ', shares: 200, trigger: 'request', settings: { ...settings, structure: 'collar' } });
    if (outcome.kind !== 'proposed') throw new Error(outcome.reason);
    const intent = OrderIntentV1.parse(events.ofType('options.strategy.proposed')[0]?.intent);
    expect(intent.multiLeg?.structure).toBe('collar');
    expect(intent.multiLeg?.legs.map((l) => [l.right, l.side, l.positionIntent])).toEqual([['put', 'buy', 'buy_to_open'], ['call', 'sell', 'sell_to_open']]);
    expect(Number(intent.multiLeg?.maxLossPerUnit)).toBeGreaterThan(0);
  });

  it('answers none without publishing: no position, more shares than held', async () => {
    const { events, deps } = setup();
    expect(await protectPosition(deps, { symbol: 'ABC', trigger: 'request', settings })).toMatchObject({ kind: 'none', reason: 'no long ABC position to protect' });
    expect(await protectPosition(deps, { symbol: 'XYZ', shares: 300, trigger: 'request', settings })).toMatchObject({ kind: 'none', reason: '300 shares asked, 250 held' });
    expect(events.events).toHaveLength(0);
  });
});

describe('positionsNeedingProtection (the close run\'s trigger)', () => {
  const positions = [
    { symbol: 'XYZ', quantity: '250', averageEntryPrice: '110', unrealizedPl: '-2500' }, // down 9.09 %
    { symbol: 'ABC', quantity: '100', averageEntryPrice: '50', unrealizedPl: '-200' }, // down 4 %
    { symbol: 'SMALL', quantity: '50', averageEntryPrice: '10', unrealizedPl: '-400' }, // under one lot
    { symbol: 'XYZ240216P00095000', quantity: '2', averageEntryPrice: '1', unrealizedPl: '-150' }, // an option
  ];
  const report = (usage: number | null) => ({ limit: { maxPostTradeVarPct: 0.1, policyVersion: 1, var99PctOfEquity: usage === null ? null : usage * 0.1, usage, breached: (usage ?? 0) >= 1 } });

  it('is off by default and in a stored policy without the field (which still parses)', () => {
    expect(DEFAULT_RISK_LIMITS.protection).toBeUndefined();
    const { protection: _absent, ...old } = DEFAULT_RISK_LIMITS;
    expect(RiskLimitsV1.parse(old).protection).toBeUndefined();
    expect(positionsNeedingProtection(undefined, positions, report(5))).toEqual([]);
    expect(positionsNeedingProtection(ProtectionPolicyV1.parse({ unrealisedLossPct: 0.01 }), positions, report(5))).toEqual([]);
  });

  it('selects long lots down at least the threshold, or every long lot when VaR usage crosses its threshold', () => {
    const byLoss = positionsNeedingProtection(ProtectionPolicyV1.parse({ enabled: true, unrealisedLossPct: 0.05, varUsage: 0.9 }), positions, report(0.5));
    expect(byLoss.map((p) => [p.symbol, p.trigger])).toEqual([['XYZ', 'unrealised-loss']]);
    const byVar = positionsNeedingProtection(ProtectionPolicyV1.parse({ enabled: true, unrealisedLossPct: 0.05, varUsage: 0.9 }), positions, report(0.95));
    expect(byVar.map((p) => [p.symbol, p.trigger])).toEqual([['XYZ', 'var-limit'], ['ABC', 'var-limit']]);
  });
});

describe('protectAfterRiskReport (the close run)', () => {
  const usage = (u: number) => ({ routine: 'close' as const, limit: { maxPostTradeVarPct: 0.1, policyVersion: 1, var99PctOfEquity: u * 0.1, usage: u, breached: u >= 1 } });

  it('does nothing under the default policy; with protection enabled proposes for the lot down over the threshold, at the close only', async () => {
    const { events, deps } = setup(); // XYZ 250 shares bought at 110, now 100: down 9.09 %
    const limits = new InMemoryLimitsStore();
    expect(await protectAfterRiskReport({ ...deps, limits }, usage(0.2))).toEqual({ proposed: [], none: [], failed: [] });
    await limits.putLimits('acct', RiskLimitsV1.parse({ ...DEFAULT_RISK_LIMITS, protection: { enabled: true, unrealisedLossPct: 0.05 } }), 0, { changedBy: 'ops', reason: 'protect losers', changedAt: 0 });
    expect((await protectAfterRiskReport({ ...deps, limits }, { ...usage(0.2), routine: 'nightly' })).proposed).toEqual([]);
    const result = await protectAfterRiskReport({ ...deps, limits }, usage(0.2));
    expect(result.proposed.map((e) => [e.symbol, e.protection?.trigger])).toEqual([['XYZ', 'unrealised-loss']]);
    expect(events.ofType('options.strategy.proposed')).toHaveLength(1);
  });
});
