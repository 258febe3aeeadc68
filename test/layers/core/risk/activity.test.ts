import { nyseCalendar } from '../../../../layers/core/market';
import type { MinuteBar, OrderRecord } from '../../../../layers/core/ports';
import { dailyStatsFromBars, orderActivity } from '../../../../layers/core/risk';

const NOW = Date.UTC(2024, 0, 9, 15, 0); // Tuesday 9 Jan 2024, 10:00 New York
const DAY = 86_400_000;
const order = (id: string, createdAt: number, patch: Partial<OrderRecord> = {}): OrderRecord => ({
  clientOrderId: id,
  intentId: id,
  accountId: 'paper',
  strategyId: 's',
  symbol: 'SPY',
  side: 'buy',
  quantity: '10',
  orderType: 'market',
  timeInForce: 'day',
  status: 'filled',
  filledQuantity: '10',
  createdAt,
  updatedAt: createdAt,
  ...patch,
});

describe('orderActivity', () => {
  it('counts orders per minute and per session, day trades over 5 sessions, and working orders', () => {
    const orders = [
      order('a', NOW - 10_000),
      order('b', NOW - 30_000, { side: 'sell' }), // SPY bought and sold today: a day trade
      order('c', NOW - 120_000, { symbol: 'IBM', status: 'accepted', filledQuantity: '4' }),
      order('self', NOW - 1_000, { status: 'claimed', filledQuantity: '0' }),
      order('d', NOW - 1 * DAY, { symbol: 'BAC' }),
      order('e', NOW - 1 * DAY + 1000, { symbol: 'BAC', side: 'sell' }), // Monday: a day trade
      order('f', NOW - 7 * DAY, { symbol: 'AIG' }),
      order('g', NOW - 7 * DAY + 1000, { symbol: 'AIG', side: 'sell' }), // 7 calendar days back: outside 5 sessions
      order('h', NOW - 2 * DAY, { symbol: 'XOM', status: 'canceled', filledQuantity: '0' }),
      order('i', NOW - 2 * DAY + 5, { symbol: 'XOM', side: 'sell', status: 'canceled', filledQuantity: '0' }), // no fills: no day trade
    ];
    const { activity, openOrders } = orderActivity(orders, NOW, nyseCalendar(), 'self');
    expect(activity).toEqual({ ordersLastMinute: 2, ordersToday: 3, dayTradesLast5Sessions: 2, boughtToday: ['IBM', 'SPY'], soldToday: ['SPY'] });
    expect(openOrders).toEqual([{ symbol: 'IBM', side: 'buy', quantity: '6' }]);
  });
});

describe('dailyStatsFromBars', () => {
  const bars = (closes: readonly number[], volume = 1000): MinuteBar[] => closes.map((close, i) => ({ symbol: 'X', start: i * DAY, open: close, high: close, low: close, close, volume }));

  it('ADV over the last 20 bars and annualised close-to-close volatility (closed form)', () => {
    // alternating ±r log returns: sample sd over an even window = r × sqrt(n/(n−1))
    const r = 0.01;
    const closes = [100];
    for (let i = 1; i <= 61; i += 1) closes.push((closes[i - 1] ?? 100) * Math.exp(i % 2 === 0 ? r : -r));
    const stats = dailyStatsFromBars(bars(closes).map((b, i) => ({ ...b, volume: i })));
    expect(stats.averageDailyVolume).toBeCloseTo((42 + 61) / 2, 10); // mean of 42..61
    expect(stats.volatilityLong).toBeCloseTo(r * Math.sqrt(60 / 59) * Math.sqrt(252), 10);
    // last 5 returns: −r, +r, −r, +r, −r → mean −r/5, sd = r × sqrt((3×(4/5)² + 2×(6/5)²)/4)
    expect(stats.volatilityShort).toBeCloseTo(r * Math.sqrt((3 * 0.64 + 2 * 1.44) / 4) * Math.sqrt(252), 10);
  });

  it('leaves out what the history cannot support', () => {
    expect(dailyStatsFromBars([])).toEqual({});
    expect(dailyStatsFromBars(bars([1, 2, 3]))).toEqual({ averageDailyVolume: 1000 });
    expect(Object.keys(dailyStatsFromBars(bars([1, 2, 3, 4, 5, 6]))).sort()).toEqual(['averageDailyVolume', 'volatilityShort']);
  });
});
