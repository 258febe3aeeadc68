import { DateTime } from 'luxon';
import { isTerminalOrderStatus } from '../execution';
import type { TradingCalendar } from '../market';
import * as money from '../money';
import type { OrderRecord } from '../ports';
import type { OpenOrderView, OrderActivityView } from './snapshot';

/** Sessions the pattern-day-trader rule looks back over (today included). */
export const PDT_WINDOW_SESSIONS = 5;

/** [start, end) in epoch ms of an exchange-local date (DST-aware: 23- and 25-hour days). */
export function localDayBounds(calendar: Pick<TradingCalendar, 'zone'>, date: string): readonly [number, number] {
  const start = DateTime.fromISO(date, { zone: calendar.zone }).startOf('day');
  return [start.toMillis(), start.plus({ days: 1 }).toMillis()];
}

/** The last `count` trading dates up to and including the date of `now`, with their [start, end) bounds, newest first. */
function recentSessionDays(calendar: TradingCalendar, now: number, count: number): readonly { readonly date: string; readonly start: number; readonly end: number }[] {
  const days: { date: string; start: number; end: number }[] = [];
  let ts = now;
  for (let guard = 0; days.length < count && guard < count * 4 + 10; guard += 1) {
    const date = calendar.sessionDate(ts);
    const [start, end] = localDayBounds(calendar, date);
    if (calendar.isTradingDay(date) && days.every((d) => d.date !== date)) days.push({ date, start, end });
    ts = start - 1;
  }
  return days;
}

/**
 * Order counts and working orders for the pre-trade snapshot, from the account's recent order
 * records (newest first or any order). Pure: the caller reads the orders table, this counts.
 *
 * - orders in the last minute and today: by creation time (an order the broker rejected still
 *   counted against the rate: it was sent);
 * - a day trade: a symbol with both a filled buy and a filled sell on one session date, counted
 *   once per symbol and date within the last 5 sessions (FINRA counts each round trip; one per
 *   symbol and day is the floor, so the count never overstates and the rule still bites at 3);
 * - working orders: records not in a terminal status, the intent being judged excluded.
 *
 * The counts can only be as complete as the records passed in: the caller reads enough of them
 * (at least the per-day limit + 1) for the limits to be judged.
 */
export function orderActivity(
  orders: readonly OrderRecord[],
  now: number,
  calendar: TradingCalendar,
  excludeClientOrderId?: string,
): { readonly activity: OrderActivityView; readonly openOrders: readonly OpenOrderView[] } {
  const today = calendar.sessionDate(now);
  const [todayStart, todayEnd] = localDayBounds(calendar, today);
  const window = recentSessionDays(calendar, now, PDT_WINDOW_SESSIONS);
  // Day of an order by numeric bounds (no time-zone conversion per order: the caller may pass a thousand).
  const windowDateOf = (ts: number): string | undefined => window.find((d) => ts >= d.start && ts < d.end)?.date;
  let ordersLastMinute = 0;
  let ordersToday = 0;
  const sides = new Map<string, { buy: boolean; sell: boolean }>();
  const boughtToday = new Set<string>();
  const soldToday = new Set<string>();
  const openOrders: OpenOrderView[] = [];
  for (const order of orders) {
    if (order.clientOrderId === excludeClientOrderId) continue;
    if (order.createdAt <= now && order.createdAt > now - 60_000) ordersLastMinute += 1;
    const isToday = order.createdAt >= todayStart && order.createdAt < todayEnd;
    if (isToday && order.createdAt <= now) ordersToday += 1;
    if (!isTerminalOrderStatus(order.status)) {
      openOrders.push({ symbol: order.symbol, side: order.side, quantity: money.max('0', money.sub(order.quantity, order.filledQuantity)) });
    }
    if (!money.isPositive(order.filledQuantity)) continue;
    const date = windowDateOf(order.createdAt);
    if (date === undefined) continue;
    const key = `${date}|${order.symbol}`;
    const seen = sides.get(key) ?? { buy: false, sell: false };
    seen[order.side] = true;
    sides.set(key, seen);
    if (isToday) (order.side === 'buy' ? boughtToday : soldToday).add(order.symbol);
  }
  let dayTrades = 0;
  for (const seen of sides.values()) if (seen.buy && seen.sell) dayTrades += 1;
  return {
    activity: { ordersLastMinute, ordersToday, dayTradesLast5Sessions: dayTrades, boughtToday: [...boughtToday].sort(), soldToday: [...soldToday].sort() },
    openOrders,
  };
}
