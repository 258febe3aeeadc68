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

/** Runs NSGA-II; `onProgress(done, budget)` after each distinct evaluation. */
export function nsga2(problem: GeneticProblem, options: GeneticOptions, onProgress?: (done: number, total: number) => void): GeneticResult {
  const budget = options.budget;
  if (!Number.isInteger(budget) || budget < 2) throw new RangeError(`budget must be a whole number ≥ 2, got ${budget}`);
  const d = problem.dimensions;
  let popSize = options.populationSize ?? Math.min(budget, Math.max(8, Math.round(Math.sqrt(budget) * 2)));
  popSize = Math.max(2, popSize + (popSize % 2));
  const crossoverRate = options.crossoverRate ?? 0.9;
  const mutationRate = options.mutationRate ?? 1 / d;
  const crossoverEta = options.crossoverEta ?? 15;
  const mutationEta = options.mutationEta ?? 20;
  const maxGenerations = options.maxGenerations ?? 1000;
  const random = mulberry32(options.seed);
  const keyOf = problem.key ?? ((g: Float64Array) => Array.from(g, (x) => x.toPrecision(12)).join(','));

  const evaluated: Evaluated[] = [];
  const byKey = new Map<string, number>();
  let proposals = 0;
  /** Index in `evaluated` of the genome, evaluating it when new and budget is left; undefined when out of budget. */
  const visit = (genome: Float64Array, generation: number): number | undefined => {
    proposals += 1;
    const key = keyOf(genome);
    const known = byKey.get(key);
    if (known !== undefined) return known;
    if (evaluated.length >= budget) return undefined;
    const objectives = Float64Array.from(problem.evaluate(genome));
    byKey.set(key, evaluated.length);
    evaluated.push({ genome: Float64Array.from(genome), key, objectives, generation });
    onProgress?.(evaluated.length, budget);
    return evaluated.length - 1;
  };

  const unique = (xs: readonly (number | undefined)[]): number[] => [...new Set(xs.filter((x): x is number => x !== undefined))];
  let population = unique(latinHypercube(Math.min(popSize, budget), d, random).map((g) => visit(g, 0)));
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
    for (let k = 0; k < popSize / 2 && evaluated.length < budget; k += 1) {
      const c1 = tournament();
      const c2 = tournament();
      if (random() < crossoverRate) sbx(c1, c2, crossoverEta, random);
      mutate(c1, mutationRate, mutationEta, random);
      mutate(c2, mutationRate, mutationEta, random);
      offspring.push(visit(c1, generation), visit(c2, generation));
    }
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
