/**
 * Strategy discovery: a seeded multi-objective search (NSGA-II over each family's declared parameter space)
 * whose every candidate is judged OUT OF SAMPLE by walk-forward (research's `walkForwardOptimise` driving
 * `backtestSegments`), followed by the selection-bias statistics and the promotion gates.
 *
 * How one candidate (a family + one parameter set) is evaluated: the walk-forward windows over the search span
 * each run the candidate on their test range only, warmed up on the bars before it; the test returns are
 * stitched (the driver is given the single candidate, so its per-fold choice is trivially that candidate and no
 * training backtest is run). Objectives (all from the stitched out-of-sample record): annualised compounded
 * return (max), maximum drawdown (min), round trips per year (min; from the switches between flat and invested bars).
 *
 * The search SELECTS on those out-of-sample returns, so they are not clean evidence by themselves. That
 * selection is what the statistics charge for: the deflated Sharpe ratio of each finalist is computed with
 * N = every distinct trial of the whole search (all families) and V[SR] = the variance of the trials'
 * per-period Sharpe ratios; PBO is CSCV over the finalists' stitched return columns. An optional untouched
 * hold-out (the last `holdoutFraction` of the bars, never seen by the search) is reported per finalist.
 * Gates (DEFAULT_PROMOTION_GATES unless given) decide promotion; zero promoted is a normal, honest answer.
 *
 * Pure and deterministic: same bars, config and seed → identical result.
 */

import { mulberry32 } from '../analytics';
import type { BacktestBar, Fees, Slippage } from '../backtest';
import {
  backtestSegments,
  DEFAULT_PROMOTION_GATES,
  deflatedSharpeRatio,
  evaluateGates,
  maxDrawdownOfReturns,
  outOfSampleMetrics,
  portfolioSegments,
  universeAxis,
  probabilityOfBacktestOverfitting,
  sampleVariance,
  sharpeMoments,
  walkForwardOptimise,
  walkForwardWindows,
  type GateReport,
  type GateSet,
  type OutOfSampleMetrics,
  type ReturnSegment,
  type StrategyParams,
  type WalkForwardWindow,
} from '../research';
import type { ClosedTrade } from '../analytics';
import { PORTFOLIO_CATALOGUE } from '../strategies';
import { sharpeRatio } from '../analytics';
import { nsga2Steps, type GeneticResult } from './genetic';
import { crowdingDistance } from './pareto';
import { decodeParameters, isPortfolioFamily, parameterKey, parameterSpaceOf, portfolioWarmupBars, warmupBars, type DiscoveryFamily, type ParameterSpace } from './spaces';

export type Params = Readonly<Record<string, number | boolean>>;

/** Discovery settings. */
export interface DiscoveryConfig {
  /** Per-symbol catalogue families (one symbol) and/or portfolio families (run on the whole universe). */
  readonly families: readonly DiscoveryFamily[];
  /** Distinct parameter sets evaluated per family (≥ 2). */
  readonly budget: number;
  readonly seed: number;
  /** Walk-forward over the search span; defaults: rolling, trainLength 252 (warm-up room only), testLength 126. */
  readonly trainLength?: number;
  readonly testLength?: number;
  /** Last fraction of the bars kept out of the search, for a hold-out check of the finalists; default 0.2 (0 = none). */
  readonly holdoutFraction?: number;
  /** Pareto finalists kept per family (most crowding-distant first, extremes always); default 8. */
  readonly maxFinalistsPerFamily?: number;
  /** CSCV submatrices (even); default 16, lowered when the record is short. */
  readonly pboSubmatrices?: number;
  readonly gates?: GateSet;
  readonly periodsPerYear?: number;
  readonly slippage?: Slippage;
  readonly fees?: Fees;
}

/** The three objectives of a candidate, from its stitched out-of-sample record. */
export interface CandidateObjectives {
  readonly annualReturn: number;
  readonly maxDrawdown: number;
  /**
   * Per-symbol families: round trips from flat/invested switches (roundTrips). Portfolio families: positions
   * (each leg) opened and closed within the test ranges, since a rotation swaps holdings without the book ever
   * going flat, which roundTrips would count as no trading at all.
   */
  readonly tradesPerYear: number;
}

