/**
 * How the correlator turns a structure name into contracts: the expiry window, the target deltas, the liquidity
 * filters, the rates for IVs and Greeks, how the limit is priced and how the structure is sized. zod-validated
 * data with defaults, so the CLI and the Lambda read the same knobs.
 */
import { z } from 'zod';
import { CorrelatorTableSchema, DEFAULT_CORRELATOR_TABLE } from './table';

const fraction = z.number().min(0).max(1);
const deltaTarget = z.strictObject({ target: fraction, tolerance: fraction });

export const SelectionConfigSchema = z.strictObject({
  /** Calendar days to expiry: eligible expiries lie in [min, max]; the one closest to `target` is tried first. */
  dte: z
    .strictObject({ min: z.number().int().min(0), max: z.number().int().min(1), target: z.number().int().min(0) })
    .refine((d) => d.min <= d.target && d.target <= d.max, { message: 'need min ≤ target ≤ max' })
    .default({ min: 20, max: 60, target: 30 }),
  /** |Δ| band of a bought leg that carries the view (long call/put, the long leg of a debit spread). */
  longDelta: z
    .strictObject({ min: fraction, max: fraction })
    .refine((b) => b.min <= b.max, { message: 'need min ≤ max' })
    .default({ min: 0.5, max: 0.6 }),
  /** |Δ| of a sold leg (short leg of a vertical, cash-secured put, covered call). */
  shortDelta: deltaTarget.default({ target: 0.3, tolerance: 0.1 }),
  /** |Δ| of the protective wing of a credit spread. */
  wingDelta: deltaTarget.default({ target: 0.16, tolerance: 0.08 }),
  /** |Δ| of an iron condor's short legs and of its wings. */
  condorShortDelta: deltaTarget.default({ target: 0.2, tolerance: 0.08 }),
  condorWingDelta: deltaTarget.default({ target: 0.1, tolerance: 0.06 }),
  liquidity: z
    .strictObject({
      /** (ask − bid) / mid at most this. */
      maxSpreadToMid: z.number().positive().max(2),
      /** Smallest acceptable bid (a zero or penny bid is no market to sell into, nor to exit a long). */
      minBid: z.number().min(0),
      /** Open interest at least this, when the chain reports it. */
      minOpenInterest: z.number().int().min(0),
      /** Treat a contract without reported open interest as ineligible (Alpaca's snapshot endpoint has none). */
      requireOpenInterest: z.boolean(),
    })
    .default({ maxSpreadToMid: 0.25, minBid: 0.05, minOpenInterest: 10, requireOpenInterest: false }),
  /** Risk-free rate and dividend yield for the IVs and Greeks (continuously compounded). */
  r: z.number().min(-0.1).max(0.5).default(0),
  q: z.number().min(0).max(0.5).default(0),
  /** IV model for the chain's deltas: American (Bjerksund–Stensland 2002, the listed style) or European. */
  model: z.enum(['american-bs2002', 'european']).default('american-bs2002'),
  /**
   * The order's limit: `natural` (buy legs at the ask, sell legs at the bid: marketable, pays the whole spread)
   * or `mid` (may not fill). Default natural: a proposal that never fills measures nothing.
   */
  limitPricing: z.enum(['natural', 'mid']).default('natural'),
  /** Capital at risk per proposal: `riskFraction` of equity against the structure's max loss; at most `maxContracts` units. */
  riskFraction: z.number().gt(0).max(1).default(0.02),
  maxContracts: z.number().int().min(1).max(1000).default(10),
});
export type SelectionConfig = z.infer<typeof SelectionConfigSchema>;

export const CorrelatorConfigSchema = z.strictObject({
  table: CorrelatorTableSchema.default(DEFAULT_CORRELATOR_TABLE),
  selection: SelectionConfigSchema.default(SelectionConfigSchema.parse({})),
  /** IV rank needs this many weeks of daily IV history; shorter history makes the IV rank unknown. */
  ivHistoryWeeks: z.number().int().min(1).max(104).default(52),
});
export type CorrelatorConfig = z.infer<typeof CorrelatorConfigSchema>;

/** The defaults (the table of ./table, 20–60 DTE closest to 30, 0.50–0.60 long, 0.30 short, 0.16 wing). */
export const DEFAULT_CORRELATOR_CONFIG: CorrelatorConfig = CorrelatorConfigSchema.parse({});
