import type { OrderRecord } from '../ports';

export type OrderStatus = OrderRecord['status'];

/** Statuses after which the broker will not change an order any more. */
export const TERMINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'filled',
  'canceled',
  'expired',
  'replaced',
  'rejected',
  'done_for_day',
  'stopped',
  'suspended',
]);

export const isTerminalOrderStatus = (status: OrderStatus): boolean => TERMINAL_ORDER_STATUSES.has(status);

/**
 * Progress rank: claimed (ours, not yet at the broker) < open at the broker < partially filled
 * < terminal. An update may only keep or raise the rank, so a late or replayed broker report
 * never moves an order backwards.
 */
export function orderStatusRank(status: OrderStatus): number {
  if (status === 'claimed') return 0;
  if (isTerminalOrderStatus(status)) return 3;
  if (status === 'partially_filled') return 2;
  return 1;
}

/**
 * Whether a stored order may take a reported status. Terminal stays terminal (but a terminal
 * record may still learn its fill figures from the same terminal status).
 */
export function canApplyOrderStatus(from: OrderStatus, to: OrderStatus): boolean {
  if (isTerminalOrderStatus(from)) return from === to;
  return orderStatusRank(to) >= orderStatusRank(from);
}