/** A finalist: a Pareto-optimal parameter set with its out-of-sample evidence and gate verdicts. */
export interface Finalist {
  readonly family: DiscoveryFamily;
  readonly params: Params;
  readonly key: string;
  readonly objectives: CandidateObjectives;
  /** Gate metrics: out-of-sample Sharpe, drawdown, profit factor, win rate, hit rate of invested bars, deflated Sharpe, PBO. */
  readonly metrics: OutOfSampleMetrics;
  readonly outOfSampleBars: number;
  readonly trades: number;
  readonly report: GateReport;
  /** On the untouched hold-out (absent without one). */
  readonly holdout?: { readonly bars: number; readonly annualReturn: number; readonly sharpe: number; readonly maxDrawdown: number };
  /** The stitched walk-forward out-of-sample returns the metrics were computed from (fold order), for equity curves in reports. */
  readonly outOfSampleReturns: readonly number[];
  /** Bar time (epoch ms) of each out-of-sample return, when every fold reported them. */
  readonly outOfSampleTimes?: readonly number[];
}

/** Every distinct trial's objectives, for a picture of the search (Pareto scatter); finalists are a subset (same family and key). */
export interface TrialSummary {
  readonly family: DiscoveryFamily;
  readonly key: string;
  readonly objectives: CandidateObjectives;
  /** On its family's first non-dominated front. */
  readonly front: boolean;
  /** False for a rule that never invested (infeasible in the search). */
  readonly invested: boolean;
}

/** Per-family search summary. */
export interface FamilySearch {
  readonly family: DiscoveryFamily;
  readonly space: ParameterSpace;
  readonly evaluations: number;
  readonly generations: number;
  readonly proposals: number;
  readonly frontSize: number;
  readonly finalists: number;
}

/** The whole discovery result. */
export interface DiscoveryResult {
  readonly symbol: string;
  readonly bars: number;
  readonly search: { readonly bars: number; readonly folds: number; readonly trainLength: number; readonly testLength: number; readonly outOfSampleBars: number };
  readonly holdout: { readonly bars: number } | undefined;
  /** N of the deflated Sharpe: distinct trials over all families. */
  readonly trials: number;
  /** V[SR_n]: sample variance of the trials' per-period out-of-sample Sharpe ratios. */
  readonly sharpeVariance: number;
  /** CSCV over the finalists (NaN with fewer than 2 finalists or too short a record). */
  readonly pbo: { readonly value: number; readonly submatrices: number; readonly combinations: number; readonly probabilityOfLoss: number };
  readonly families: readonly FamilySearch[];
  readonly finalists: readonly Finalist[];
  readonly promoted: number;
  /** All distinct trials of the search, family by family in evaluation order. */
  readonly trialSummaries: readonly TrialSummary[];
}

/** Thrown when the data cannot support the configured walk-forward. */
export class DiscoveryConfigError extends Error {
  override readonly name = 'DiscoveryConfigError';
}

/** One candidate to evaluate: a family and one decoded parameter set (`key` = parameterKey(params)). */
export interface CandidateRequest {
  readonly family: DiscoveryFamily;
  readonly params: Params;
  readonly key: string;
}

/** A candidate's stitched walk-forward out-of-sample record: what a worker thread or a Batch shard hands back. */
export interface CandidateEvaluation extends CandidateRequest {
  readonly returns: Float64Array;
  readonly timestamps: Float64Array | undefined;
  readonly trades: readonly ClosedTrade[];
  readonly objectives: CandidateObjectives;
}

type Trial = CandidateEvaluation;

/** Annualised compounded return of a return series (NaN when empty; −1 after a wipe-out). */
export function annualisedReturn(returns: ArrayLike<number>, periodsPerYear: number): number {
  if (returns.length === 0) return Number.NaN;
  let growth = 1;
  for (let i = 0; i < returns.length; i += 1) growth *= 1 + (returns[i] ?? Number.NaN);
  if (!(growth > 0)) return Number.isNaN(growth) ? Number.NaN : -1;
  return Math.pow(growth, periodsPerYear / returns.length) - 1;
}

/**
 * Round trips in a stitched return series: switches between flat bars (return exactly 0) and invested bars,
 * halved. Unlike the adapter's trade list it counts holdings that span a test-range boundary.
 */
