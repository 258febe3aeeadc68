import { z } from 'zod';
import { AccountId, PositiveDecimalString, Ticker } from './primitives';

/** A fraction of account equity (0.25 = 25 %), or a ratio of the same kind (leverage 2 = 200 % of equity). */
const EquityFraction = z.number().positive().max(100);
/** A sector or asset-class name in the policy's maps. */
const BucketName = z.string().regex(/^[a-zA-Z0-9_ .&/-]{1,64}$/, 'expected a sector name such as "technology"');

/**
 * The limit fields a strategy override may carry: every field of the policy with its type but
 * without a default (absent = "use the account's value"). See `RiskLimitsV1.strategyOverrides`.
 */
const LimitFields = {
  maxOrderNotional: PositiveDecimalString,
  maxPositionNotional: PositiveDecimalString,
  maxOrderQuantity: PositiveDecimalString,
  priceCollarBps: z.number().int().min(1).max(5000),
  optionPriceCollarBps: z.number().int().min(1).max(10_000),
  maxMarketDataAgeSeconds: z.number().int().min(1).max(3600),
  restrictedSymbols: z.array(Ticker).max(1000),
  maxDailyLoss: PositiveDecimalString,
  maxConcentrationPct: EquityFraction,
  sectorMap: z.record(Ticker, BucketName),
  maxSectorPct: EquityFraction,
  sectorLimits: z.record(BucketName, EquityFraction),
  assetClassLimits: z.record(BucketName, EquityFraction),
  maxGrossLeverage: EquityFraction,
  maxNetLeverage: EquityFraction,
  maxDrawdownPct: z.number().positive().max(1),
  drawdownDeRisking: z
    .object({
      /** Drawdown (fraction of the equity peak) at which sizing starts to shrink. */
      startPct: z.number().min(0).max(1),
      /** Drawdown at which sizing reaches `floorMultiplier`; beyond it the multiplier stays there. */
      fullPct: z.number().positive().max(1),
      /** The smallest multiplier (0 = no new exposure at `fullPct`). */
      floorMultiplier: z.number().min(0).max(1),
    })
    .strict()
    .refine((d) => d.fullPct > d.startPct, { message: 'fullPct must be greater than startPct', path: ['fullPct'] }),
  maxOrdersPerMinute: z.number().int().min(1).max(100_000),
  maxOrdersPerDay: z.number().int().min(1).max(1_000_000),
  maxOpenOrders: z.number().int().min(1).max(100_000),
  requireEasyToBorrow: z.boolean(),
  pdtEquityThreshold: PositiveDecimalString,
  pdtMaxDayTrades: z.number().int().min(0).max(1000),
  maxAdvPct: z.number().positive().max(1),
  maxVolatilitySpike: z.number().min(1).max(1000),
  maxOptionLevel: z.number().int().min(0).max(3),
  maxOptionContractsPerOrder: z.number().int().min(1).max(100_000),
  maxAbsDelta: z.number().positive(),
  maxAbsGamma: z.number().positive(),
  maxAbsVega: z.number().positive(),
  maxPostTradeVarPct: z.number().positive().max(1),
  failClosedOnMissingData: z.boolean(),
  exitRules: z
    .object({
      /** Exit when the price moves this fraction of the entry price against the position. */
      stopLossPct: z.number().positive().max(1).optional(),
      /** Exit when the price moves this fraction of the entry price in favour of the position. */
      takeProfitPct: z.number().positive().max(100).optional(),
      /** Exit when the price retraces this fraction from the best price since entry. */
      trailingStopPct: z.number().positive().max(1).optional(),
      /** Exit at the first bar close at or after entry + this many minutes. */
      maxHoldingMinutes: z.number().int().min(1).max(525_600).optional(),
    })
    .strict(),
} as const;

/** A strategy's overrides of the account policy. They can only tighten it (see `effectiveLimits` in layers/core/risk). */
export const RiskLimitOverridesV1 = z.object(LimitFields).partial().strict();
export type RiskLimitOverridesV1 = z.infer<typeof RiskLimitOverridesV1>;

/**
 * The risk limits policy for one account. Versioned: every PUT stores a new version and every
 * pre-trade decision records the version it applied.
 *
 * Backward compatibility: the first seven fields are the original v1 policy and stay required.
 * Every later field has a default, so a policy stored before it existed (and a PUT body written
 * for the old schema) parses unchanged; the defaults are chosen so such a policy keeps approving
 * what it approved before while the cheap protections are on (see DEFAULT_RISK_LIMITS and
 * layers/core/risk/README.md for each default and why). Ratios are fractions of equity (0.25 = 25 %).
 */
