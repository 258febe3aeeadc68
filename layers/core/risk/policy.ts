import type { RiskLimitOverridesV1, RiskLimitsV1 } from '../../contracts';
import * as money from '../money';

type Field = keyof RiskLimitOverridesV1;
type Merge = (account: never, override: never) => unknown;

const minNumber = (a: number, b: number): number => Math.min(a, b);
const maxNumber = (a: number, b: number): number => Math.max(a, b);
const minDecimal = (a: string, b: string): string => (money.compare(a, b) <= 0 ? a : b);
const maxDecimal = (a: string, b: string): string => (money.compare(a, b) >= 0 ? a : b);
const either = (a: boolean, b: boolean): boolean => a || b;
const minPerKey = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> => {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = Object.hasOwn(a, k) ? Math.min(a[k] ?? v, v) : v;
  return out;
};

/**
 * How each field of a strategy override combines with the account's value so that an override
 * can only tighten: the smaller maximum, the larger PDT threshold, the union of restricted
 * symbols, either "require" flag, sector map entries only for symbols the account did not classify.
 */
const MERGE: { readonly [K in Field]-?: (account: RiskLimitsV1[K], override: NonNullable<RiskLimitOverridesV1[K]>) => RiskLimitsV1[K] } = {
  maxOrderNotional: minDecimal,
  maxPositionNotional: minDecimal,
  maxOrderQuantity: minDecimal,
  priceCollarBps: minNumber,
  optionPriceCollarBps: minNumber,
  maxMarketDataAgeSeconds: minNumber,
  restrictedSymbols: (a, b) => [...new Set([...a, ...b])],
  maxDailyLoss: minDecimal,
  maxConcentrationPct: minNumber,
  sectorMap: (a, b) => ({ ...b, ...a }),
  maxSectorPct: minNumber,
  sectorLimits: minPerKey,
  assetClassLimits: minPerKey,
  maxGrossLeverage: minNumber,
  maxNetLeverage: minNumber,
  maxDrawdownPct: minNumber,
  drawdownDeRisking: (a, b) => {
    const merged = { startPct: Math.min(a.startPct, b.startPct), fullPct: Math.min(a.fullPct, b.fullPct), floorMultiplier: Math.min(a.floorMultiplier, b.floorMultiplier) };
    return merged.fullPct > merged.startPct ? merged : { ...merged, fullPct: Math.max(merged.startPct + 1e-6, merged.fullPct) };
  },
  maxOrdersPerMinute: minNumber,
  maxOrdersPerDay: minNumber,
  maxOpenOrders: minNumber,
  requireEasyToBorrow: either,
  pdtEquityThreshold: maxDecimal,
  pdtMaxDayTrades: minNumber,
  maxAdvPct: minNumber,
  maxVolatilitySpike: minNumber,
  maxOptionLevel: minNumber,
  maxOptionContractsPerOrder: minNumber,
  maxAbsDelta: (a, b) => (a === undefined ? b : Math.min(a, b)),
  maxAbsGamma: (a, b) => (a === undefined ? b : Math.min(a, b)),
  maxAbsVega: (a, b) => (a === undefined ? b : Math.min(a, b)),
  maxPostTradeVarPct: minNumber,
  failClosedOnMissingData: either,
  // Each rule: the tighter (smaller) of the two; a rule only the override sets is added.
  exitRules: (a, b) => {
    if (a === undefined) return b;
    const out: Record<string, number> = { ...a };
    for (const [k, v] of Object.entries(b)) if (v !== undefined) out[k] = Math.min((a as Record<string, number | undefined>)[k] ?? v, v);
    return out;
  },
};

const cache = new WeakMap<RiskLimitsV1, Map<string, RiskLimitsV1>>();

/**
 * The limits that apply to one strategy's intents: the account policy tightened by the
 * strategy's override (an override can never loosen the account policy). Pure and memoised per
 * policy object.
 */
export function effectiveLimits(policy: RiskLimitsV1, strategyId: string): RiskLimitsV1 {
  const override = Object.hasOwn(policy.strategyOverrides, strategyId) ? policy.strategyOverrides[strategyId] : undefined;
  if (override === undefined) return policy;
  let perPolicy = cache.get(policy);
  if (perPolicy === undefined) {
    perPolicy = new Map();
    cache.set(policy, perPolicy);
  }
  const hit = perPolicy.get(strategyId);
  if (hit !== undefined) return hit;
  const merged: Record<string, unknown> = { ...policy };
  for (const [field, value] of Object.entries(override) as [Field, unknown][]) {
    if (value === undefined) continue;
    const merge = MERGE[field] as Merge;
    merged[field] = merge(policy[field] as never, value as never);
  }
  const result = merged as RiskLimitsV1;
  perPolicy.set(strategyId, result);
  return result;
}