export function roundTrips(returns: ArrayLike<number>): number {
  let switches = 0;
  let was = false;
  for (let i = 0; i < returns.length; i += 1) {
    const now = (returns[i] ?? 0) !== 0;
    if (now !== was) switches += 1;
    was = now;
  }
  if (was) switches += 1; // still open at the end: count its exit
  return switches / 2;
}

const invested = (returns: Float64Array): boolean => returns.some((r) => r !== 0);

/** Keeps at most `max` members of a front, by crowding distance (extremes first), in the front's order. */
function thinFront(objectives: readonly Float64Array[], front: readonly number[], max: number): number[] {
  if (front.length <= max) return [...front];
  const distance = crowdingDistance(objectives, front);
  const order = front.map((_, j) => j).sort((a, b) => (distance[b] ?? 0) - (distance[a] ?? 0) || a - b);
  return order
    .slice(0, max)
    .sort((a, b) => a - b)
    .map((j) => front[j] ?? 0);
}

/** Everything fixed before the search: the walk-forward windows over the search span and the hold-out cut. */
export interface DiscoveryPlan {
  /** The symbol, or the universe's symbols joined with commas. */
  readonly symbol: string;
  /** The per-symbol families' bars: the one symbol's (empty for a universe of several, which only portfolio families search). */
  readonly bars: readonly BacktestBar[];
  /** Every symbol's bars: what portfolio families run on. */
  readonly universe: ReadonlyMap<string, readonly BacktestBar[]>;
  /** Bar starts of the time axis the windows index (the symbol's bars; the union of the universe's bar starts). */
  readonly axis: Float64Array;
  readonly config: DiscoveryConfig;
  readonly periodsPerYear: number;
  /** First bar of the hold-out (bars.length without one). */
  readonly cut: number;
  readonly trainLength: number;
  readonly testLength: number;
  readonly windows: readonly WalkForwardWindow[];
  readonly oosBars: number;
}

/** Checks the config against the bars and lays out the walk-forward; throws DiscoveryConfigError. */
export function planDiscovery(symbol: string, bars: readonly BacktestBar[], config: DiscoveryConfig): DiscoveryPlan {
  return planOn(symbol, bars, new Map([[symbol, bars]]), Float64Array.from(bars, (b) => b.start), config);
}

/**
 * A plan over a universe: portfolio families run on every symbol at once over the union of their bar starts.
 * With one symbol it is planDiscovery's plan; with several, per-symbol families are refused (they search one
 * symbol at a time), as is a universe a portfolio family cannot trade (pairs: exactly two).
 */
export function planUniverseDiscovery(universe: ReadonlyMap<string, readonly BacktestBar[]>, config: DiscoveryConfig): DiscoveryPlan {
  const symbols = [...universe.keys()];
  const [only] = symbols;
  if (only === undefined) throw new DiscoveryConfigError('no symbols to search');
  for (const family of config.families) {
    if (!isPortfolioFamily(family)) {
      if (symbols.length > 1) throw new DiscoveryConfigError(`${family} searches one symbol at a time; ${symbols.length} symbols were given (portfolio families take several)`);
      continue;
    }
    const { min, max } = PORTFOLIO_CATALOGUE[family].universe;
    if (symbols.length < min || (max !== undefined && symbols.length > max)) throw new DiscoveryConfigError(`${family} trades ${max === min ? `exactly ${min}` : `at least ${min}`} symbol(s); ${symbols.length} were given`);
  }
  if (symbols.length === 1) return planDiscovery(only, universe.get(only) ?? [], config);
  return planOn(symbols.join(','), [], universe, universeAxis(universe), config);
}

