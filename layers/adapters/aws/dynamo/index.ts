import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { physicalName } from '../../../contracts';
import { createDocumentClient } from '../clients';
import { DynamoCurrentRegimeStore } from './current-regime';
import { DynamoIdempotencyStore } from './idempotency';
import { DynamoLimitsStore } from './limits';
import { DynamoOrderStore } from './orders';
import { DynamoPositionStore } from './positions';
import { DynamoRiskAuditStore } from './risk-audit';
import { DynamoSignalStore } from './signals';
import { DynamoStrategyStateStore } from './strategy-state';

export { CURRENT_REGIME_KEY, DynamoCurrentRegimeStore } from './current-regime';
export { DynamoIdempotencyStore } from './idempotency';
export { DynamoLimitsStore, policyVersionItem } from './limits';
export { DynamoOrderStore, TERMINAL_ORDER_STATUSES } from './orders';
export { DynamoPositionStore } from './positions';
export { DynamoRiskAuditStore } from './risk-audit';
export { DynamoSignalStore } from './signals';
export { DynamoStrategyStateStore } from './strategy-state';
export { DynamoStrategyRegistry } from './strategy-registry';

export interface DynamoStoresOptions {
  /** Physical table name = physicalName.table(tablePrefix, logical name). */
  readonly tablePrefix: string;
  /** A DynamoDB client to share (default: a new one; the endpoint comes from the environment). */
  readonly client?: DynamoDBClient;
  /** Wall-clock "now" for TTLs (default Date.now): TTL expiry is real time, even in a replay. */
  readonly now?: () => number;
}

/** Every DynamoDB-backed store of the core's state ports. */
export interface DynamoStores {
  readonly orders: DynamoOrderStore;
  readonly positions: DynamoPositionStore;
  readonly signals: DynamoSignalStore;
  readonly strategyState: DynamoStrategyStateStore;
  readonly riskAudit: DynamoRiskAuditStore;
  readonly limits: DynamoLimitsStore;
  readonly idempotency: DynamoIdempotencyStore;
  /** Each symbol's current market regime (items under strategyId `current-regime` in strategy-state). */
  readonly currentRegime: DynamoCurrentRegimeStore;
}

/** Builds every store over one document client (create once per Lambda container). */
export function createDynamoStores(options: DynamoStoresOptions): DynamoStores {
  const doc = createDocumentClient(options.client);
  const now = options.now ?? Date.now;
  const table = (name: Parameters<typeof physicalName.table>[1]) => physicalName.table(options.tablePrefix, name);
  return {
    orders: new DynamoOrderStore(doc, table('orders')),
    positions: new DynamoPositionStore(doc, table('positions')),
    signals: new DynamoSignalStore(doc, table('signals'), now),
    strategyState: new DynamoStrategyStateStore(doc, table('strategy-state')),
    riskAudit: new DynamoRiskAuditStore(doc, table('risk-audit')),
    limits: new DynamoLimitsStore(doc, table('limits')),
    idempotency: new DynamoIdempotencyStore(doc, table('idempotency'), now),
    currentRegime: new DynamoCurrentRegimeStore(doc, table('strategy-state')),
  };
}
