/** Latin hypercube sampling of the unit cube, seeded (the caller passes the generator). */

import type { UniformRandom } from '../analytics';

/**
 * n points in [0, 1)^d such that, in every dimension, each of the n equal strata [k/n, (k+1)/n) holds
 * exactly one point (McKay, Beckman & Conover 1979). Strata are permuted independently per dimension
 * (Fisher–Yates) and each point is jittered uniformly within its stratum.
 */
export function latinHypercube(n: number, dimensions: number, random: UniformRandom): Float64Array[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0, got ${n}`);
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new RangeError(`dimensions must be a whole number ≥ 1, got ${dimensions}`);
  const points = Array.from({ length: n }, () => new Float64Array(dimensions));
  const perm = new Int32Array(n);
  for (let d = 0; d < dimensions; d += 1) {
    for (let i = 0; i < n; i += 1) perm[i] = i;
    for (let i = n - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      const t = perm[i] ?? 0;
      perm[i] = perm[j] ?? 0;
      perm[j] = t;
    }
    for (let i = 0; i < n; i += 1) {
      const p = points[i];
      if (p !== undefined) p[d] = ((perm[i] ?? 0) + random()) / n;
    }
  }
  return points;
}
