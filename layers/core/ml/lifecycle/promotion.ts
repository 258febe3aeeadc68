/**
 * Champion/challenger promotion (issue 7), pure.
 *
 * The test: an exact one-sided McNemar test on the SAME hold-out rows, scored by hit (probability on
 * the right side of 0.5). Rows are those out of sample for BOTH models (the challenger's hold-out
 * rows decided after the champion's training labels ended), thinned to every `horizon`-th row so no
 * two rows' label spans overlap (McNemar assumes independent pairs; overlapping h-bar labels are not).
 * b = rows only the champion got right, c = rows only the challenger got right; under H0 (equal hit
 * rates) c ~ Binomial(b + c, ½); p = P(X ≥ c). Promote when p < alpha AND c > b AND there are at
 * least `minDiscordant` discordant rows. The log-loss difference on the same rows is reported as
 * supporting evidence, not used in the decision.
 *
 * With no champion, the incumbent is the always-up baseline (P(up) = max(0.5, development up-rate)):
 * a first model must beat "always predict up" the same way, or nothing is promoted.
 */
import { binomialTest } from './stats';

export interface PromotionPolicy {
  readonly alpha: number;
  readonly minDiscordant: number;
}

export const DEFAULT_PROMOTION_POLICY: PromotionPolicy = { alpha: 0.05, minDiscordant: 10 };

export interface McNemarResult {
  readonly rows: number;
  /** Champion right, challenger wrong. */
  readonly b: number;
  /** Challenger right, champion wrong. */
  readonly c: number;
  /** One-sided exact p-value P(X ≥ c), X ~ Binomial(b + c, ½). */
  readonly pValue: number;
}

/** Exact one-sided McNemar test that the challenger's hit rate exceeds the champion's on paired rows. */
export function mcnemarExact(y: ArrayLike<number>, champion: ArrayLike<number>, challenger: ArrayLike<number>): McNemarResult {
  if (y.length !== champion.length || y.length !== challenger.length) throw new RangeError(`paired rows differ: ${y.length} labels, ${champion.length} champion, ${challenger.length} challenger`);
  let b = 0;
  let c = 0;
  for (let i = 0; i < y.length; i += 1) {
    const up = (y[i] as number) === 1;
    const champRight = ((champion[i] as number) > 0.5) === up;
    const challRight = ((challenger[i] as number) > 0.5) === up;
    if (champRight && !challRight) b += 1;
    if (challRight && !champRight) c += 1;
  }
  return { rows: y.length, b, c, pValue: b + c === 0 ? 1 : binomialTest(c, b + c, 0.5, 'greater') };
}

function meanLogLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i += 1) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i] as number));
    s += (y[i] as number) === 1 ? -Math.log(q) : -Math.log(1 - q);
  }
  return y.length === 0 ? Number.NaN : s / y.length;
}

export interface PairedEvaluation {
  /** Labels of the shared out-of-sample rows (already thinned), and both models' P(up) on them. */
  readonly y: ArrayLike<number>;
  readonly champion: ArrayLike<number>;
  readonly challenger: ArrayLike<number>;
  /** Dates of the rows (first and last go into the evidence). */
  readonly dates: readonly string[];
}

export interface PromotionDecision {
  readonly promote: boolean;
  readonly reason: string;
  readonly incumbent: { readonly kind: 'champion'; readonly version: string } | { readonly kind: 'baseline-always-up' };
  readonly challengerVersion: string;
  readonly test: McNemarResult & { readonly name: 'mcnemar-exact-one-sided'; readonly alpha: number; readonly minDiscordant: number };
  readonly evidence: {
    readonly rows: number;
    readonly from?: string;
    readonly to?: string;
    readonly hitRate: { readonly incumbent: number; readonly challenger: number };
    readonly logLoss: { readonly incumbent: number; readonly challenger: number };
  };
  readonly method: string;
}

/** The promotion decision from paired out-of-sample predictions (see the module comment). */
export function decidePromotion(
  paired: PairedEvaluation,
  challengerVersion: string,
  incumbent: PromotionDecision['incumbent'],
  policy: PromotionPolicy = DEFAULT_PROMOTION_POLICY,
): PromotionDecision {
  const test = mcnemarExact(paired.y, paired.champion, paired.challenger);
  const n = test.rows;
  const hits = (p: ArrayLike<number>): number => {
    let h = 0;
    for (let i = 0; i < n; i += 1) if (((p[i] as number) > 0.5) === ((paired.y[i] as number) === 1)) h += 1;
    return n === 0 ? Number.NaN : h / n;
  };
  const against = incumbent.kind === 'champion' ? `champion ${incumbent.version}` : 'the always-up baseline';
  let promote = false;
  let reason: string;
  if (n === 0) reason = `no rows are out of sample for both the challenger and ${against}`;
  else if (test.b + test.c < policy.minDiscordant) reason = `${test.b + test.c} discordant rows < ${policy.minDiscordant}: too little evidence against ${against}`;
  else if (test.c <= test.b) reason = `challenger is not better than ${against} (challenger-only hits ${test.c} ≤ incumbent-only hits ${test.b})`;
  else if (test.pValue >= policy.alpha) reason = `challenger beats ${against} on ${test.c} vs ${test.b} discordant rows but p ${test.pValue.toFixed(4)} ≥ α ${policy.alpha}`;
  else {
    promote = true;
    reason = `challenger beats ${against}: ${test.c} vs ${test.b} discordant rows, one-sided exact McNemar p ${test.pValue.toFixed(4)} < α ${policy.alpha}`;
  }
  return {
    promote,
    reason,
    incumbent,
    challengerVersion,
    test: { name: 'mcnemar-exact-one-sided', ...test, alpha: policy.alpha, minDiscordant: policy.minDiscordant },
    evidence: {
      rows: n,
      ...(paired.dates.length > 0 ? { from: paired.dates[0], to: paired.dates[paired.dates.length - 1] } : {}),
      hitRate: { incumbent: hits(paired.champion), challenger: hits(paired.challenger) },
      logLoss: { incumbent: meanLogLoss(paired.y, paired.champion), challenger: meanLogLoss(paired.y, paired.challenger) },
    },
    method:
      'exact one-sided McNemar test on hits (P > 0.5 vs label) over the challenger hold-out rows that are out of sample for both models, thinned to every horizon-th row so label spans do not overlap',
  };
}

/**
 * Row indices (into the challenger's hold-out) usable for the paired test: decided after the
 * incumbent's last training label could have been decided (`firstUnseen`: the first hold-out row
 * whose decision date is after the incumbent's trainedThrough, plus `horizon` rows), then every
 * `horizon`-th row.
 */
export function sharedOutOfSampleRows(holdoutDates: readonly string[], incumbentTrainedThrough: string | undefined, horizon: number): number[] {
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
  let first = 0;
  if (incumbentTrainedThrough !== undefined) {
    const after = holdoutDates.findIndex((d) => d > incumbentTrainedThrough);
    if (after < 0) return [];
    // Rows up to horizon−1 bars after trainedThrough had labels overlapping the incumbent's last training labels.
    first = after + horizon - 1;
  }
  const out: number[] = [];
  for (let i = first; i < holdoutDates.length; i += horizon) out.push(i);
  return out;
}
