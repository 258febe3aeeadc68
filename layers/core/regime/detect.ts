/**
 * The regime detector: a Gaussian HMM on [log return, ln realised volatility] (fitted by Baum-Welch, or
 * given), its causal forward filter mapped onto the four trend × volatility labels, and the rule-based
 * quadrants. The ensemble works per axis: P(bull) and P(volatile) are each a weighted average of the
 * HMM's probability (the filtered mass on states named bull / volatile) and the rule's 0/1 verdict; a
 * label's probability is the product of its two axes. The regime switches (hysteresis) only when
 * another label beats the current one by at least `switchMargin`.
 *
 * What is causal and what is not: with a given `model`, every day's regime uses bars up to that day
 * only. When the model is fitted here, its parameters come from the bars up to `fitThrough` (default:
 * all of them), so a backtest that wants no lookahead at all must fit on an earlier window and pass
 * the model (or set `fitThrough`). The Viterbi path in the state summary is hindsight by construction.
 */
import type { RegimeChangedV1 } from '../../contracts';
import { regimeFeatures, TRADING_DAYS_PER_YEAR } from './features';
import { fitGaussianHmm, forwardFilter, stateCount, viterbi, type CovarianceType, type GaussianHmm } from './hmm';
import { quadrantLabel, REGIME_LABELS, type RegimeLabel, type RegimeProbabilities } from './labels';
import { trendVolatilityQuadrants } from './quadrants';

/** A daily bar as the detector needs it. */
export interface RegimeBar {
  /** Session date, YYYY-MM-DD. */
  readonly date: string;
  readonly close: number;
}

/** A fitted regime model (plain JSON: store it, ship it to the live path). */
export interface RegimeModel {
  /** Deterministic from the parameters and the training window. */
  readonly id: string;
  readonly hmm: GaussianHmm;
  /** The label each HMM state stands for: bull when its mean log return ≥ 0, volatile when its mean volatility is above the training median. */
  readonly stateLabels: readonly RegimeLabel[];
  /** Annualised volatility dividing quiet from volatile states (the training median). */
  readonly volatilityThreshold: number;
  readonly volatilityWindow: number;
  readonly trainedFrom: string;
  readonly trainedTo: string;
  readonly trainingObservations: number;
  readonly logLikelihood: number;
}

export interface RegimeDetectionOptions {
  /** HMM states (default 2). */
  readonly states?: number;
  readonly covarianceType?: CovarianceType;
  /** Baum-Welch random starts (default 10) and their seed (default 1). */
  readonly restarts?: number;
  readonly seed?: number;
  readonly maxIterations?: number;
  readonly tolerance?: number;
  /** Realised-volatility window for both the HMM and the rules (default 21). */
  readonly volatilityWindow?: number;
  /** SMA window of the trend rule (default 200). */
  readonly trendWindow?: number;
  /** Rolling-median window of the volatility rule (default 252). */
  readonly medianWindow?: number;
  /**
   * Weight of the HMM on the trend axis, the SMA rule gets 1 − w (default 0.25: an HMM state's mean
   * return is a weak trend signal — on SPY 2010–2020 both states of a 2-state model have a positive mean).
   */
  readonly hmmTrendWeight?: number;
  /** Weight of the HMM on the volatility axis, the median rule gets 1 − w (default 0.5). */
  readonly hmmVolatilityWeight?: number;
  /** The regime moves to another label only when its probability exceeds the current label's by this (default 0.1). */
  readonly switchMargin?: number;
  /** Fit on bars dated up to this day (inclusive); default all. Ignored with `model`. */
  readonly fitThrough?: string;
  /** A model fitted earlier: no fitting, the detector only filters (the live path). */
  readonly model?: RegimeModel;
}

/** One day's regime view. */
export interface RegimeDay {
  readonly date: string;
  readonly close: number;
  /** Annualised realised volatility; null before the window fills. */
  readonly volatility: number | null;
  /** The HMM's filtered distribution over its states and its most probable state; null before the features exist. */
  readonly hmm: { readonly state: number; readonly probabilities: readonly number[] } | null;
  /** The rules' quadrant; null before their warm-up. */
  readonly ruleLabel: RegimeLabel | null;
  /** Ensemble probability per label; null when neither source has a view. */
  readonly probabilities: RegimeProbabilities | null;
  /** The ensemble's most probable label and its probability. */
  readonly label: RegimeLabel | null;
  readonly confidence: number | null;
  /** The regime after hysteresis (what `regime.changed` follows). */
  readonly regime: RegimeLabel | null;
}