/** When and how the close risk-report run proposes protection (RiskLimitsV1.protection); see layers/core/options/protection.ts. */
export const ProtectionPolicyV1 = z
  .object({
    enabled: z.boolean().default(false),
    /** Propose for a long position whose unrealised loss is at least this fraction of its cost (0.1 = down 10 %). */
    unrealisedLossPct: z.number().positive().max(1).optional(),
    /** Propose for every long position when the book's 99 % VaR uses at least this much of maxPostTradeVarPct (1 = at the limit). */
    varUsage: z.number().positive().max(100).optional(),
    structure: z.enum(['protective-put', 'collar']).default('protective-put'),
    /** |Δ| of the put (target ± tolerance), unless `floorPctOtm` picks it by distance below the price. */
    putDelta: z.object({ target: z.number().min(0).max(1), tolerance: z.number().min(0).max(1) }).strict().default({ target: 0.25, tolerance: 0.1 }),
    floorPctOtm: z.number().min(0).max(0.5).optional(),
    /** |Δ| of a collar's call, unless `capPctOtm` picks it by distance above the price. */
    callDelta: z.object({ target: z.number().min(0).max(1), tolerance: z.number().min(0).max(1) }).strict().default({ target: 0.25, tolerance: 0.1 }),
    capPctOtm: z.number().min(0).max(1).optional(),
    dte: z
      .object({ min: z.number().int().min(0), max: z.number().int().min(1), target: z.number().int().min(0) })
      .strict()
      .refine((d) => d.min <= d.target && d.target <= d.max, { message: 'need min ≤ target ≤ max' })
      .default({ min: 30, max: 120, target: 60 }),
    /** Largest net debit as a fraction of the covered shares' value. */
    maxPremiumPct: z.number().positive().max(1).default(0.03),
  })
  .strict();
export type ProtectionPolicyV1 = z.infer<typeof ProtectionPolicyV1>;

/** POST /positions/{symbol}/protect: a protective put or collar proposal for a held long stock position (published, never submitted). */
export const ProtectPositionRequestV1 = z
  .object({
    /** Shares to protect (default: the whole long position; at most what is held). */
    shares: z.number().int().positive().max(10_000_000).optional(),
    /** Overrides of the policy's protection settings (or the defaults) for this request. */
    structure: z.enum(['protective-put', 'collar']).optional(),
    // unwrap(): without the policy's defaults, so an absent field means "the policy's value", not "the default".
    putDelta: ProtectionPolicyV1.shape.putDelta.unwrap().optional(),
    floorPctOtm: ProtectionPolicyV1.shape.floorPctOtm,
    callDelta: ProtectionPolicyV1.shape.callDelta.unwrap().optional(),
    capPctOtm: ProtectionPolicyV1.shape.capPctOtm,
    dte: ProtectionPolicyV1.shape.dte.unwrap().optional(),
    maxPremiumPct: ProtectionPolicyV1.shape.maxPremiumPct.unwrap().optional(),
  })
  .strict();
export type ProtectPositionRequestV1 = z.infer<typeof ProtectPositionRequestV1>;

