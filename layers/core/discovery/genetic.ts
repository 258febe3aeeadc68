/**
 * A seeded NSGA-II genetic algorithm over the unit cube [0, 1]^d (Deb et al. 2002): Latin-hypercube initial
 * population, binary tournament on the crowded comparison (rank, then crowding distance), simulated binary
 * crossover (SBX) and polynomial mutation, elitist survival by non-dominated fronts with crowding distance
 * as the diversity preservation. All objectives are MAXIMISED.
 *
 * The budget counts DISTINCT evaluations: genomes are keyed (by default by their values; discovery keys them by
 * the decoded parameters, so two genomes that round to the same integers are one trial) and a repeated key
 * reuses the stored objectives without spending budget. Same seed, problem and options → identical result.
 */

import { mulberry32, type UniformRandom } from '../analytics';
import { crowdedCompare, nonDominatedSort, rankAndCrowding } from './pareto';
import { latinHypercube } from './sampling';

/** What the GA optimises. */
export interface GeneticProblem {
  readonly dimensions: number;
  /** Objective vector of a genome (every objective maximised; NaN = as bad as possible). */
  evaluate(genome: Float64Array): ArrayLike<number>;
  /** Identity of a genome for de-duplication (default: its values). */
  key?(genome: Float64Array): string;
}

/** GA settings. */
export interface GeneticOptions {
  /** Distinct evaluations allowed (≥ 2). */
  readonly budget: number;
  readonly seed: number;
  /** Default min(budget, max(8, round(√budget · 2))) rounded up to even. */
  readonly populationSize?: number;
  /** Default 0.9. */
  readonly crossoverRate?: number;
  /** Per-gene mutation probability; default 1 / dimensions. */
  readonly mutationRate?: number;
  /** SBX distribution index; default 15. */
  readonly crossoverEta?: number;
  /** Polynomial mutation distribution index; default 20. */
  readonly mutationEta?: number;
  /** Stop after this many generations even if budget is left; default 1000. */
  readonly maxGenerations?: number;
}

/** One distinct evaluated genome. */
export interface Evaluated {
  readonly genome: Float64Array;
  readonly key: string;
  readonly objectives: Float64Array;
  /** Generation in which it was first evaluated (0 = the Latin hypercube). */
  readonly generation: number;
}