function planOn(symbol: string, bars: readonly BacktestBar[], universe: ReadonlyMap<string, readonly BacktestBar[]>, axis: Float64Array, config: DiscoveryConfig): DiscoveryPlan {
  const periodsPerYear = config.periodsPerYear ?? 252;
  const holdoutFraction = config.holdoutFraction ?? 0.2;
  if (!(holdoutFraction >= 0 && holdoutFraction < 0.9)) throw new DiscoveryConfigError(`holdoutFraction must be in [0, 0.9), got ${holdoutFraction}`);
  if (config.families.length === 0) throw new DiscoveryConfigError('no families to search');
  const cut = axis.length - Math.floor(axis.length * holdoutFraction);
  const trainLength = config.trainLength ?? 252;
  const testLength = config.testLength ?? 126;
  const windows: WalkForwardWindow[] = walkForwardWindows(cut, { scheme: 'rolling', trainLength, testLength, allowPartialLastTest: true });
  if (windows.length === 0) throw new DiscoveryConfigError(`${cut} search bars leave no walk-forward test range after ${trainLength} warm-up bars`);
  const oosBars = windows.reduce((s, w) => s + (w.test.end - w.test.start), 0);
  return { symbol, bars, universe, axis, config, periodsPerYear, cut, trainLength, testLength, windows, oosBars };
}

/** What a family's candidates are run by: one symbol's backtest, or the universe's portfolio backtest. */
interface Segments {
  evaluate(params: StrategyParams, range: { readonly start: number; readonly end: number }): ReturnSegment;
}

function segmentsOf(plan: DiscoveryPlan, family: DiscoveryFamily): Segments {
  const { config } = plan;
  if (isPortfolioFamily(family)) {
    return portfolioSegments({
      strategy: family,
      bars: plan.universe,
      warmup: (params) => portfolioWarmupBars(family, params),
      ...(config.slippage === undefined ? {} : { slippage: config.slippage }),
      ...(config.fees === undefined ? {} : { fees: config.fees }),
      periodsPerYear: plan.periodsPerYear,
    });
  }
  return backtestSegments({
    strategy: family,
    symbol: plan.symbol,
    bars: plan.bars,
    warmup: warmupBars,
    ...(config.slippage === undefined ? {} : { slippage: config.slippage }),
    ...(config.fees === undefined ? {} : { fees: config.fees }),
    periodsPerYear: plan.periodsPerYear,
  });
}

/**
 * The evaluator of a plan's candidates (one segment backtester per family, built on first use). A pure function
 * of the plan and the request, so a worker thread or another machine holding the same bars and config
 * computes exactly the same evaluation.
 */
export function candidateEvaluator(plan: DiscoveryPlan): (request: CandidateRequest) => CandidateEvaluation {
  const segments = new Map<DiscoveryFamily, Segments>();
  const years = plan.oosBars / plan.periodsPerYear;
  return ({ family, params, key }) => {
    let seg = segments.get(family);
    if (seg === undefined) {
      seg = segmentsOf(plan, family);
      segments.set(family, seg);
    }
    const evaluator = seg;
    const wf = walkForwardOptimise({ windows: plan.windows, candidates: [params], score: () => 0, evaluate: (p, test) => evaluator.evaluate(p, test) });
    const returns = wf.returns;
    const objectives = {
      annualReturn: annualisedReturn(returns, plan.periodsPerYear),
      maxDrawdown: returns.length > 0 ? maxDrawdownOfReturns(returns) : Number.NaN,
      tradesPerYear: years > 0 ? (isPortfolioFamily(family) ? wf.trades.length : roundTrips(returns)) / years : Number.NaN,
    };
    return { family, params, key, returns, timestamps: wf.timestamps, trades: wf.trades, objectives };
  };
}

/** A distinct GA stream per family, all from the one seed. */
const familySeed = (seed: number, f: number): number => (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.floor(mulberry32(f + 1)() * 2 ** 32)) >>> 0;

/**
 * The search as rounds. Each round yields the new candidates of every family still searching (a family's Latin
 * hypercube, then one NSGA-II generation each) and is resumed with their evaluations in the same order; the
 * families' GAs are independent, so running them in lockstep changes nothing in any of them. After the last
 * round it computes the selection-bias statistics over ALL trials and returns the gated result. The rounds are
 * the unit of parallel work: worker threads evaluate a round's candidates at once, and the Batch job runs each
 * round as one array job (a replay of these rounds with the evaluations so far finds the next one).
 */
