import { z } from 'zod';
import { BrokerOrderStatus, CheckResultV1, OrderIntentV1, OrderSide, OrderType, RiskLimitsV1, TimeInForce } from '../../../contracts';
import type {
  KillSwitchState,
  OrderRecord,
  PositionRecord,
  RiskDecisionRecord,
  SignalRecord,
  VersionedLimits,
} from '../../../core/ports';

/**
 * Schemas of the items the DynamoDB stores read back. Items are parsed, not cast: a malformed
 * item (written by hand, or by an older version) fails loudly at the edge instead of deep in the
 * core. Unknown attributes (keys of the table layout, `expiresAt`) are stripped.
 */

const OrderItem = z.object({
  clientOrderId: z.string(),
  intentId: z.string(),
  accountId: z.string(),
  strategyId: z.string(),
  symbol: z.string(),
  side: OrderSide,
  quantity: z.string(),
  orderType: OrderType,
  limitPrice: z.string().optional(),
  timeInForce: TimeInForce,
  status: z.union([z.literal('claimed'), BrokerOrderStatus]),
  brokerOrderId: z.string().optional(),
  filledQuantity: z.string(),
  filledAveragePrice: z.string().optional(),
  rejectionReason: z.string().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

const PositionItem = z.object({
  accountId: z.string(),
  symbol: z.string(),
  quantity: z.string(),
  averageEntryPrice: z.string(),
  marketValue: z.string(),
  unrealizedPl: z.string(),
  updatedAt: z.number(),
});

const SignalItem = z.object({
  signalId: z.string(),
  strategyId: z.string(),
  symbol: z.string(),
  direction: z.enum(['long', 'flat', 'short']),
  strength: z.number(),
  referencePrice: z.string(),
  barStart: z.number(),
  generatedAt: z.number(),
  reason: z.string(),
});

const RiskDecisionItem = z.object({
  intentId: z.string(),
  accountId: z.string(),
  symbol: z.string(),
  decidedAt: z.number(),
  approved: z.boolean(),
  policyVersion: z.number(),
  checks: z.array(CheckResultV1),
  intent: OrderIntentV1,
});

const KillSwitchItem = z.object({
  engaged: z.boolean(),
  reason: z.string(),
  actor: z.string(),
  changedAt: z.number(),
});

const LimitsItem = z.object({
  version: z.number().int().nonnegative(),
  limits: RiskLimitsV1,
  changedBy: z.string(),
  reason: z.string(),
  changedAt: z.number(),
});

export const parseOrder = (item: unknown): OrderRecord => OrderItem.parse(item);
export const parsePosition = (item: unknown): PositionRecord => PositionItem.parse(item);
export const parseSignal = (item: unknown): SignalRecord => SignalItem.parse(item);
export const parseRiskDecision = (item: unknown): RiskDecisionRecord => RiskDecisionItem.parse(item);
export const parseKillSwitch = (item: unknown): KillSwitchState => KillSwitchItem.parse(item);
export const parseVersionedLimits = (item: unknown): VersionedLimits => LimitsItem.parse(item);
