import { z } from 'zod';
import { AccountId, PositiveDecimalString, Ticker } from './primitives';

/**
 * The risk limits policy for one account. Versioned: every PUT stores a new version and every
 * pre-trade decision records the version it applied. The risk issue extends this to 15+ checks.
 */
export const RiskLimitsV1 = z
  .object({
    schema: z.literal('RiskLimitsV1'),
    /** Largest notional (quantity × reference price) of one order, USD. */
    maxOrderNotional: PositiveDecimalString,
    /** Largest absolute position value per symbol after the order, USD. */
    maxPositionNotional: PositiveDecimalString,
    /** Largest quantity of one order, shares. */
    maxOrderQuantity: PositiveDecimalString,
    /** Fat-finger collar: a limit price (or the reference price) may differ from the last trade by at most this, in basis points. */
    priceCollarBps: z.number().int().min(1).max(5000),
    /** Market data older than this (seconds) is stale: no order on it. */
    maxMarketDataAgeSeconds: z.number().int().min(1).max(3600),
    /** Symbols never traded. */
    restrictedSymbols: z.array(Ticker).max(1000),
    /** Loss since the previous close (USD) at which the daily-loss alarm fires. */
    maxDailyLoss: PositiveDecimalString,
  })
  .strict();
export type RiskLimitsV1 = z.infer<typeof RiskLimitsV1>;

/** The default policy a new account starts from (policy version 0). */
export const DEFAULT_RISK_LIMITS: RiskLimitsV1 = {
  schema: 'RiskLimitsV1',
  maxOrderNotional: '25000',
  maxPositionNotional: '50000',
  maxOrderQuantity: '1000',
  priceCollarBps: 500,
  maxMarketDataAgeSeconds: 180,
  restrictedSymbols: [],
  maxDailyLoss: '2000',
};

/** Body of `PUT /limits`. */
export const PutLimitsRequestV1 = z
  .object({
    limits: RiskLimitsV1,
    /** Optimistic concurrency: the version the caller read; the PUT fails if another change came first. */
    expectedVersion: z.number().int().nonnegative(),
    reason: z.string().min(3).max(500),
  })
  .strict();
export type PutLimitsRequestV1 = z.infer<typeof PutLimitsRequestV1>;

/** Body of `POST /kill-switch`. Release needs a reason as much as engage does. */
export const KillSwitchRequestV1 = z
  .object({
    action: z.enum(['engage', 'release']),
    reason: z.string().min(3).max(500),
  })
  .strict();
export type KillSwitchRequestV1 = z.infer<typeof KillSwitchRequestV1>;

/** Query of the list endpoints. */
export const AccountQueryV1 = z.object({ accountId: AccountId.optional() }).strict();

/** Every error the API returns has this shape. */
export const ApiErrorV1 = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorV1 = z.infer<typeof ApiErrorV1>;
