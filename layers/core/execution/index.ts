/** Execution: broker-facing order identity and lifecycle rules. */
export { clientOrderIdFor, MAX_CLIENT_ORDER_ID_LENGTH } from './clientOrderId';
export { canApplyOrderStatus, isTerminalOrderStatus, orderStatusRank, TERMINAL_ORDER_STATUSES } from './orderStatus';
export type { OrderStatus } from './orderStatus';
