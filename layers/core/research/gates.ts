/**
 * Promotion gates: the checks a candidate strategy must pass before it may trade, evaluated ONLY on
 * out-of-sample evidence (the stitched walk-forward or CPCV test returns, the trades taken there, the
 * deflated Sharpe ratio of the selection and the PBO of the search). The metrics type carries
 * `sample: 'out-of-sample'` so that in-sample numbers cannot be passed by accident.
 *
 * Every gate reports its value, threshold, pass and a one-line reason. A metric that was not measured, or
 * is NaN, FAILS its gate ("not measured" is not evidence). Zero candidates passing is an acceptable and
 * honest outcome: the gates exist to say "nothing here is good enough" when that is the truth.
 */

import { directionalAccuracy, sharpeRatio, tradeStatistics, type ClosedTrade } from '../analytics';
import { deflatedSharpeRatio, sharpeMoments } from './deflated-sharpe';
import { maxDrawdownOfReturns } from './resampling';

/** The metrics a gate can check. */
export type GateMetric = 'directionalAccuracy' | 'profitFactor' | 'sharpe' | 'maxDrawdown' | 'winRate' | 'deflatedSharpe' | 'pbo';

/** A threshold and its direction: the value must be at least (≥) or at most (≤) the threshold. */
export interface GateRule {
  readonly threshold: number;
  readonly comparison: 'at-least' | 'at-most';
}

/** A gate set: the gates to apply (absent metrics are not checked). */
export type GateSet = Readonly<Partial<Record<GateMetric, GateRule>>>;

const atLeast = (threshold: number): GateRule => ({ threshold, comparison: 'at-least' });
const atMost = (threshold: number): GateRule => ({ threshold, comparison: 'at-most' });

/**
 * Default gates: research-grade thresholds, stated so they can be argued with.
 * - deflatedSharpe ≥ 0.95: 95 % confidence that the true Sharpe beats the best that luck gives the number of trials.
 * - pbo ≤ 0.2: at most a one-in-five chance that the search's in-sample winner is at or below the median out of sample.
 * - sharpe ≥ 0.5 (annualised, out of sample), maxDrawdown ≤ 0.25, profitFactor ≥ 1.2, winRate ≥ 0.35
 *   (trend followers often win under half their trades), directionalAccuracy ≥ 0.52 (a measurable edge over a coin).
 */
export const DEFAULT_PROMOTION_GATES: GateSet = {
  deflatedSharpe: atLeast(0.95),
  pbo: atMost(0.2),
  sharpe: atLeast(0.5),
  maxDrawdown: atMost(0.25),
  profitFactor: atLeast(1.2),
  winRate: atLeast(0.35),
  directionalAccuracy: atLeast(0.52),
};

/**
 * The project's seed targets, which are ASPIRATIONAL (e.g. 95 % directional accuracy on daily bars is far
 * beyond any published, honestly validated result). Use them to see how far a candidate is from the
 * ambition, not as the bar for trading; expect no candidate to pass them.
 */
export const SEED_TARGET_GATES: GateSet = {
  ...DEFAULT_PROMOTION_GATES,
  directionalAccuracy: atLeast(0.95),
};

/** Out-of-sample metrics of one candidate. NaN or absent = not measured (fails its gate). */
export interface OutOfSampleMetrics {
  readonly sample: 'out-of-sample';
  readonly directionalAccuracy?: number;
  readonly profitFactor?: number;
  /** Annualised. */
  readonly sharpe?: number;
  /** Positive fraction. */
  readonly maxDrawdown?: number;
  readonly winRate?: number;
  readonly deflatedSharpe?: number;
  readonly pbo?: number;
}

/** One gate's verdict. */
export interface GateResult {
  readonly gate: GateMetric;
  readonly value: number;
  readonly threshold: number;
  readonly comparison: GateRule['comparison'];
  readonly pass: boolean;
  readonly reason: string;
}

/** All gates' verdicts; `passed` only when every gate passed (and at least one gate was applied). */
export interface GateReport {
  readonly passed: boolean;
  readonly results: readonly GateResult[];
  /** The failed gates' reasons, in gate order. */
  readonly failures: readonly string[];
}

const GATE_ORDER: readonly GateMetric[] = ['deflatedSharpe', 'pbo', 'sharpe', 'maxDrawdown', 'profitFactor', 'winRate', 'directionalAccuracy'];

