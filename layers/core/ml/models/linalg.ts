/** Small dense linear algebra for the linear models: symmetric positive-definite solves by Cholesky. */

/**
 * Solves A x = b for a symmetric positive-definite A (row-major, m × m) by Cholesky factorisation.
 * A tiny ridge (1e-12 · max diagonal, doubled until it works) keeps nearly singular systems solvable.
 */
export function solveSpd(A: Float64Array, b: Float64Array): Float64Array {
  const m = b.length;
  if (A.length !== m * m) throw new RangeError(`matrix has ${A.length} entries, expected ${m * m}`);
  let maxDiag = 0;
  for (let i = 0; i < m; i += 1) maxDiag = Math.max(maxDiag, Math.abs(A[i * m + i] ?? 0));
  let jitter = 0;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const L = cholesky(A, m, jitter);
    if (L !== undefined) return choleskySolve(L, b, m);
    jitter = jitter === 0 ? Math.max(1e-12 * maxDiag, 1e-300) : jitter * 10;
  }
  throw new RangeError('matrix is not positive definite');
}

function cholesky(A: Float64Array, m: number, jitter: number): Float64Array | undefined {
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let s = (A[i * m + j] ?? 0) + (i === j ? jitter : 0);
      for (let k = 0; k < j; k += 1) s -= (L[i * m + k] ?? 0) * (L[j * m + k] ?? 0);
      if (i === j) {
        if (!(s > 0)) return undefined;
        L[i * m + i] = Math.sqrt(s);
      } else {
        L[i * m + j] = s / (L[j * m + j] ?? 1);
      }
    }
  }
  return L;
}

function choleskySolve(L: Float64Array, b: Float64Array, m: number): Float64Array {
  const z = new Float64Array(m);
  for (let i = 0; i < m; i += 1) {
    let s = b[i] ?? 0;
    for (let k = 0; k < i; k += 1) s -= (L[i * m + k] ?? 0) * (z[k] ?? 0);
    z[i] = s / (L[i * m + i] ?? 1);
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i -= 1) {
    let s = z[i] ?? 0;
    for (let k = i + 1; k < m; k += 1) s -= (L[k * m + i] ?? 0) * (x[k] ?? 0);
    x[i] = s / (L[i * m + i] ?? 1);
  }
  return x;
}