/** A switch of the regime (the first regime counts as a switch from null). */
export interface RegimeChange {
  readonly index: number;
  readonly date: string;
  readonly from: RegimeLabel | null;
  readonly to: RegimeLabel;
  readonly confidence: number;
  readonly probabilities: RegimeProbabilities;
  readonly hmmState: number | null;
  readonly ruleLabel: RegimeLabel | null;
}

/** Return statistics of a group of days (simple daily returns). */
export interface ReturnSummary {
  readonly days: number;
  readonly share: number;
  readonly meanDailyReturn: number;
  /** Mean daily return × 252. */
  readonly annualisedReturn: number;
  /** Sample standard deviation of daily returns × √252. */
  readonly annualisedVolatility: number;
}

export interface StateSummary extends ReturnSummary {
  readonly state: number;
  readonly label: RegimeLabel;
  /** 1 / (1 − A_kk). */
  readonly expectedDurationDays: number;
  /** exp of the emission mean of ln volatility: the state's typical realised volatility. */
  readonly typicalVolatility: number;
}

export interface LabelSummary extends ReturnSummary {
  readonly label: RegimeLabel;
  /** Mean return of the day after a day in this regime (what a strategy acting at the close would earn next). */
  readonly meanNextDayReturn: number;
}

export interface RegimeDetection {
  readonly model: RegimeModel;
  /** Baum-Welch detail when the model was fitted here. */
  readonly fit?: { readonly iterations: number; readonly converged: boolean; readonly restarts: readonly { readonly logLikelihood: number; readonly iterations: number; readonly converged: boolean }[]; readonly best: number };
  readonly days: readonly RegimeDay[];
  readonly changes: readonly RegimeChange[];
  /** Per HMM state over the training window, days assigned by Viterbi (hindsight). */
  readonly states: readonly StateSummary[];
  /** Per ensemble regime (causal, after hysteresis) over all days with a regime. */
  readonly labels: readonly LabelSummary[];
  /** The last day's regime. */
  readonly current: RegimeDay | null;
}

const emptyProbabilities = (): Record<RegimeLabel, number> => ({ 'bull-quiet': 0, 'bull-volatile': 0, 'bear-quiet': 0, 'bear-volatile': 0 });

/** FNV-1a (32 bit) of a string, as 8 hex digits: a short deterministic model id. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function returnSummary(returns: readonly number[], total: number): ReturnSummary {
  const n = returns.length;
  const mean = n === 0 ? Number.NaN : returns.reduce((a, b) => a + b, 0) / n;
  const variance = n < 2 ? Number.NaN : returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1);
  return {
    days: n,
    share: total === 0 ? 0 : n / total,
    meanDailyReturn: mean,
    annualisedReturn: mean * TRADING_DAYS_PER_YEAR,
    annualisedVolatility: Math.sqrt(variance * TRADING_DAYS_PER_YEAR),
  };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? Number.NaN) + (s[m] ?? Number.NaN)) / 2;
}

/** Fits the HMM on the bars' features and names its states. */
export function fitRegimeModel(bars: readonly RegimeBar[], options: RegimeDetectionOptions = {}): { readonly model: RegimeModel; readonly fit: NonNullable<RegimeDetection['fit']> } {
  const volatilityWindow = options.volatilityWindow ?? 21;
  const features = regimeFeatures(
    bars.map((b) => b.close),
    { volatilityWindow },
  );
  const observations = features.observations;
  const states = options.states ?? 2;
  if (observations.length < Math.max(10, states * 5)) throw new RangeError(`${observations.length} observations after the ${volatilityWindow}-day volatility warm-up: too few to fit ${states} states`);
  const fitted = fitGaussianHmm(observations, {
    states,
    covarianceType: options.covarianceType ?? 'full',
    restarts: options.restarts ?? 10,
    seed: options.seed ?? 1,
    ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    // State 0 = the lowest volatility level (feature 1 is ln volatility; order by its variance would mix level and spread).
    orderByVarianceOf: 0,
  });
  // Canonical order by the state's volatility level: ascending mean ln volatility.
  const order = fitted.model.means.map((m, i) => ({ i, v: m[1] ?? 0 })).sort((a, b) => a.v - b.v || a.i - b.i).map((x) => x.i);
  const hmm: GaussianHmm = {
    covarianceType: fitted.model.covarianceType,
    initial: order.map((i) => fitted.model.initial[i] ?? 0),
    transition: order.map((i) => order.map((j) => fitted.model.transition[i]?.[j] ?? 0)),
    means: order.map((i) => [...(fitted.model.means[i] ?? [])]),
    covariances: order.map((i) => (fitted.model.covariances[i] ?? []).map((r) => [...r])),
  };
  const threshold = median(observations.map((o) => o[1] ?? 0));
  const stateLabels = hmm.means.map((m) => quadrantLabel((m[0] ?? 0) >= 0, (m[1] ?? 0) > threshold));
  const trainedFrom = bars[0]?.date ?? '';
  const trainedTo = bars[bars.length - 1]?.date ?? '';
  const id = `hmm-k${states}-${hmm.covarianceType}-${trainedFrom}-${trainedTo}-${fnv1a(JSON.stringify(hmm))}`;
  return {
    model: {
      id,
      hmm,
      stateLabels,
      volatilityThreshold: Math.exp(threshold),
      volatilityWindow,
      trainedFrom,
      trainedTo,
      trainingObservations: observations.length,
      logLikelihood: fitted.logLikelihood,
    },
    fit: { iterations: fitted.iterations, converged: fitted.converged, restarts: fitted.restarts, best: fitted.best },
  };
}