const fmt = (x: number): string => (Number.isFinite(x) ? String(Number(x.toFixed(4))) : String(x));

/** Evaluates a gate set on out-of-sample metrics. */
export function evaluateGates(metrics: OutOfSampleMetrics, gates: GateSet = DEFAULT_PROMOTION_GATES): GateReport {
  const results: GateResult[] = [];
  for (const gate of GATE_ORDER) {
    const rule = gates[gate];
    if (rule === undefined) continue;
    const value = metrics[gate] ?? Number.NaN;
    const sign = rule.comparison === 'at-least' ? '≥' : '≤';
    let pass: boolean;
    let reason: string;
    if (Number.isNaN(value)) {
      pass = false;
      reason = `${gate}: not measured out of sample (required ${sign} ${fmt(rule.threshold)})`;
    } else {
      pass = rule.comparison === 'at-least' ? value >= rule.threshold : value <= rule.threshold;
      reason = `${gate} ${fmt(value)} ${pass ? 'meets' : 'fails'} ${sign} ${fmt(rule.threshold)}`;
    }
    results.push({ gate, value, threshold: rule.threshold, comparison: rule.comparison, pass, reason });
  }
  const failures = results.filter((r) => !r.pass).map((r) => r.reason);
  return { passed: results.length > 0 && failures.length === 0, results, failures };
}

/** Evidence from which the out-of-sample metrics are computed. */
export interface OutOfSampleEvidence {
  /** Stitched out-of-sample period returns (walk-forward test ranges or a CPCV path). */
  readonly returns: ArrayLike<number>;
  /** Default 252. */
  readonly periodsPerYear?: number;
  /** Trades closed out of sample (for profit factor and win rate). */
  readonly trades?: readonly ClosedTrade[];
  /** Predicted directions and realised outcomes out of sample, aligned (for directional accuracy). */
  readonly predictions?: { readonly predicted: ArrayLike<number>; readonly realised: ArrayLike<number> };
  /** The search the candidate came from: N trials and the variance of their per-period Sharpe ratios. */
  readonly selection?: { readonly trials: number; readonly sharpeVariance: number };
  /** PBO of the search (CSCV over the candidates' returns). */
  readonly pbo?: number;
}

/** Computes the gate metrics from out-of-sample evidence; what cannot be computed is left absent. */
export function outOfSampleMetrics(evidence: OutOfSampleEvidence): OutOfSampleMetrics {
  const periodsPerYear = evidence.periodsPerYear ?? 252;
  const m = sharpeMoments(evidence.returns);
  const stats = evidence.trades !== undefined && evidence.trades.length > 0 ? tradeStatistics(evidence.trades) : undefined;
  const accuracy = evidence.predictions !== undefined ? directionalAccuracy(evidence.predictions.predicted, evidence.predictions.realised).accuracy : undefined;
  const dsr = evidence.selection !== undefined ? deflatedSharpeRatio({ ...m, ...evidence.selection }).dsr : undefined;
  return {
    sample: 'out-of-sample',
    sharpe: sharpeRatio(evidence.returns, { periodsPerYear }),
    maxDrawdown: evidence.returns.length > 0 ? maxDrawdownOfReturns(evidence.returns) : Number.NaN,
    ...(stats === undefined ? {} : { profitFactor: stats.profitFactor, winRate: stats.winRate }),
    ...(accuracy === undefined ? {} : { directionalAccuracy: accuracy }),
    ...(dsr === undefined ? {} : { deflatedSharpe: dsr }),
    ...(evidence.pbo === undefined ? {} : { pbo: evidence.pbo }),
  };
}

/** Candidates split into promoted and rejected; an empty `promoted` is a valid, honest result. */
export function selectPromotable<C extends { readonly metrics: OutOfSampleMetrics }>(
  candidates: readonly C[],
  gates: GateSet = DEFAULT_PROMOTION_GATES,
): { readonly promoted: ReadonlyArray<C & { readonly report: GateReport }>; readonly rejected: ReadonlyArray<C & { readonly report: GateReport }> } {
  const judged = candidates.map((c) => ({ ...c, report: evaluateGates(c.metrics, gates) }));
  return { promoted: judged.filter((c) => c.report.passed), rejected: judged.filter((c) => !c.report.passed) };
}