export const RiskLimitsV1 = z
  .object({
    schema: z.literal('RiskLimitsV1'),
    /** Largest notional (quantity × reference price) of one order, USD. */
    maxOrderNotional: LimitFields.maxOrderNotional,
    /** Largest absolute position value per symbol after the order, USD. */
    maxPositionNotional: LimitFields.maxPositionNotional,
    /** Largest quantity of one order, shares. */
    maxOrderQuantity: LimitFields.maxOrderQuantity,
    /** Fat-finger collar: a limit price (or the reference price) may differ from the last trade by at most this, in basis points. */
    priceCollarBps: LimitFields.priceCollarBps,
    /** Market data older than this (seconds) is stale: no order on it. */
    maxMarketDataAgeSeconds: LimitFields.maxMarketDataAgeSeconds,
    /** Symbols never traded. */
    restrictedSymbols: LimitFields.restrictedSymbols,
    /** Loss since the previous close (USD) at which new risk stops and the kill switch engages. */
    maxDailyLoss: LimitFields.maxDailyLoss,
    /**
     * Collar of option orders: |limit − the quote mid the intent was priced at| × multiplier, in bps of the
     * capital at risk per unit (max loss of a multi-leg order, premium × multiplier of one contract). Default
     * 2000: option spreads are wide against the capital at risk, and a structure priced at its natural
     * (taker) price on quotes that pass the correlator's liquidity filter (each leg's spread ≤ 25 % of its
     * mid) measured 1 300 bps on GOOG 2015-12-24; 500 bps (the stock collar) rejected it.
     */
    optionPriceCollarBps: LimitFields.optionPriceCollarBps.default(2000),
    /** Largest post-trade value of one position as a fraction of equity. */
    maxConcentrationPct: LimitFields.maxConcentrationPct.default(0.5),
    /** Symbol → sector; symbols not in the map are in the sector "unclassified". */
    sectorMap: LimitFields.sectorMap.default({}),
    /** Largest gross exposure of one sector (fraction of equity), for sectors without their own limit. */
    maxSectorPct: LimitFields.maxSectorPct.default(1),
    /** Per-sector limits that replace maxSectorPct for that sector. */
    sectorLimits: LimitFields.sectorLimits.default({}),
    /** Largest gross exposure per asset class (us_equity, us_option, crypto), fraction of equity; a class without an entry is unlimited here. */
    assetClassLimits: LimitFields.assetClassLimits.default({ us_option: 0.1 }),
    /** Σ|position value| / equity after the order. */
    maxGrossLeverage: LimitFields.maxGrossLeverage.default(2),
    /** |Σ signed position value| / equity after the order. */
    maxNetLeverage: LimitFields.maxNetLeverage.default(1.5),
    /** Drawdown from the equity peak (fraction) at which new risk stops and the kill switch engages. */
    maxDrawdownPct: LimitFields.maxDrawdownPct.default(0.2),
    /** Sizing multiplier falling linearly from 1 at startPct to floorMultiplier at fullPct of drawdown. */
    drawdownDeRisking: LimitFields.drawdownDeRisking.default({ startPct: 0.05, fullPct: 0.15, floorMultiplier: 0.25 }),
    maxOrdersPerMinute: LimitFields.maxOrdersPerMinute.default(30),
    maxOrdersPerDay: LimitFields.maxOrdersPerDay.default(500),
    maxOpenOrders: LimitFields.maxOpenOrders.default(100),
    /** Short sales need a shortable asset; with this, an easy-to-borrow one too. */
    requireEasyToBorrow: LimitFields.requireEasyToBorrow.default(true),
    /** FINRA pattern-day-trader rule: below this equity (USD) at most pdtMaxDayTrades day trades in 5 sessions. */
    pdtEquityThreshold: LimitFields.pdtEquityThreshold.default('25000'),
    pdtMaxDayTrades: LimitFields.pdtMaxDayTrades.default(3),
    /** Largest order quantity as a fraction of the symbol's average daily volume. */
    maxAdvPct: LimitFields.maxAdvPct.default(0.01),
    /** New risk stops when short-window realised volatility exceeds this multiple of the long-window one. */
    maxVolatilitySpike: LimitFields.maxVolatilitySpike.default(3),
    /**
     * Highest options approval level the house allows (the account's own level applies too). 3, so the
     * options correlator's defined-risk spreads can trade where the account is approved for them: every
     * multi-leg structure needs level 3, and at 2 every one was rejected. Level 3 grants no undefined risk
     * (an uncovered call needs 4, which the schema caps out), and mleg orders are sized and judged by their
     * maximum loss. The account's own level (Alpaca `options_trading_level`) is the other bound: an account
     * approved for 2 still trades long options only.
     */
    maxOptionLevel: LimitFields.maxOptionLevel.default(3),
    maxOptionContractsPerOrder: LimitFields.maxOptionContractsPerOrder.default(10),
    /** Portfolio Greek limits after the order (delta in share-equivalents, gamma per $1, vega per vol point); absent = not limited. */
    maxAbsDelta: LimitFields.maxAbsDelta.optional(),
    maxAbsGamma: LimitFields.maxAbsGamma.optional(),
    maxAbsVega: LimitFields.maxAbsVega.optional(),
    /** Post-trade one-day VaR (as computed by the caller) as a fraction of equity. */
    maxPostTradeVarPct: LimitFields.maxPostTradeVarPct.default(0.1),
    /**
     * When a check's market input (ADV, volatility, VaR, Greeks, order counts, asset flags for
     * halts) is absent from the snapshot: false → the check passes and says "not measured";
     * true → it fails closed. Short sales and option approval always fail closed.
     */
    failClosedOnMissingData: LimitFields.failClosedOnMissingData.default(false),
    /**
     * Exit rules the signal engine evaluates on every bar for each open position of the account
     * (stop loss, take profit, trailing stop, time stop), before the strategies. Absent (or an
     * absent rule): off, so a policy without it trades exactly as before.
     */
    exitRules: LimitFields.exitRules.optional(),
    /**
     * What the engaged kill switch still lets through. `allowRiskReducingExits` (default true): an intent
     * tagged as an exit (exit rule, flatten) that is strictly reduce-only against the current position
     * (opposite side, quantity ≤ |position|, not an option structure) passes the kill-switch check and
     * execution; everything else stays blocked. A trader must be able to get out while new risk is stopped.
     * Account-level only (a strategy override cannot carry it).
     */
    killSwitch: z
      .object({ allowRiskReducingExits: z.boolean().default(true) })
      .strict()
      .default({ allowRiskReducingExits: true }),
    /**
     * Protective puts and collars proposed for held long stock positions by the close risk-report run when a
     * position's unrealised loss or the book's VaR crosses a threshold. Absent (or `enabled` false): off, as before.
     * Proposals are published as options.strategy.proposed (purpose `protection`) and never submitted by themselves.
     */
    protection: ProtectionPolicyV1.optional(),
    /** Strategy id → overrides that tighten the policy for that strategy's intents. */
    strategyOverrides: z.record(z.string().regex(/^[a-zA-Z0-9_.:-]{1,128}$/), RiskLimitOverridesV1).default({}),
  })
  .strict();
