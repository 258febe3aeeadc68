import { DEFAULT_RISK_LIMITS, RiskLimitsV1, type OrderIntentV1, type RiskLimitsV1Input } from '../../../../layers/contracts';
import { nyseCalendar } from '../../../../layers/core/market';
import type { PreTradeContext } from '../../../../layers/core/risk';

/** 09:35 New York on Tuesday 2 January 2024, a trading day. */
export const NOW = Date.UTC(2024, 0, 2, 14, 35);

/** A sound buy of 10 SPY at 100 for a $100k account with no positions. */
export const baseIntent: OrderIntentV1 = {
  schema: 'OrderIntentV1',
  intentId: 'paper:s:SPY:1',
  accountId: 'paper',
  strategyId: 's',
  signalId: 's:SPY:1',
  symbol: 'SPY',
  side: 'buy',
  quantity: '10',
  orderType: 'market',
  timeInForce: 'day',
  referencePrice: '100',
  marketDataAt: NOW - 30_000,
  createdAt: NOW - 1_000,
};

export const policy = (patch: Partial<RiskLimitsV1Input> = {}): RiskLimitsV1 => RiskLimitsV1.parse({ ...DEFAULT_RISK_LIMITS, ...patch });

export const baseContext: PreTradeContext = {
  now: NOW,
  calendar: nyseCalendar(),
  killSwitch: { engaged: false, reason: 'never', actor: 'ops', changedAt: 0 },
  limits: { version: 7, limits: DEFAULT_RISK_LIMITS, changedBy: 'ops', reason: 'r', changedAt: 0 },
  account: { accountNumber: 'A', status: 'ACTIVE', cash: '100000', buyingPower: '200000', equity: '100000', lastEquity: '100000', tradingBlocked: false, patternDayTrader: false },
  positions: [],
  lastTrade: { price: 100, at: NOW - 5_000 },
  openOrders: [],
  market: {
    assets: { SPY: { tradable: true, status: 'active', shortable: true, easyToBorrow: true, assetClass: 'us_equity' } },
    stats: { SPY: { averageDailyVolume: 50_000_000, volatilityShort: 0.15, volatilityLong: 0.16 } },
    activity: { ordersLastMinute: 0, ordersToday: 0, dayTradesLast5Sessions: 0, boughtToday: [], soldToday: [] },
    equityPeak: '100000',
    optionsApprovalLevel: 2,
    postTradeVar: '500',
  },
};

/** The context with a policy patch applied. */
export const withPolicy = (patch: Partial<RiskLimitsV1Input>, context: PreTradeContext = baseContext): PreTradeContext => ({
  ...context,
  limits: { ...context.limits, limits: policy(patch) },
});

export const withMarket = (patch: Partial<NonNullable<PreTradeContext['market']>>, context: PreTradeContext = baseContext): PreTradeContext => ({
  ...context,
  market: { ...context.market, ...patch },
});