export function* discoverySearch(plan: DiscoveryPlan): Generator<readonly CandidateRequest[], DiscoveryResult, readonly CandidateEvaluation[]> {
  const { config } = plan;
  const families = config.families.map((family, f) => {
    const space = parameterSpaceOf(family);
    const steps = nsga2Steps({ dimensions: space.dimensions.length, key: (g) => parameterKey(decodeParameters(space, g)) }, { budget: config.budget, seed: familySeed(config.seed, f) });
    return { family, space, steps, trials: [] as Trial[], step: steps.next([]) };
  });
  for (;;) {
    const active = families.filter((s) => s.step.done !== true);
    if (active.length === 0) break;
    const requests: CandidateRequest[] = [];
    for (const s of active) {
      if (s.step.done === true) continue;
      for (const genome of s.step.value) {
        const params = decodeParameters(s.space, genome);
        requests.push({ family: s.family, params, key: parameterKey(params) });
      }
    }
    const evaluations = yield requests;
    if (evaluations.length !== requests.length) throw new Error(`expected ${requests.length} evaluations, got ${evaluations.length}`);
    evaluations.forEach((e, i) => {
      const r = requests[i];
      if (r === undefined || e.family !== r.family || e.key !== r.key) throw new Error(`evaluation ${i} is ${e.family} ${e.key}, expected ${r?.family ?? '?'} ${r?.key ?? '?'}`);
    });
    let offset = 0;
    for (const s of active) {
      const n = s.step.done === true ? 0 : s.step.value.length;
      const batch = evaluations.slice(offset, offset + n);
      offset += n;
      s.trials.push(...batch);
      // A rule that never invests is not a candidate (it would dominate every loser with 0, 0, 0): worst everywhere.
      s.step = s.steps.next(batch.map((t) => (invested(t.returns) ? [t.objectives.annualReturn, -t.objectives.maxDrawdown, -t.objectives.tradesPerYear] : [Number.NaN, Number.NaN, Number.NaN])));
    }
  }
  return finishDiscovery(
    plan,
    families.map((s) => {
      if (s.step.done !== true) throw new Error(`family ${s.family} has not finished its search`);
      return { family: s.family, space: s.space, trials: s.trials, result: s.step.value };
    }),
  );
}