export type RiskLimitsV1 = z.infer<typeof RiskLimitsV1>;
/** A policy as written (later fields optional): what PUT /limits and `limits set` accept. */
export type RiskLimitsV1Input = z.input<typeof RiskLimitsV1>;

/** The default policy a new account starts from (policy version 0): the v1 values plus the defaults above. */
export const DEFAULT_RISK_LIMITS: RiskLimitsV1 = RiskLimitsV1.parse({
  schema: 'RiskLimitsV1',
  maxOrderNotional: '25000',
  maxPositionNotional: '50000',
  maxOrderQuantity: '1000',
  priceCollarBps: 500,
  maxMarketDataAgeSeconds: 180,
  restrictedSymbols: [],
  maxDailyLoss: '2000',
});

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

/**
 * Body of `POST /kill-switch`. Release needs a reason as much as engage does. `flatten` (engage only,
 * optional so an old request parses unchanged): also cancel the working broker orders and send a
 * reduce-only closing intent for every open equity position through the normal pipeline.
 */
export const KillSwitchRequestV1 = z
  .object({
    action: z.enum(['engage', 'release']),
    reason: z.string().min(3).max(500),
    flatten: z.boolean().optional(),
  })
  .strict()
  .refine((r) => r.flatten !== true || r.action === 'engage', { message: 'flatten goes with action engage only', path: ['flatten'] });
export type KillSwitchRequestV1 = z.infer<typeof KillSwitchRequestV1>;

/**
 * Body of `POST /registry/{id}/transition`. Who approves or retires is NEVER in the body: the control API
 * takes it from the request's authenticated identity (IAM principal in AWS, the local operator locally);
 * a body carrying any other field is refused (strict). `gateEvidence` is required for candidate → paper
 * (the server evaluates its configured gates on the metrics); to = paper from live is an operator demotion.
 */