/** Result: every distinct evaluation in order, the final population and the Pareto front of everything evaluated. */
export interface GeneticResult {
  readonly evaluated: readonly Evaluated[];
  /** Indices into `evaluated`. */
  readonly population: readonly number[];
  /** Indices into `evaluated` of the non-dominated set over ALL evaluations (ascending). */
  readonly front: readonly number[];
  readonly generations: number;
  /** Genomes proposed, including repeats that cost nothing. */
  readonly proposals: number;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Simulated binary crossover of two parents' genes (bounded to [0, 1]), in place on the children. */
function sbx(a: Float64Array, b: Float64Array, eta: number, random: UniformRandom): void {
  for (let i = 0; i < a.length; i += 1) {
    if (random() > 0.5) continue;
    const x1 = a[i] ?? 0;
    const x2 = b[i] ?? 0;
    const u = random();
    const beta = u <= 0.5 ? Math.pow(2 * u, 1 / (eta + 1)) : Math.pow(1 / (2 * (1 - u)), 1 / (eta + 1));
    a[i] = clamp01(0.5 * ((1 + beta) * x1 + (1 - beta) * x2));
    b[i] = clamp01(0.5 * ((1 - beta) * x1 + (1 + beta) * x2));
  }
}

/** Polynomial mutation (Deb & Goyal) on [0, 1], in place. */
function mutate(g: Float64Array, rate: number, eta: number, random: UniformRandom): void {
  for (let i = 0; i < g.length; i += 1) {
    if (random() >= rate) continue;
    const x = g[i] ?? 0;
    const u = random();
    const delta = u < 0.5 ? Math.pow(2 * u, 1 / (eta + 1)) - 1 : 1 - Math.pow(2 * (1 - u), 1 / (eta + 1));
    g[i] = clamp01(x + delta);
  }
}

/** What the stepwise GA needs: the problem without its evaluation (the driver evaluates the batches it yields). */
export type GeneticSpace = Omit<GeneticProblem, 'evaluate'>;

/**
 * NSGA-II as a sequence of batches (ask/tell): yields the NEW genomes of the Latin hypercube, then of each
 * generation, and is resumed with their objectives in the same order. Within a generation nothing a proposal
 * depends on (the parents' ranks, the budget count, the de-duplication keys) comes from the objectives of that
 * generation's own children, so evaluating a batch at once (in parallel, on other machines) gives exactly the
 * result of evaluating each child as it is proposed.
 */
export function* nsga2Steps(space: GeneticSpace, options: GeneticOptions): Generator<readonly Float64Array[], GeneticResult, readonly ArrayLike<number>[]> {
  const budget = options.budget;
  if (!Number.isInteger(budget) || budget < 2) throw new RangeError(`budget must be a whole number ≥ 2, got ${budget}`);
  const d = space.dimensions;
  let popSize = options.populationSize ?? Math.min(budget, Math.max(8, Math.round(Math.sqrt(budget) * 2)));
  popSize = Math.max(2, popSize + (popSize % 2));
  const crossoverRate = options.crossoverRate ?? 0.9;
  const mutationRate = options.mutationRate ?? 1 / d;
  const crossoverEta = options.crossoverEta ?? 15;
  const mutationEta = options.mutationEta ?? 20;
  const maxGenerations = options.maxGenerations ?? 1000;
  const random = mulberry32(options.seed);
  const keyOf = space.key ?? ((g: Float64Array) => Array.from(g, (x) => x.toPrecision(12)).join(','));

  const evaluated: Evaluated[] = [];
  const byKey = new Map<string, number>();
  let proposals = 0;
  /** Genomes given a slot in `evaluated` but not yet evaluated (this batch). */
  let batch: { readonly genome: Float64Array; readonly key: string; readonly generation: number }[] = [];
  /** Index in `evaluated` the genome has (or will have once its batch is evaluated); undefined when out of budget. */
  const visit = (genome: Float64Array, generation: number): number | undefined => {
    proposals += 1;
    const key = keyOf(genome);
    const known = byKey.get(key);
    if (known !== undefined) return known;
    const slot = evaluated.length + batch.length;
    if (slot >= budget) return undefined;
    byKey.set(key, slot);
    batch.push({ genome: Float64Array.from(genome), key, generation });
    return slot;
  };
  /** Yields the batch and stores its objectives. */
  function* flush(): Generator<readonly Float64Array[], void, readonly ArrayLike<number>[]> {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    const objectives = yield pending.map((p) => p.genome);
    if (objectives.length !== pending.length) throw new Error(`expected ${pending.length} objective vectors, got ${objectives.length}`);
    pending.forEach((p, i) => evaluated.push({ genome: p.genome, key: p.key, objectives: Float64Array.from(objectives[i] ?? []), generation: p.generation }));
  }

  const unique = (xs: readonly (number | undefined)[]): number[] => [...new Set(xs.filter((x): x is number => x !== undefined))];
  let population = unique(latinHypercube(Math.min(popSize, budget), d, random).map((g) => visit(g, 0)));
  yield* flush();
  let generation = 0;
  while (evaluated.length < budget && generation < maxGenerations && population.length >= 1) {
    generation += 1;
    const objs = population.map((i) => evaluated[i]?.objectives ?? new Float64Array(0));
    const { rank, crowding } = rankAndCrowding(objs);
    const tournament = (): Float64Array => {
      const a = Math.floor(random() * population.length);
      const b = Math.floor(random() * population.length);
      const winner = crowdedCompare(rank, crowding, a, b) <= 0 ? a : b;
      return Float64Array.from(evaluated[population[winner] ?? 0]?.genome ?? new Float64Array(d));
    };
    const offspring: (number | undefined)[] = [];
    for (let k = 0; k < popSize / 2 && evaluated.length + batch.length < budget; k += 1) {
      const c1 = tournament();
      const c2 = tournament();
      if (random() < crossoverRate) sbx(c1, c2, crossoverEta, random);
      mutate(c1, mutationRate, mutationEta, random);
      mutate(c2, mutationRate, mutationEta, random);
      offspring.push(visit(c1, generation), visit(c2, generation));
    }
    yield* flush();
    // Elitist survival over parents ∪ children (distinct trials only: duplicates would crowd out diversity).
    const pool = unique([...population, ...offspring]);
    const poolObjs = pool.map((i) => evaluated[i]?.objectives ?? new Float64Array(0));
    const ranked = rankAndCrowding(poolObjs);
    const order = pool.map((_, j) => j).sort((a, b) => crowdedCompare(ranked.rank, ranked.crowding, a, b) || a - b);
    population = order.slice(0, popSize).map((j) => pool[j] ?? 0);
    if (proposals > budget * 50) break; // a small space can run out of new points: stop instead of spinning
  }
  const front = (nonDominatedSort(evaluated.map((e) => e.objectives))[0] ?? []).slice().sort((a, b) => a - b);
  return { evaluated, population, front, generations: generation, proposals };
}

/** Runs NSGA-II, evaluating each proposed genome in turn; `onProgress(done, budget)` after each distinct evaluation. */
export function nsga2(problem: GeneticProblem, options: GeneticOptions, onProgress?: (done: number, total: number) => void): GeneticResult {
  const steps = nsga2Steps(problem, options);
  let done = 0;
  let step = steps.next([]);
  while (step.done !== true) {
    const objectives = step.value.map((genome) => {
      const o = problem.evaluate(genome);
      done += 1;
      onProgress?.(done, options.budget);
      return o;
    });
    step = steps.next(objectives);
  }
  return step.value;
}
