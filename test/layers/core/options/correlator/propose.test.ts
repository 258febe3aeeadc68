import { OrderIntentV1 } from '../../../../../layers/contracts';
import { europeanGreeks } from '../../../../../layers/core/options';
import {
  CorrelatorConfigSchema,
  DEFAULT_CORRELATOR_CONFIG,
  eligibleExpiries,
  proposeOptionsStructure,
  selectStructure,
  type CorrelatorConfig,
  type ProposalInputs,
} from '../../../../../layers/core/options/correlator';
import { AS_OF, calendar, day, syntheticChain } from './synthetic-chain';

/** European deltas on the BSM chain: the closed form is the reference. */
const config: CorrelatorConfig = CorrelatorConfigSchema.parse({ selection: { model: 'european' } });
const selection = config.selection;

const inputs = (overrides: Partial<ProposalInputs> & { direction?: 'long' | 'short' | 'flat'; strength?: number } = {}): ProposalInputs => ({
  signal: { signalId: 'sma:XYZ:1704294000000', accountId: 'paper', strategyId: 'sma', symbol: 'XYZ', direction: overrides.direction ?? 'long', strength: overrides.strength ?? 0.8 },
  snapshot: overrides.snapshot ?? syntheticChain(),
  equity: overrides.equity ?? '100000',
  sharesHeld: overrides.sharesHeld ?? 0,
  now: AS_OF,
  ...(overrides.ivRank === undefined ? {} : { ivRank: overrides.ivRank }),
});

const bsmDelta = (right: 'call' | 'put', K: number, T: number): number => europeanGreeks({ kind: right, S: 100, K, T, r: 0, q: 0, sigma: 0.25 }).delta;

describe('correlator strike and expiry selection', () => {
  it('tries expiries in the DTE window closest to the target first', () => {
    const order = eligibleExpiries(syntheticChain(), calendar, selection.dte).map((e) => e.days);
    expect(order).toEqual([30, 45]); // 10 and 90 days lie outside 20–60
  });

  it('picks the long call in the 0.50–0.60 delta band closest to 0.55 (BSM delta as the reference)', () => {
    const s = selectStructure('long-call', syntheticChain(), calendar, selection);
    if (!s.ok) throw new Error(s.reason);
    const leg = s.value.legs[0];
    expect(s.value.expiry).toBe(day(30));
    const reference = bsmDelta('call', leg?.contract.strike ?? 0, s.value.T);
    expect(leg?.contract.delta).toBeCloseTo(reference, 2); // mids are rounded to cents: IV within ~1e-3
    expect(reference).toBeGreaterThanOrEqual(0.5);
    expect(reference).toBeLessThanOrEqual(0.6);
    // No other strike's delta is closer to the band's middle.
    for (const K of [95, 97.5, 100, 102.5]) expect(Math.abs(bsmDelta('call', K, s.value.T) - 0.55)).toBeGreaterThanOrEqual(Math.abs(reference - 0.55) - 1e-9);
  });

  it('builds a bull put spread from the ~0.30 short put and the ~0.16 wing below it', () => {
    const s = selectStructure('bull-put-spread', syntheticChain(), calendar, selection);
    if (!s.ok) throw new Error(s.reason);
    const [short, wing] = s.value.legs;
    expect(short?.direction).toBe(-1);
    expect(wing?.direction).toBe(1);
    expect(Math.abs(short?.contract.delta ?? 0)).toBeCloseTo(0.3, 1);
    expect(Math.abs(wing?.contract.delta ?? 0)).toBeCloseTo(0.16, 1);
    expect(wing?.contract.strike).toBeLessThan(short?.contract.strike ?? 0);
  });

  it('builds an iron condor with strikes in order and a straddle at one strike', () => {
    const condor = selectStructure('iron-condor', syntheticChain(), calendar, selection);
    if (!condor.ok) throw new Error(condor.reason);
    const strikes = condor.value.legs.map((l) => l.contract.strike);
    expect([...strikes].sort((a, b) => a - b)).toEqual(strikes);
    expect(condor.value.legs.map((l) => `${l.direction > 0 ? '+' : '-'}${l.contract.right}`)).toEqual(['+put', '-put', '-call', '+call']);
    const straddle = selectStructure('long-straddle', syntheticChain(), calendar, selection);
    if (!straddle.ok) throw new Error(straddle.reason);
    expect(new Set(straddle.value.legs.map((l) => l.contract.strike)).size).toBe(1);
    expect(straddle.value.legs.map((l) => l.contract.right)).toEqual(['call', 'put']);
  });

  it('says "no eligible contract" with what was missing: no expiry in the window', () => {
    const s = selectStructure('long-call', syntheticChain({ expiries: [day(5), day(120)] }), calendar, selection);
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.reason).toMatch(/no eligible contract: no expiry with 20–60 days to expiry among 2/);
  });

  it('filters illiquid contracts (wide spread, low open interest) and says so', () => {
    const wide = selectStructure('long-call', syntheticChain({ halfSpread: 1.5 }), calendar, selection);
    expect(wide.ok).toBe(false);
    if (!wide.ok) expect(wide.reason).toMatch(/no eligible contract for long-call: .*no liquid call with \|Δ\| in \[0.50, 0.60\]/);
    const thin = selectStructure('long-call', syntheticChain({ openInterest: 3 }), calendar, selection);
    expect(thin.ok).toBe(false);
    const unknownOi = CorrelatorConfigSchema.parse({ selection: { model: 'european', liquidity: { maxSpreadToMid: 0.25, minBid: 0.05, minOpenInterest: 10, requireOpenInterest: true } } });
    expect(selectStructure('long-call', syntheticChain(), calendar, unknownOi.selection).ok).toBe(false);
    expect(selectStructure('long-call', syntheticChain({ openInterest: 500 }), calendar, unknownOi.selection).ok).toBe(true);
  });
});