export const RegistryTransitionRequestV1 = z
  .object({
    to: z.enum(['paper', 'live', 'retired']),
    /** Optimistic concurrency: the entry version the caller read (GET /registry). */
    expectedVersion: z.number().int().positive(),
    reason: z.string().min(3).max(500),
    gateEvidence: z
      .object({
        /** Where the metrics come from (a discovery run id, a walk-forward report key). */
        source: z.string().min(1).max(300),
        metrics: z
          .object({
            sample: z.literal('out-of-sample'),
            directionalAccuracy: z.number().finite().optional(),
            profitFactor: z.number().finite().optional(),
            sharpe: z.number().finite().optional(),
            maxDrawdown: z.number().finite().optional(),
            winRate: z.number().finite().optional(),
            deflatedSharpe: z.number().finite().optional(),
            pbo: z.number().finite().optional(),
          })
          .strict(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type RegistryTransitionRequestV1 = z.infer<typeof RegistryTransitionRequestV1>;

/** Query of `GET /risk/report`: one session's report (New York date), else the latest stored. */
export const RiskReportQueryV1 = z
  .object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a session date YYYY-MM-DD').optional() })
  .strict();
export type RiskReportQueryV1 = z.infer<typeof RiskReportQueryV1>;

/** Body of `POST /risk/report` (may be empty): an on-demand run of the risk report on the current book. */
export const RiskReportRunRequestV1 = z
  .object({
    /** Recompute even when a report of this session was computed less than the reuse window ago. */
    force: z.boolean().default(false),
  })
  .strict();
export type RiskReportRunRequestV1 = z.infer<typeof RiskReportRunRequestV1>;

/** Query of the list endpoints. */
export const AccountQueryV1 = z.object({ accountId: AccountId.optional() }).strict();

/** Every error the API returns has this shape. */
export const ApiErrorV1 = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorV1 = z.infer<typeof ApiErrorV1>;

/** Hits over trials of a strategy's or model's scored live calls; `rate` is null with no trial (never 0 by default). */
export const LiveHitRateV1 = z.object({
  hits: z.number().int().nonnegative(),
  trials: z.number().int().nonnegative(),
  rate: z.number().min(0).max(1).nullable(),
  /** How the trials were chosen, in words (the last N ledger outcomes; every h-th decided forecast). */
  window: z.string(),
});
export type LiveHitRateV1 = z.infer<typeof LiveHitRateV1>;

/** One strategy the signal engine runs (`GET /strategies`). The first five fields are the original contract. */
export const StrategySummaryV1 = z.object({
  strategyId: z.string(),
  version: z.string(),
  state: z.enum(['candidate', 'paper', 'live', 'retired']),
  parameters: z.record(z.string(), z.unknown()),
  symbols: z.array(z.string()),
  /** Where the binding comes from: the pre-market selection's active set, or the built-in default when none was stored. */
  source: z.enum(['active-set', 'default']),
  /** Catalogue family (active-set entries). */
  family: z.string().optional(),
  /** Registry entry version the selection read (active-set entries). */
  registryVersion: z.number().int().optional(),
  /** The registry's state now, when it differs from or confirms the set's (absent: no registry or no entry). */
  registryStateNow: z.enum(['candidate', 'paper', 'live', 'retired']).optional(),
  /** Recent out-of-sample Sharpe the selection ranked it on (active-set entries). */
  sharpe: z.number().optional(),
  /** Set when the engine skips it (its configuration no longer builds). */
  skipped: z.string().optional(),
  liveHitRate: LiveHitRateV1,
});
export type StrategySummaryV1 = z.infer<typeof StrategySummaryV1>;

const HeldOutMetricV1 = z.object({ estimate: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable() });

/** One registry version of an ML model as the signal engine serves it. */
export const ModelVersionSummaryV1 = z.object({
  version: z.string(),
  /** False when the registry has a pointer but no manifest for it (metrics unknown). */
  manifestFound: z.boolean(),
  trainedThrough: z.string().nullable(),
  /** Held-out metrics of the primary forecast and of the always-up baseline on the same rows (from the manifest). */
  holdout: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    rows: z.number().int().nullable(),
    accuracy: HeldOutMetricV1.nullable(),
    auc: HeldOutMetricV1.nullable(),
    baselineAccuracy: HeldOutMetricV1.nullable(),
  }),
  /** Recorded forecasts scored on the training label (null: no daily bars to score them with). */
  liveHitRate: LiveHitRateV1.nullable(),
  forecasts: z.object({ recorded: z.number().int().nonnegative(), pending: z.number().int().nonnegative() }),
});
export type ModelVersionSummaryV1 = z.infer<typeof ModelVersionSummaryV1>;

export const ModelSummaryV1 = z.object({
  symbol: z.string(),
  modelId: z.string(),
  family: z.string(),
  champion: ModelVersionSummaryV1.nullable(),
  challenger: ModelVersionSummaryV1.nullable(),
});
export type ModelSummaryV1 = z.infer<typeof ModelSummaryV1>;

/** `GET /strategies`: what the live loop trades now (strategies, then ML models per symbol). */
export const StrategiesResponseV1 = z.object({
  strategies: z.array(StrategySummaryV1),
  source: z.enum(['active-set', 'default']),
  /** The stored active set (null: none was ever stored, the default runs). */
  activeSet: z.object({ sessionDate: z.string(), selectedAt: z.string(), version: z.number().int() }).nullable(),
  /** Symbols with a champion in the models registry; empty when the registry has none. */
  models: z.array(ModelSummaryV1),
  /** Watchlist symbols whose models registry has no champion. */
  symbolsWithoutModel: z.array(z.string()),
});
export type StrategiesResponseV1 = z.infer<typeof StrategiesResponseV1>;