/** Finalists per family, DSR over all trials, PBO across finalists, hold-out and gates. */
function finishDiscovery(plan: DiscoveryPlan, searched: readonly { readonly family: DiscoveryFamily; readonly space: ParameterSpace; readonly trials: readonly Trial[]; readonly result: GeneticResult }[]): DiscoveryResult {
  const { config, axis, symbol, periodsPerYear, oosBars, cut, windows, trainLength, testLength } = plan;
  const trials: Trial[] = [];
  const searches: FamilySearch[] = [];
  const finalistTrials: Trial[] = [];
  const trialSummaries: TrialSummary[] = [];
  for (const { family, space, trials: familyTrials, result } of searched) {
    trials.push(...familyTrials);
    const objectives = result.evaluated.map((e) => e.objectives);
    const usable = result.front.filter((i) => invested(familyTrials[i]?.returns ?? new Float64Array(0)));
    const kept = thinFront(objectives, usable, config.maxFinalistsPerFamily ?? 8);
    const onFront = new Set(result.front);
    familyTrials.forEach((t, i) => trialSummaries.push({ family, key: t.key, objectives: t.objectives, front: onFront.has(i), invested: invested(t.returns) }));
    for (const i of kept) {
      const t = familyTrials[i];
      if (t !== undefined) finalistTrials.push(t);
    }
    searches.push({ family, space, evaluations: result.evaluated.length, generations: result.generations, proposals: result.proposals, frontSize: result.front.length, finalists: kept.length });
  }

  // Selection-bias statistics over the whole search.
  const sharpeVariance = sampleVariance(trials.map((t) => sharpeMoments(t.returns).sharpe));
  let pbo = { value: Number.NaN, submatrices: 0, combinations: 0, probabilityOfLoss: Number.NaN };
  if (finalistTrials.length >= 2) {
    let s = config.pboSubmatrices ?? 16;
    while (s > 2 && oosBars < 2 * s) s -= 2;
    if (oosBars >= 2 * s) {
      const r = probabilityOfBacktestOverfitting(finalistTrials.map((t) => t.returns), { submatrices: s });
      pbo = { value: r.pbo, submatrices: s, combinations: r.combinations, probabilityOfLoss: r.probabilityOfLoss };
    }
  }

  const gates = config.gates ?? DEFAULT_PROMOTION_GATES;
  const holdoutRange = cut < axis.length ? { start: cut, end: axis.length } : undefined;
  const finalists: Finalist[] = finalistTrials.map((t) => {
    const dsr = deflatedSharpeRatio({ ...sharpeMoments(t.returns), trials: trials.length, sharpeVariance }).dsr;
    const base = outOfSampleMetrics({
      returns: t.returns,
      periodsPerYear,
      trades: t.trades,
      // Long-only rules: a bar held is a call that the price rises; the hit rate of invested bars.
      predictions: { predicted: Float64Array.from(t.returns, (r) => (r !== 0 ? 1 : 0)), realised: t.returns },
      pbo: pbo.value,
    });
    const metrics: OutOfSampleMetrics = { ...base, deflatedSharpe: dsr };
    let holdout: Finalist['holdout'];
    if (holdoutRange !== undefined) {
      const seg = segmentsOf(plan, t.family).evaluate(t.params, holdoutRange);
      holdout = {
        bars: seg.returns.length,
        annualReturn: annualisedReturn(seg.returns, periodsPerYear),
        sharpe: sharpeRatio(seg.returns, { periodsPerYear }),
        maxDrawdown: seg.returns.length > 0 ? maxDrawdownOfReturns(seg.returns) : Number.NaN,
      };
    }
    return {
      family: t.family,
      params: t.params,
      key: t.key,
      objectives: t.objectives,
      metrics,
      outOfSampleBars: t.returns.length,
      trades: t.trades.length,
      report: evaluateGates(metrics, gates),
      ...(holdout === undefined ? {} : { holdout }),
      outOfSampleReturns: Array.from(t.returns),
      ...(t.timestamps === undefined ? {} : { outOfSampleTimes: Array.from(t.timestamps) }),
    };
  });

  return {
    symbol,
    bars: axis.length,
    search: { bars: cut, folds: windows.length, trainLength, testLength, outOfSampleBars: oosBars },
    holdout: holdoutRange === undefined ? undefined : { bars: holdoutRange.end - holdoutRange.start },
    trials: trials.length,
    sharpeVariance,
    pbo,
    families: searches,
    finalists,
    promoted: finalists.filter((x) => x.report.passed).length,
    trialSummaries,
  };
}

/** Runs discovery on one symbol's bars, evaluating each candidate in turn; `onProgress(done, total)` after each evaluation. */
export function discover(symbol: string, bars: readonly BacktestBar[], config: DiscoveryConfig, onProgress?: (done: number, total: number) => void): DiscoveryResult {
  return discoverOnPlan(planDiscovery(symbol, bars, config), onProgress);
}

/** Runs discovery on a plan (e.g. planUniverseDiscovery's), evaluating each candidate in turn. */
export function discoverOnPlan(plan: DiscoveryPlan, onProgress?: (done: number, total: number) => void): DiscoveryResult {
  const { config } = plan;
  const evaluate = candidateEvaluator(plan);
  const total = config.budget * config.families.length;
  let done = 0;
  const search = discoverySearch(plan);
  let step = search.next([]);
  while (step.done !== true) {
    step = search.next(
      step.value.map((request) => {
        const e = evaluate(request);
        done += 1;
        onProgress?.(done, total);
        return e;
      }),
    );
  }
  onProgress?.(total, total);
  return step.value;
}

/**
 * Runs discovery with each round's candidates evaluated by `evaluateRound` (e.g. across worker threads), which
 * must answer with one evaluation per request, in order. The result equals `discover`'s for the same inputs.
 */
export async function discoverInRounds(
  plan: DiscoveryPlan,
  evaluateRound: (requests: readonly CandidateRequest[]) => Promise<readonly CandidateEvaluation[]>,
  onProgress?: (done: number, total: number) => void,
): Promise<DiscoveryResult> {
  const total = plan.config.budget * plan.config.families.length;
  let done = 0;
  const search = discoverySearch(plan);
  let step = search.next([]);
  while (step.done !== true) {
    const evaluations = await evaluateRound(step.value);
    done += evaluations.length;
    onProgress?.(done, total);
    step = search.next(evaluations);
  }
  onProgress?.(total, total);
  return step.value;
}