describe('correlator proposal: sizing and the intent', () => {
  it('sizes by max loss against the risk budget, whole units, capped', () => {
    const out = proposeOptionsStructure(inputs({ strength: 0.5, ivRank: 0.9 }), config, calendar);
    if (out.kind !== 'proposed') throw new Error(out.reason);
    const p = out.proposal;
    expect(p.structure).toBe('bull-put-spread');
    const width = (p.legs[0] ? Number(p.legs[0].strike) : 0) - (p.legs[1] ? Number(p.legs[1].strike) : 0);
    // Credit at the natural price: sell at the bid, buy at the ask.
    const credit = (p.legs[0]?.bid ?? 0) - (p.legs[1]?.ask ?? 0);
    expect(p.sizing.maxLossPerUnit).toBeCloseTo((width - credit) * 100, 6);
    expect(p.quantity).toBe(Math.min(10, Math.floor(2000 / p.sizing.maxLossPerUnit)));
    expect(p.limitPrice).toBeCloseTo(-credit, 6);
    expect(p.description.payoff.maxLoss).toBeCloseTo(p.sizing.maxLossPerUnit * p.quantity, 6);
    expect(out.intent.side).toBe('sell');
    expect(out.intent.limitPrice).toBe(credit.toFixed(2));
  });

  it('gives zero units when the budget cannot afford one, and moves on to the next structure of the row', () => {
    // strong-long low: long call first; at 0.1 % of equity ($100) not even the spread fits.
    const out = proposeOptionsStructure(inputs({ equity: '5000', ivRank: 0.1 }), config, calendar);
    expect(out.kind).toBe('none');
    if (out.kind === 'none') {
      expect(out.attempts[0]).toMatch(/long-call: budget 100.00 \(0.02 of equity 5000\) cannot afford one unit/);
      expect(out.attempts[1]).toMatch(/bull-call-spread: budget 100.00/);
    }
    const rich = proposeOptionsStructure(inputs({ equity: '1000000', ivRank: 0.1 }), config, calendar);
    expect(rich.kind === 'proposed' && rich.proposal.structure).toBe('long-call');
    expect(rich.kind === 'proposed' && rich.proposal.quantity).toBe(10);
  });

  it('covered calls need the shares: skipped without them, sized by them with them', () => {
    const none = proposeOptionsStructure(inputs({ strength: 0.9, ivRank: 0.9 }), config, calendar);
    expect(none.kind === 'proposed' && none.proposal.structure).toBe('bull-call-spread');
    expect(none.attempts[0]).toMatch(/covered-call: a covered call needs 100 shares per contract; 0 held/);
    const covered = proposeOptionsStructure(inputs({ strength: 0.9, ivRank: 0.9, sharesHeld: 350 }), config, calendar);
    if (covered.kind !== 'proposed') throw new Error(covered.reason);
    expect(covered.proposal.structure).toBe('covered-call');
    expect(covered.proposal.quantity).toBe(3);
    expect(covered.intent.option?.right).toBe('call');
    expect(covered.intent.side).toBe('sell');
  });

  it('emits a valid OrderIntentV1 with mleg legs, OCC symbols, ratios, sides and position intents', () => {
    const out = proposeOptionsStructure(inputs({ direction: 'flat', strength: 0, ivRank: 0.9 }), config, calendar);
    if (out.kind !== 'proposed') throw new Error(out.reason);
    expect(out.proposal.structure).toBe('iron-condor');
    const intent = OrderIntentV1.parse(out.intent);
    expect(intent.intentId).toBe('sma:XYZ:1704294000000:opt');
    expect(intent.symbol).toBe('XYZ');
    expect(intent.orderType).toBe('limit');
    expect(intent.multiLeg?.legs.map((l) => [l.side, l.positionIntent, l.ratio])).toEqual([
      ['buy', 'buy_to_open', 1],
      ['sell', 'sell_to_open', 1],
      ['sell', 'sell_to_open', 1],
      ['buy', 'buy_to_open', 1],
    ]);
    for (const leg of intent.multiLeg?.legs ?? []) expect(leg.contractSymbol).toMatch(/^XYZ\d{6}[CP]\d{8}$/);
    expect(Number(intent.multiLeg?.maxLossPerUnit)).toBeGreaterThan(0);
    // describeStrategy summary is attached: breakevens bracket the spot, PoP in (0, 1).
    const d = out.proposal.description;
    expect(d.payoff.breakevens).toHaveLength(2);
    expect(d.payoff.breakevens[0]).toBeLessThan(100);
    expect(d.payoff.breakevens[1]).toBeGreaterThan(100);
    expect(d.probabilityOfProfit.value).toBeGreaterThan(0);
    expect(d.probabilityOfProfit.value).toBeLessThan(1);
  });

  it('is deterministic: the same inputs give the same intent', () => {
    const a = proposeOptionsStructure(inputs({ ivRank: 0.4 }), config, calendar);
    const b = proposeOptionsStructure(inputs({ ivRank: 0.4 }), config, calendar);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('prices limits at the natural by default and at the mid when configured', () => {
    const natural = proposeOptionsStructure(inputs({ ivRank: 0.4 }), config, calendar);
    const midConfig = CorrelatorConfigSchema.parse({ selection: { model: 'european', limitPricing: 'mid' } });
    const mid = proposeOptionsStructure(inputs({ ivRank: 0.4 }), midConfig, calendar);
    if (natural.kind !== 'proposed' || mid.kind !== 'proposed') throw new Error('expected proposals');
    expect(natural.proposal.limitPrice).toBeGreaterThan(mid.proposal.limitPrice);
    expect(mid.proposal.limitPrice).toBeCloseTo(Math.ceil(mid.proposal.netMid * 100 - 1e-9) / 100, 9);
    expect(DEFAULT_CORRELATOR_CONFIG.selection.limitPricing).toBe('natural');
  });
});