/** Regimes of a daily series: fits (or takes) the HMM, filters causally, combines with the rules. */
export function detectRegimes(bars: readonly RegimeBar[], options: RegimeDetectionOptions = {}): RegimeDetection {
  for (let i = 1; i < bars.length; i += 1) {
    if ((bars[i]?.date ?? '') <= (bars[i - 1]?.date ?? '')) throw new RangeError(`bars must be in ascending date order without duplicates (at ${bars[i]?.date})`);
  }
  const trendWeight = options.hmmTrendWeight ?? 0.25;
  const volatilityWeight = options.hmmVolatilityWeight ?? 0.5;
  for (const [name, w] of [['hmmTrendWeight', trendWeight], ['hmmVolatilityWeight', volatilityWeight]] as const) {
    if (!(w >= 0 && w <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${w}`);
  }
  const switchMargin = options.switchMargin ?? 0.1;
  if (!(switchMargin >= 0 && switchMargin < 1)) throw new RangeError(`switchMargin must be in [0, 1), got ${switchMargin}`);
  let model: RegimeModel;
  let fit: RegimeDetection['fit'];
  if (options.model !== undefined) model = options.model;
  else {
    const training = options.fitThrough === undefined ? bars : bars.filter((b) => b.date <= (options.fitThrough ?? ''));
    ({ model, fit } = fitRegimeModel(training, options));
  }
  const closes = bars.map((b) => b.close);
  const features = regimeFeatures(closes, { volatilityWindow: model.volatilityWindow });
  const filter = forwardFilter(model.hmm, features.observations);
  const rules = trendVolatilityQuadrants(closes, {
    volatilityWindow: model.volatilityWindow,
    ...(options.trendWindow === undefined ? {} : { trendWindow: options.trendWindow }),
    ...(options.medianWindow === undefined ? {} : { medianWindow: options.medianWindow }),
  });
  const k = stateCount(model.hmm);

  const days: RegimeDay[] = [];
  const changes: RegimeChange[] = [];
  let regime: RegimeLabel | null = null;
  bars.forEach((bar, t) => {
    const filtered = t >= features.firstIndex ? filter.filtered[t - features.firstIndex] : undefined;
    let hmm: RegimeDay['hmm'] = null;
    let hmmProbabilities: Record<RegimeLabel, number> | null = null;
    if (filtered !== undefined && filtered.every(Number.isFinite)) {
      let state = 0;
      for (let s = 1; s < k; s += 1) if ((filtered[s] ?? 0) > (filtered[state] ?? 0)) state = s;
      hmm = { state, probabilities: filtered };
      hmmProbabilities = emptyProbabilities();
      for (let s = 0; s < k; s += 1) {
        const label = model.stateLabels[s];
        if (label !== undefined) hmmProbabilities[label] += filtered[s] ?? 0;
      }
    }
    const ruleLabel = rules.labels[t] ?? null;
    let probabilities: Record<RegimeLabel, number> | null = null;
    if (hmmProbabilities !== null && ruleLabel !== null) {
      const h = hmmProbabilities;
      const bull = trendWeight * (h['bull-quiet'] + h['bull-volatile']) + (1 - trendWeight) * (ruleLabel.startsWith('bull') ? 1 : 0);
      const volatile = volatilityWeight * (h['bull-volatile'] + h['bear-volatile']) + (1 - volatilityWeight) * (ruleLabel.endsWith('volatile') ? 1 : 0);
      probabilities = {
        'bull-quiet': bull * (1 - volatile),
        'bull-volatile': bull * volatile,
        'bear-quiet': (1 - bull) * (1 - volatile),
        'bear-volatile': (1 - bull) * volatile,
      };
    } else if (hmmProbabilities !== null) probabilities = hmmProbabilities;
    else if (ruleLabel !== null) probabilities = { ...emptyProbabilities(), [ruleLabel]: 1 };
    let label: RegimeLabel | null = null;
    let confidence: number | null = null;
    if (probabilities !== null) {
      for (const l of REGIME_LABELS) if (label === null || probabilities[l] > probabilities[label]) label = l;
      // A tie with the current regime keeps it (no switch on a coin flip between HMM and rules).
      if (regime !== null && label !== null && probabilities[regime] >= probabilities[label]) label = regime;
      confidence = label === null ? null : probabilities[label];
    }
    if (label !== null && confidence !== null && probabilities !== null && label !== regime && (regime === null || confidence - probabilities[regime] >= switchMargin - 1e-12)) {
      changes.push({ index: t, date: bar.date, from: regime, to: label, confidence, probabilities, hmmState: hmm?.state ?? null, ruleLabel });
      regime = label;
    }
    const vol = features.volatility[t] ?? Number.NaN;
    days.push({ date: bar.date, close: bar.close, volatility: Number.isFinite(vol) ? vol : null, hmm, ruleLabel, probabilities, label, confidence, regime });
  });

  // State summary over the training window by the Viterbi path (hindsight).
  const trainingEnd = bars.findIndex((b) => b.date > model.trainedTo);
  const trainingBars = trainingEnd < 0 ? bars.length : trainingEnd;
  const trainingStart = Math.max(features.firstIndex, bars.findIndex((b) => b.date >= model.trainedFrom));
  const trainingObservations = features.observations.slice(trainingStart - features.firstIndex, trainingBars - features.firstIndex);
  const path = trainingObservations.length > 0 ? viterbi(model.hmm, trainingObservations).path : [];
  const simple = (t: number): number => (bars[t]?.close ?? 1) / (bars[t - 1]?.close ?? 1) - 1;
  const states: StateSummary[] = Array.from({ length: k }, (_, s) => {
    const returns = path.flatMap((p, i) => (p === s ? [simple(trainingStart + i)] : []));
    const stay = model.hmm.transition[s]?.[s] ?? 0;
    return {
      state: s,
      label: model.stateLabels[s] ?? 'bull-quiet',
      ...returnSummary(returns, path.length),
      expectedDurationDays: stay < 1 ? 1 / (1 - stay) : Number.POSITIVE_INFINITY,
      typicalVolatility: Math.exp(model.hmm.means[s]?.[1] ?? Number.NaN),
    };
  });
  const labelled = days.map((d, t) => ({ d, t })).filter(({ d, t }) => d.regime !== null && t > 0);
  const labels: LabelSummary[] = REGIME_LABELS.map((label) => {
    const mine = labelled.filter(({ d }) => d.regime === label);
    const next = mine.filter(({ t }) => t + 1 < bars.length).map(({ t }) => simple(t + 1));
    return { label, ...returnSummary(mine.map(({ t }) => simple(t)), labelled.length), meanNextDayReturn: next.length === 0 ? Number.NaN : next.reduce((a, b) => a + b, 0) / next.length };
  });
  const current = days.length > 0 && days[days.length - 1]?.regime !== null ? (days[days.length - 1] ?? null) : null;
  return { model, ...(fit === undefined ? {} : { fit }), days, changes, states, labels, current };
}

/** The `regime.changed` detail of a switch. */
export function regimeChangedEvent(symbol: string, change: RegimeChange, modelId: string, detectedAt: number): RegimeChangedV1 {
  return {
    schema: 'RegimeChangedV1',
    eventId: `${symbol}:${change.date}`,
    symbol,
    timeframe: '1Day',
    label: change.to,
    previousLabel: change.from,
    confidence: Math.min(1, Math.max(0, change.confidence)),
    probabilities: { ...change.probabilities },
    hmmState: change.hmmState,
    ruleLabel: change.ruleLabel,
    asOf: change.date,
    modelId,
    detectedAt,
  };
}
