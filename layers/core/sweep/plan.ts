import type { ParameterSetV1, SweepSpecV1 } from '../../contracts/sweep';
import { canonicalJson, sha256Hex } from './canonical';
import { parameterSetProblem } from './strategies';

/** A spec the engines cannot run (bad parameter names, no valid parameter set, too many shards). */
export class SweepSpecError extends Error {
  constructor(
    message: string,
    /** Where in the spec, dotted (as zod issue paths are reported). */
    readonly path: string,
  ) {
    super(message);
    this.name = 'SweepSpecError';
  }
}

/** A validated spec expanded into its parameter sets and case count. */
export interface SweepPlan {
  readonly spec: SweepSpecV1;
  /** sha256 of the spec's canonical JSON (defaults filled in). */
  readonly specHash: string;
  /** The parameter sets that run, in expansion order (index = parameterSet in the results). */
  readonly parameterSets: readonly ParameterSetV1[];
  /** Grid combinations the strategy refused (e.g. fast ≥ slow). */
  readonly skipped: number;
  /** parameterSets × symbols. */
  readonly caseCount: number;
  readonly shardCount: number;
}

/** The spec's hash: the identity of "the same sweep" (key order and whitespace do not matter). */
export function sweepSpecHash(spec: SweepSpecV1): string {
  return sha256Hex(canonicalJson(spec));
}

/**
 * The grid's cartesian product, parameter names in sorted order, the last name varying fastest:
 * {slow: [20, 50], fast: [5, 10]} → (fast 5, slow 20), (5, 50), (10, 20), (10, 50). Values keep
 * the order given; a value listed twice gives the same set twice (de-duplicated by the caller).
 */
export function expandGrid(values: Readonly<Record<string, readonly number[]>>): ParameterSetV1[] {
  const names = Object.keys(values).sort();
  let sets: ParameterSetV1[] = [{}];
  for (const name of names) {
    const next: ParameterSetV1[] = [];
    for (const set of sets) for (const value of values[name] ?? []) next.push({ ...set, [name]: value });
    sets = next;
  }
  return sets;
}

/**
 * Expands and checks a spec. Grid combinations the strategy refuses are skipped and counted (a
 * fast/slow grid usually contains fast ≥ slow corners); duplicate sets are dropped (first kept). An
 * explicit list must be valid as given: any refused set is an error naming its index. Throws
 * SweepSpecError when nothing valid is left or when there are more shards than cases.
 */
export function planSweep(spec: SweepSpecV1): SweepPlan {
  const space = spec.parameters;
  const parameterSets: ParameterSetV1[] = [];
  let skipped = 0;
  const seen = new Set<string>();
  if (space.kind === 'grid') {
    for (const name of Object.keys(space.values)) {
      // An unknown name would make every combination invalid: say so instead of "nothing valid".
      const problem = parameterSetProblem(spec.strategy, { [name]: 0 });
      if (problem !== undefined && problem.startsWith('unknown')) throw new SweepSpecError(problem, `parameters.values.${name}`);
    }
    for (const set of expandGrid(space.values)) {
      const key = canonicalJson(set);
      if (seen.has(key)) continue;
      seen.add(key);
      if (parameterSetProblem(spec.strategy, set) === undefined) parameterSets.push(set);
      else skipped += 1;
    }
    if (parameterSets.length === 0) {
      const example = parameterSetProblem(spec.strategy, expandGrid(space.values)[0] ?? {});
      throw new SweepSpecError(`no combination of the grid is valid for ${spec.strategy} (first: ${example ?? 'ok'})`, 'parameters.values');
    }
  } else {
    space.sets.forEach((set, index) => {
      const problem = parameterSetProblem(spec.strategy, set);
      if (problem !== undefined) throw new SweepSpecError(problem, `parameters.sets.${index}`);
      const key = canonicalJson(set);
      if (seen.has(key)) throw new SweepSpecError(`parameter set ${index} repeats an earlier set`, `parameters.sets.${index}`);
      seen.add(key);
      parameterSets.push(set);
    });
  }
  const caseCount = parameterSets.length * spec.symbols.length;
  if (spec.shards > caseCount) {
    throw new SweepSpecError(`${spec.shards} shards for ${caseCount} runnable cases (${skipped} grid combinations skipped): a shard would be empty`, 'shards');
  }
  return { spec, specHash: sweepSpecHash(spec), parameterSets, skipped, caseCount, shardCount: spec.shards };
}

/** Which parameter set and symbol a case number stands for (symbol-major numbering). */
export function caseAt(plan: SweepPlan, caseNumber: number): { readonly parameterSet: number; readonly symbol: string } {
  const sets = plan.parameterSets.length;
  const symbol = plan.spec.symbols[Math.floor(caseNumber / sets)];
  if (symbol === undefined || caseNumber < 0 || !Number.isInteger(caseNumber)) throw new RangeError(`no case ${caseNumber} (0..${plan.caseCount - 1})`);
  return { parameterSet: caseNumber % sets, symbol };
}

/**
 * The cases of shard `index` of `shardCount`: a contiguous half-open range, sizes differing by at
 * most one (floor(i·N/S) .. floor((i+1)·N/S)). Contiguous, not round-robin, so a shard touches few
 * symbols and loads few files.
 */
export function shardRange(caseCount: number, shardCount: number, index: number): { readonly from: number; readonly to: number } {
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new RangeError(`shard count must be a positive integer, got ${shardCount}`);
  if (!Number.isInteger(index) || index < 0 || index >= shardCount) throw new RangeError(`shard index ${index} is outside 0..${shardCount - 1}`);
  return { from: Math.floor((index * caseCount) / shardCount), to: Math.floor(((index + 1) * caseCount) / shardCount) };
}

/** The symbols shard `index` needs, in spec order. */
export function shardSymbols(plan: SweepPlan, index: number): string[] {
  const { from, to } = shardRange(plan.caseCount, plan.shardCount, index);
  const symbols = new Set<string>();
  for (let c = from; c < to; c += 1) symbols.add(caseAt(plan, c).symbol);
  return [...symbols];
}
