/**
 * The correlator's decision table: which option structure expresses a stock signal, given the signal's view and
 * the underlying's IV rank. The table is data (zod-validated, so an operator can replace it without code), and
 * every decision names the inputs and the row it used.
 *
 * Views: a signal's direction and strength (and a volatility view when the producer has one) map to one of
 * strong-long, moderate-long, neutral, volatile, moderate-short, strong-short; a long or short signal weaker
 * than `moderateStrength` maps to no view (no trade). IV rank buckets: low (< `ivRankLow`), high (≥ `ivRankHigh`),
 * mid (between), unknown (no usable 52-week history). Principle of the default rows: a high IV rank favours
 * selling premium (credit spreads, condors, covered calls), a low one favours buying it (long options, debit
 * spreads, straddles); with the IV rank unknown the rows pick defined-risk spreads, whose vega is smaller than a
 * naked long or short option's, so being wrong about the IV level costs least.
 */
import { z } from 'zod';

/** Structures the correlator can propose (a subset of the strategies catalogue: defined risk or covered). */
export const CORRELATOR_STRUCTURES = [
  'long-call',
  'long-put',
  'covered-call',
  'cash-secured-put',
  'bull-call-spread',
  'bear-call-spread',
  'bull-put-spread',
  'bear-put-spread',
  'long-straddle',
  'iron-condor',
] as const;
export type CorrelatorStructure = (typeof CORRELATOR_STRUCTURES)[number];

export const SIGNAL_VIEWS = ['strong-long', 'moderate-long', 'neutral', 'volatile', 'moderate-short', 'strong-short'] as const;
export type SignalView = (typeof SIGNAL_VIEWS)[number];

export const IV_BUCKETS = ['low', 'mid', 'high', 'unknown'] as const;
export type IvBucket = (typeof IV_BUCKETS)[number];

/** One row: for this view, IV bucket (and regime, when the row names one), the structures in order of preference. */
export const CorrelatorRowSchema = z.strictObject({
  view: z.enum(SIGNAL_VIEWS),
  iv: z.enum(IV_BUCKETS),
  /** Only when the signal's regime equals this; rows with a regime win over rows without. */
  regime: z.string().min(1).max(64).optional(),
  /** Tried in order: the first one the chain and the account can carry is proposed. Empty: no trade. */
  structures: z.array(z.enum(CORRELATOR_STRUCTURES)).max(5),
  /** Why the row says what it says (shown in every decision that uses it). */
  rationale: z.string().min(1).max(300),
});
export type CorrelatorRow = z.infer<typeof CorrelatorRowSchema>;

export const CorrelatorTableSchema = z
  .strictObject({
    /** A long/short signal at least this strong is "strong". */
    strongStrength: z.number().gt(0).max(1),
    /** A long/short signal weaker than this gives no trade. */
    moderateStrength: z.number().min(0).max(1),
    /** IV rank below this is "low". */
    ivRankLow: z.number().min(0).max(1),
    /** IV rank at or above this is "high". */
    ivRankHigh: z.number().min(0).max(1),
    rows: z.array(CorrelatorRowSchema).min(1),
  })
  .refine((t) => t.moderateStrength <= t.strongStrength, { message: 'moderateStrength must not exceed strongStrength', path: ['moderateStrength'] })
  .refine((t) => t.ivRankLow <= t.ivRankHigh, { message: 'ivRankLow must not exceed ivRankHigh', path: ['ivRankLow'] })
  .refine((t) => SIGNAL_VIEWS.every((view) => IV_BUCKETS.every((iv) => t.rows.some((r) => r.view === view && r.iv === iv && r.regime === undefined))), {
    message: 'every view × IV bucket needs a row without a regime (the fallback)',
    path: ['rows'],
  });
export type CorrelatorTable = z.infer<typeof CorrelatorTableSchema>;

const row = (view: SignalView, iv: IvBucket, structures: CorrelatorStructure[], rationale: string): CorrelatorRow => ({ view, iv, structures, rationale });

/** The seed's table (issue 4), with the gaps it leaves filled and the reason for each fill stated. */
export const DEFAULT_CORRELATOR_TABLE: CorrelatorTable = CorrelatorTableSchema.parse({
  strongStrength: 0.7,
  moderateStrength: 0.3,
  ivRankLow: 0.3,
  ivRankHigh: 0.5,
  rows: [
    row('strong-long', 'low', ['long-call', 'bull-call-spread'], 'strong buy, cheap premium: buy calls outright'),
    row('strong-long', 'mid', ['bull-call-spread', 'long-call'], 'strong buy, fair premium: a debit spread halves the premium at risk'),
    row('strong-long', 'high', ['covered-call', 'bull-call-spread'], 'strong buy, rich premium: sell calls against shares held, else a debit spread (its short call sells some of the rich premium back)'),
    row('strong-long', 'unknown', ['bull-call-spread'], 'strong buy, IV level unknown: a debit spread has the smallest vega of the bullish choices'),
    row('moderate-long', 'low', ['bull-call-spread'], 'moderate buy, cheap premium: a debit spread (buy premium when it is cheap)'),
    row('moderate-long', 'mid', ['bull-put-spread', 'cash-secured-put'], 'moderate buy: a credit put spread profits if the stock merely holds up'),
    row('moderate-long', 'high', ['bull-put-spread', 'cash-secured-put'], 'moderate buy, rich premium: sell puts (spread first: defined risk)'),
    row('moderate-long', 'unknown', ['bull-put-spread'], 'moderate buy, IV level unknown: a defined-risk credit spread'),
    row('neutral', 'low', ['long-straddle'], 'no direction, cheap premium: buy a straddle for a move'),
    row('neutral', 'mid', [], 'no direction and IV rank in the middle: no edge either way'),
    row('neutral', 'high', ['iron-condor'], 'no direction, rich premium: sell an iron condor'),
    row('neutral', 'unknown', [], 'no direction and no IV rank: nothing to express'),
    row('volatile', 'low', ['long-straddle'], 'a move expected, cheap premium: buy a straddle'),
    row('volatile', 'mid', ['long-straddle'], 'a move expected: buy a straddle'),
    row('volatile', 'high', [], 'a move expected but premium is rich: buying it is the wrong side of IV, selling it the wrong side of the view'),
    row('volatile', 'unknown', ['long-straddle'], 'a move expected, IV level unknown: a straddle is the direct expression'),
    row('moderate-short', 'low', ['bear-put-spread'], 'moderate sell, cheap premium: a debit put spread'),
    row('moderate-short', 'mid', ['bear-call-spread'], 'moderate sell: a credit call spread profits if the stock merely stays down'),
    row('moderate-short', 'high', ['bear-call-spread'], 'moderate sell, rich premium: sell a call spread'),
    row('moderate-short', 'unknown', ['bear-call-spread'], 'moderate sell, IV level unknown: a defined-risk credit spread'),
    row('strong-short', 'low', ['long-put', 'bear-put-spread'], 'strong sell, cheap premium: buy puts outright'),
    row('strong-short', 'mid', ['bear-put-spread', 'long-put'], 'strong sell, fair premium: a debit put spread'),
    row('strong-short', 'high', ['bear-put-spread', 'bear-call-spread'], 'strong sell, rich premium: a debit put spread (its short put sells premium back), else a credit call spread'),
    row('strong-short', 'unknown', ['bear-put-spread'], 'strong sell, IV level unknown: a debit spread has the smallest vega of the bearish choices'),
  ],
});
