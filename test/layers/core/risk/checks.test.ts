import { DEFAULT_RISK_LIMITS, OrderIntentV1, PutLimitsRequestV1, RiskLimitsV1 } from '../../../../layers/contracts';
import { effectiveLimits, PRE_TRADE_CHECKS, type PreTradeContext, verifyIntent } from '../../../../layers/core/risk';
import { baseContext, baseIntent, NOW, policy, withMarket, withPolicy } from './support';

const verdict = (intent: OrderIntentV1, context: PreTradeContext, checkId: string) => {
  const check = PRE_TRADE_CHECKS.find((c) => c.checkId === checkId);
  if (check === undefined) throw new Error(`no check ${checkId}`);
  return check.evaluate(intent, context);
};
const failedIds = (intent: OrderIntentV1, context: PreTradeContext) => verifyIntent(intent, context).failed.map((f) => f.checkId);

const option = (patch: Partial<NonNullable<OrderIntentV1['option']>> = {}): NonNullable<OrderIntentV1['option']> => ({
  contractSymbol: 'SPY240119C00470000',
  right: 'call',
  strike: '470',
  expiry: '2024-01-19',
  multiplier: 100,
  greeks: { delta: 0.5, gamma: 0.02, vega: 0.3 },
  ...patch,
});

describe('the registry', () => {
  it('has at least 20 uniquely named checks and approves a sound intent with a full snapshot', () => {
    const ids = PRE_TRADE_CHECKS.map((c) => c.checkId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    const v = verifyIntent(baseIntent, baseContext);
    expect(v.failed).toEqual([]);
    expect(v.checks).toHaveLength(ids.length);
    for (const c of v.checks) {
      expect(c.reason.length).toBeGreaterThan(3);
      expect(c.limit).toBeDefined();
      expect(c.measured).toBeDefined();
    }
  });
});

describe('each new check fails on its own breach with the measured value, the limit and a reason', () => {
  const cases: [string, OrderIntentV1, PreTradeContext, { measured?: string; limit?: string }?][] = [
    ['haltedSymbol', baseIntent, withMarket({ assets: { SPY: { tradable: false, shortable: true, easyToBorrow: true } } }), { measured: 'not tradable' }],
    ['haltedSymbol', baseIntent, withMarket({ haltedSymbols: ['SPY'] }), { measured: 'halted' }],
    // 10 × 100 = 1 000 of 1 500 equity = 66.7 % > 50 % (gross 0.67 and net within their limits)
    ['concentration', baseIntent, { ...baseContext, account: { ...baseContext.account, equity: '1500', lastEquity: '1500' }, market: { ...baseContext.market, equityPeak: '1500', postTradeVar: '1' } }, { measured: '0.666667', limit: '0.5' }],
    ['sectorExposure', baseIntent, withPolicy({ sectorMap: { SPY: 'index', QQQ: 'index' }, sectorLimits: { index: 0.2 } }, { ...baseContext, positions: [{ symbol: 'QQQ', quantity: '100', marketValue: '19500' }] }), { measured: '0.205', limit: '0.2' }],
    ['assetClassExposure', baseIntent, withPolicy({ assetClassLimits: { us_equity: 0.005 } }), { measured: '0.01', limit: '0.005' }],
    ['grossLeverage', baseIntent, withPolicy({ maxGrossLeverage: 0.3, maxNetLeverage: 1.5 }, { ...baseContext, positions: [{ symbol: 'IBM', quantity: '-200', marketValue: '-30000' }] }), { measured: '0.31', limit: '0.3' }],
    ['netLeverage', baseIntent, withPolicy({ maxNetLeverage: 0.3 }, { ...baseContext, positions: [{ symbol: 'IBM', quantity: '200', marketValue: '30000' }] }), { measured: '0.31', limit: '0.3' }],
    ['dailyLoss', baseIntent, { ...baseContext, account: { ...baseContext.account, equity: '97000', lastEquity: '99000' } }, { measured: '2000', limit: '2000' }],
    ['maxDrawdown', baseIntent, withMarket({ equityPeak: '125000' }), { measured: '0.2', limit: '0.2' }],
    ['orderRatePerMinute', baseIntent, withMarket({ activity: { ordersLastMinute: 30, ordersToday: 40, dayTradesLast5Sessions: 0, boughtToday: [], soldToday: [] } }), { measured: '31', limit: '30' }],
    ['orderRatePerDay', baseIntent, withMarket({ activity: { ordersLastMinute: 0, ordersToday: 500, dayTradesLast5Sessions: 0, boughtToday: [], soldToday: [] } }), { measured: '501', limit: '500' }],
    ['maxOpenOrders', baseIntent, withPolicy({ maxOpenOrders: 2 }, { ...baseContext, openOrders: [{ symbol: 'A', side: 'buy', quantity: '1' }, { symbol: 'B', side: 'buy', quantity: '1' }] }), { measured: '3', limit: '2' }],
    ['shortSale', { ...baseIntent, side: 'sell' }, withMarket({ assets: { SPY: { tradable: true, shortable: true, easyToBorrow: false } } }), { measured: 'hard to borrow' }],
    ['shortSale', { ...baseIntent, side: 'sell' }, withMarket({ assets: {} }), { measured: 'unknown' }],
    ['liquidity', { ...baseIntent, quantity: '600' }, withMarket({ stats: { SPY: { averageDailyVolume: 50_000 } } }), { measured: '0.012', limit: '0.01' }],
    ['volatilityHalt', baseIntent, withMarket({ stats: { SPY: { averageDailyVolume: 5e7, volatilityShort: 0.61, volatilityLong: 0.2 } } }), { measured: '3.05', limit: '3' }],
    ['optionContracts', { ...baseIntent, referencePrice: '1', quantity: '11', option: option() }, { ...baseContext, lastTrade: { price: 1, at: NOW } }, { measured: '11', limit: '10' }],
    ['postTradeVar', baseIntent, withMarket({ postTradeVar: '10001' }), { measured: '0.10001', limit: '0.1' }],
    ['portfolioDelta', baseIntent, withPolicy({ maxAbsDelta: 500 }, { ...baseContext, positions: [{ symbol: 'SPY', quantity: '495', marketValue: '49500' }] }), { measured: '505', limit: '500' }],
  ];
  it.each(cases)('%s', (checkId, intent, context, expected) => {
    const result = verdict(intent, context, checkId);
    expect(result.passed).toBe(false);
    expect(result.reason.length).toBeGreaterThan(5);
    if (expected?.measured !== undefined) expect(result.measured).toBe(expected.measured);
    if (expected?.limit !== undefined) expect(result.limit).toBe(expected.limit);
    expect(verdict(baseIntent, baseContext, checkId).passed).toBe(true);
  });

  it('pattern-day-trader: a small account may not make a fourth day trade, a big one may', () => {
    const small = {
      ...baseContext,
      account: { ...baseContext.account, equity: '20000', lastEquity: '20000', buyingPower: '20000' },
      positions: [{ symbol: 'SPY', quantity: '10', marketValue: '1000' }],
      market: { ...baseContext.market, equityPeak: '20000', activity: { ordersLastMinute: 0, ordersToday: 1, dayTradesLast5Sessions: 3, boughtToday: ['SPY'], soldToday: [] } },
    };
    const sell = { ...baseIntent, side: 'sell' as const };
    expect(verdict(sell, small, 'patternDayTrader')).toMatchObject({ passed: false, measured: '4', limit: '3' });
    // not a day trade: SPY was not bought today
    expect(verdict(sell, { ...small, market: { ...small.market, activity: { ...small.market.activity, boughtToday: [] } } }, 'patternDayTrader').passed).toBe(true);
    // a buy adds to the position: not a day trade either
    expect(verdict(baseIntent, small, 'patternDayTrader').passed).toBe(true);
    expect(verdict(sell, { ...small, account: { ...small.account, equity: '25000' } }, 'patternDayTrader')).toMatchObject({ passed: true, measured: 'exempt' });
  });

  it('options approval: level 2 for long options, an uncovered call needs more than any account has, a covered call needs 1', () => {
    const buy = { ...baseIntent, referencePrice: '1', quantity: '1', option: option() };
    expect(verdict(buy, baseContext, 'optionsApproval')).toMatchObject({ passed: true, measured: '2', limit: '2' });
    expect(verdict(buy, withMarket({ optionsApprovalLevel: 1 }), 'optionsApproval')).toMatchObject({ passed: false, measured: '2', limit: '1' });
    expect(verdict(buy, withMarket({ optionsApprovalLevel: undefined }), 'optionsApproval').passed).toBe(false);
    const write = { ...buy, side: 'sell' as const };
    expect(verdict(write, baseContext, 'optionsApproval')).toMatchObject({ passed: false, measured: '4' });
    const covered = { ...baseContext, positions: [{ symbol: 'SPY', quantity: '100', marketValue: '10000' }] };
    expect(verdict(write, covered, 'optionsApproval')).toMatchObject({ passed: true, measured: '1' });
    expect(verdict(baseIntent, baseContext, 'optionsApproval')).toMatchObject({ passed: true, measured: '0' });
  });

  it('a multi-leg intent is executable (mleg), needs options level 3, counts its max loss as notional and is collared against its net mid', () => {
    const leg = (contractSymbol: string, side: 'buy' | 'sell', ratio = 1) => ({ contractSymbol, right: 'call' as const, strike: '470', expiry: '2024-01-19', multiplier: 100, ratio, side, positionIntent: side === 'buy' ? 'buy_to_open' : 'sell_to_open' });
    const spread = OrderIntentV1.parse({ ...baseIntent, orderType: 'limit', limitPrice: '2.1', referencePrice: '2', quantity: '3', multiLeg: { structure: 'bull-call-spread', legs: [leg('SPY240119C00470000', 'buy'), leg('SPY240119C00480000', 'sell')], maxLossPerUnit: '210' } });
    expect(verdict(spread, baseContext, 'instrumentExecutable')).toMatchObject({ passed: true, measured: 'us_option mleg' });
    expect(verdict({ ...baseIntent, referencePrice: '1', quantity: '1', option: option() }, baseContext, 'instrumentExecutable')).toMatchObject({ passed: true, measured: 'us_option' });
    // account level 2 (support) binds below the house default 3
    expect(verdict(spread, baseContext, 'optionsApproval')).toMatchObject({ passed: false, measured: '3', limit: '2' });
    expect(verdict(spread, withMarket({ optionsApprovalLevel: 3 }), 'optionsApproval')).toMatchObject({ passed: true, limit: '3' });
    expect(verdict(spread, withMarket({ optionsApprovalLevel: 3 }, withPolicy({ maxOptionLevel: 2 })), 'optionsApproval')).toMatchObject({ passed: false, limit: '2' });
    // notional = units × max loss per unit (3 × 210), not units × net premium (3 × 2.1 = 6.3)
    expect(verdict(spread, baseContext, 'maxOrderNotional').measured).toBe('630');
    // collar: |2.1 − 2| × 100 / 210 = 476.19 bps of the capital at risk; the stock's last trade (100) plays no part
    expect(verdict(spread, withPolicy({ optionPriceCollarBps: 400 }, { ...baseContext, lastTrade: undefined }), 'priceCollar')).toMatchObject({ passed: false, measured: '476.19', limit: '400' });
    expect(verdict(spread, withPolicy({ optionPriceCollarBps: 500 }), 'priceCollar')).toMatchObject({ passed: true, measured: '476.19', limit: '500' });
    // the stock collar does not apply to option orders
    expect(verdict(spread, withPolicy({ priceCollarBps: 400 }), 'priceCollar')).toMatchObject({ passed: true, limit: '2000' });
    expect(verdict({ ...spread, limitPrice: '2.01' }, baseContext, 'priceCollar')).toMatchObject({ passed: true, measured: '47.62' });
    // a credit spread on a stock the account holds is not "selling the long": it needs its max loss in buying power
    const credit = { ...spread, side: 'sell' as const };
    const holding = { ...baseContext, positions: [{ symbol: 'SPY', quantity: '100', marketValue: '10000' }] };
    expect(verdict(credit, holding, 'buyingPower')).toMatchObject({ passed: true, measured: '630' });
    expect(verdict(credit, holding, 'maxPositionNotional').measured).toBe('630');
    // contracts: units × the largest leg ratio
    const ratio = OrderIntentV1.parse({ ...spread, quantity: '4', multiLeg: { ...spread.multiLeg, legs: [leg('SPY240119C00470000', 'buy'), leg('SPY240119C00480000', 'sell', 3)] } });
    expect(verdict(ratio, baseContext, 'optionContracts')).toMatchObject({ passed: false, measured: '12', limit: '10' });
    expect(verdict(spread, baseContext, 'optionContracts')).toMatchObject({ passed: true, measured: '3' });
  });

  it('a single option is collared against its own mid as bps of the premium at risk, not against the stock', () => {
    const buy = { ...baseIntent, orderType: 'limit' as const, limitPrice: '2.6', referencePrice: '2.5', quantity: '1', option: option() };
    // |2.6 − 2.5| × 100 / (2.6 × 100) = 384.62 bps; the stock's last trade (100) and its absence play no part
    expect(verdict(buy, { ...baseContext, lastTrade: undefined }, 'priceCollar')).toMatchObject({ passed: true, measured: '384.62', limit: '2000' });
    expect(verdict({ ...buy, limitPrice: '2.7' }, withPolicy({ optionPriceCollarBps: 500 }), 'priceCollar')).toMatchObject({ passed: false, measured: '740.74', limit: '500' });
  });

  it('the default house options level is 3 (spreads), bounded by the account level', () => {
    expect(DEFAULT_RISK_LIMITS.maxOptionLevel).toBe(3);
  });

  it('option notional carries the contract multiplier', () => {
    const buy = { ...baseIntent, referencePrice: '2.5', quantity: '4', option: option() };
    // 4 × 2.5 × 100 = 1 000
    expect(verdict(buy, baseContext, 'maxOrderNotional').measured).toBe('1000');
    expect(verdict(buy, baseContext, 'portfolioDelta')).toMatchObject({ passed: true, limit: 'none' });
    const withDelta = withPolicy({ maxAbsDelta: 150 });
    // 0.5 × 100 × 4 = 200 share-equivalents
    expect(verdict(buy, withDelta, 'portfolioDelta')).toMatchObject({ passed: false, measured: '200', limit: '150' });
    const noGreeks = { ...buy, option: { ...option(), greeks: undefined } };
    expect(verdict(noGreeks, withDelta, 'portfolioDelta')).toMatchObject({ passed: true, measured: 'n/a' });
    expect(verdict(noGreeks, withPolicy({ maxAbsDelta: 150, failClosedOnMissingData: true }), 'portfolioDelta').passed).toBe(false);
    expect(verdict(buy, withPolicy({ maxAbsGamma: 1 }), 'portfolioGamma')).toMatchObject({ passed: false, measured: '8' });
    expect(verdict(buy, withPolicy({ maxAbsVega: 100 }), 'portfolioVega')).toMatchObject({ passed: false, measured: '120' });
  });

  it('orders that shrink a position pass the loss, drawdown, volatility and exposure checks even in breach', () => {
    const breached = {
      ...withPolicy({ maxConcentrationPct: 0.01, maxGrossLeverage: 0.01, maxNetLeverage: 0.01 }),
      account: { ...baseContext.account, equity: '60000', lastEquity: '70000' },
      positions: [{ symbol: 'SPY', quantity: '100', marketValue: '10000' }],
      market: { ...baseContext.market, equityPeak: '100000', postTradeVar: '1000000', stats: { SPY: { averageDailyVolume: 5e7, volatilityShort: 5, volatilityLong: 0.1 } } },
    };
    const sell = { ...baseIntent, side: 'sell' as const };
    expect(failedIds(sell, breached)).toEqual([]);
    expect(failedIds(baseIntent, breached)).toEqual(
      expect.arrayContaining(['dailyLoss', 'maxDrawdown', 'volatilityHalt', 'concentration', 'grossLeverage', 'netLeverage', 'postTradeVar']),
    );
  });

  it('buying power covers the short part of a sell', () => {
    const ctx = { ...baseContext, account: { ...baseContext.account, buyingPower: '500' }, positions: [{ symbol: 'SPY', quantity: '4', marketValue: '400' }] };
    // sells 10 with 4 held: 6 short × 100 = 600 > 500
    expect(verdict({ ...baseIntent, side: 'sell' }, ctx, 'buyingPower')).toMatchObject({ passed: false, measured: '600' });
    expect(verdict({ ...baseIntent, side: 'sell', quantity: '4' }, ctx, 'buyingPower').passed).toBe(true);
  });
});

describe('missing snapshot data', () => {
  const bare: PreTradeContext = { ...baseContext, market: {}, openOrders: undefined };
  const dataChecks = ['haltedSymbol', 'liquidity', 'volatilityHalt', 'orderRatePerMinute', 'orderRatePerDay', 'maxOpenOrders', 'patternDayTrader', 'postTradeVar'];

  it('passes as "not measured" by default and fails closed when the policy says so', () => {
    const small = { ...bare, account: { ...bare.account, equity: '20000', lastEquity: '20000' } };
    for (const checkId of dataChecks) {
      const open = verdict(baseIntent, small, checkId);
      expect(open).toMatchObject({ passed: true, measured: 'n/a' });
      expect(open.reason).toMatch(/^not measured/);
      const closed = verdict(baseIntent, withPolicy({ failClosedOnMissingData: true }, small), checkId);
      expect(closed).toMatchObject({ passed: false, measured: 'n/a' });
      expect(closed.reason).toMatch(/^cannot verify/);
    }
  });

  it('a short sale without borrow information always fails closed', () => {
    expect(verdict({ ...baseIntent, side: 'sell' }, bare, 'shortSale').passed).toBe(false);
  });
});

describe('the policy', () => {
  const v1 = {
    schema: 'RiskLimitsV1',
    maxOrderNotional: '25000',
    maxPositionNotional: '50000',
    maxOrderQuantity: '1000',
    priceCollarBps: 500,
    maxMarketDataAgeSeconds: 180,
    restrictedSymbols: [],
    maxDailyLoss: '2000',
  };

  it('a stored v1 policy without the new fields parses with the documented defaults', () => {
    const parsed = RiskLimitsV1.parse(v1);
    expect(parsed).toEqual(DEFAULT_RISK_LIMITS);
    expect(parsed).toMatchObject({
      maxConcentrationPct: 0.5,
      maxSectorPct: 1,
      sectorMap: {},
      assetClassLimits: { us_option: 0.1 },
      maxGrossLeverage: 2,
      maxNetLeverage: 1.5,
      maxDrawdownPct: 0.2,
      drawdownDeRisking: { startPct: 0.05, fullPct: 0.15, floorMultiplier: 0.25 },
      maxOrdersPerMinute: 30,
      maxOrdersPerDay: 500,
      maxOpenOrders: 100,
      requireEasyToBorrow: true,
      pdtEquityThreshold: '25000',
      pdtMaxDayTrades: 3,
      maxAdvPct: 0.01,
      maxVolatilitySpike: 3,
      maxOptionLevel: 3,
      maxOptionContractsPerOrder: 10,
      maxPostTradeVarPct: 0.1,
      failClosedOnMissingData: false,
      strategyOverrides: {},
    });
    expect(parsed.maxAbsDelta).toBeUndefined();
    expect(PutLimitsRequestV1.parse({ limits: v1, expectedVersion: 3, reason: 'old client' }).limits).toEqual(DEFAULT_RISK_LIMITS);
  });

  it('rejects unknown fields, bad ratios and bad de-risking bands', () => {
    expect(RiskLimitsV1.safeParse({ ...v1, maxLeverage: 2 }).success).toBe(false);
    expect(RiskLimitsV1.safeParse({ ...v1, maxConcentrationPct: -1 }).success).toBe(false);
    expect(RiskLimitsV1.safeParse({ ...v1, drawdownDeRisking: { startPct: 0.2, fullPct: 0.1, floorMultiplier: 0 } }).success).toBe(false);
    expect(RiskLimitsV1.safeParse({ ...v1, strategyOverrides: { s: { nope: 1 } } }).success).toBe(false);
  });

  it('strategy overrides only tighten the account policy', () => {
    const p = policy({
      maxConcentrationPct: 0.3,
      restrictedSymbols: ['XOM'],
      sectorMap: { SPY: 'index' },
      strategyOverrides: {
        tight: { maxConcentrationPct: 0.05, restrictedSymbols: ['TSLA'], maxOrderNotional: '900', pdtEquityThreshold: '30000', sectorMap: { SPY: 'tech', QQQ: 'tech' } },
        loose: { maxConcentrationPct: 0.9, maxOrderNotional: '1000000', requireEasyToBorrow: false, pdtEquityThreshold: '1' },
      },
    });
    const tight = effectiveLimits(p, 'tight');
    expect(tight).toMatchObject({ maxConcentrationPct: 0.05, maxOrderNotional: '900', pdtEquityThreshold: '30000', sectorMap: { SPY: 'index', QQQ: 'tech' } });
    expect([...tight.restrictedSymbols].sort()).toEqual(['TSLA', 'XOM']);
    const loose = effectiveLimits(p, 'loose');
    expect(loose).toMatchObject({ maxConcentrationPct: 0.3, maxOrderNotional: '25000', requireEasyToBorrow: true, pdtEquityThreshold: '25000' });
    expect(effectiveLimits(p, 'other')).toBe(p);
    expect(effectiveLimits(p, 'tight')).toBe(tight); // memoised

    const ctx = withPolicy(p);
    expect(verdict({ ...baseIntent, strategyId: 'tight', quantity: '10' }, ctx, 'maxOrderNotional')).toMatchObject({ passed: false, limit: '900' });
    expect(verdict({ ...baseIntent, strategyId: 'other', quantity: '10' }, ctx, 'maxOrderNotional')).toMatchObject({ passed: true, limit: '25000' });
  });

  it('an option intent is backward compatible: absent means an equity order, present is validated', () => {
    expect(OrderIntentV1.parse(baseIntent).option).toBeUndefined();
    const parsed = OrderIntentV1.parse({ ...baseIntent, option: { contractSymbol: 'SPY240119P00470000', right: 'put', strike: '470', expiry: '2024-01-19' } });
    expect(parsed.option?.multiplier).toBe(100);
    expect(OrderIntentV1.safeParse({ ...baseIntent, option: { contractSymbol: 'SPY', right: 'put', strike: '470', expiry: '2024-01-19' } }).success).toBe(false);
  });
});
