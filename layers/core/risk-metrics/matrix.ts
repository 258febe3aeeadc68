/**
 * Small dense linear algebra for risk and allocation (n up to a few hundred assets): matrices are
 * arrays of rows (`number[][]`), vectors plain arrays. Pure, allocation-light, no BLAS.
 */

/** A dense matrix as rows. */
export type Matrix = readonly (readonly number[])[];
/** A dense vector. */
export type Vector = readonly number[];

const at = (v: Vector, i: number): number => v[i] ?? Number.NaN;
const entry = (m: Matrix, i: number, j: number): number => m[i]?.[j] ?? Number.NaN;

/** m · v. */
export function matVec(m: Matrix, v: Vector): number[] {
  return m.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j += 1) s += (row[j] ?? Number.NaN) * at(v, j);
    return s;
  });
}

/** aᵀb. */
export function dot(a: Vector, b: Vector): number {
  let s = 0;
  for (let i = 0; i < a.length; i += 1) s += at(a, i) * at(b, i);
  return s;
}

/** vᵀ m v (a quadratic form, e.g. a portfolio variance wᵀΣw). */
export function quadraticForm(m: Matrix, v: Vector): number {
  return dot(v, matVec(m, v));
}

/** Identity matrix of size n. */
export function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/**
 * Cholesky factor L (lower triangular, LLᵀ = m) of a symmetric positive semi-definite matrix.
 * A pivot below `tolerance · max diagonal` is treated as zero (a singular, PSD covariance such as
 * two perfectly correlated assets): its column is set to zero instead of failing. Returns null when
 * the matrix is not square or a pivot is clearly negative (not PSD).
 */
export function cholesky(m: Matrix, tolerance = 1e-12): number[][] | null {
  const n = m.length;
  if (m.some((row) => row.length !== n)) return null;
  let maxDiag = 0;
  for (let i = 0; i < n; i += 1) maxDiag = Math.max(maxDiag, Math.abs(entry(m, i, i)));
  const eps = tolerance * Math.max(maxDiag, Number.MIN_VALUE);
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j += 1) {
    const lj = l[j] as number[];
    let d = entry(m, j, j);
    for (let k = 0; k < j; k += 1) d -= (lj[k] ?? 0) ** 2;
    if (d < -1e-10 * maxDiag) return null; // clearly negative: not PSD
    if (d <= eps) continue; // zero pivot: the column stays 0 (PSD, rank-deficient)
    const pivot = Math.sqrt(d);
    lj[j] = pivot;
    for (let i = j + 1; i < n; i += 1) {
      const li = l[i] as number[];
      let s = entry(m, i, j);
      for (let k = 0; k < j; k += 1) s -= (li[k] ?? 0) * (lj[k] ?? 0);
      li[j] = s / pivot;
    }
  }
  return l;
}

/**
 * Solves m x = b for a square m by Gaussian elimination with partial pivoting.
 * Returns null when m is singular to working precision.
 */
export function solveLinear(m: Matrix, b: Vector): number[] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, at(b, i)]);
  for (let col = 0; col < n; col += 1) {
    let pivotRow = col;
    for (let r = col + 1; r < n; r += 1) if (Math.abs(a[r]?.[col] ?? 0) > Math.abs(a[pivotRow]?.[col] ?? 0)) pivotRow = r;
    const pivot = a[pivotRow]?.[col] ?? 0;
    if (!(Math.abs(pivot) > 1e-300) || !Number.isFinite(pivot)) return null;
    [a[col], a[pivotRow]] = [a[pivotRow] as number[], a[col] as number[]];
    const prow = a[col] as number[];
    for (let r = col + 1; r < n; r += 1) {
      const row = a[r] as number[];
      const f = (row[col] ?? 0) / pivot;
      if (f === 0) continue;
      for (let c = col; c <= n; c += 1) row[c] = (row[c] ?? 0) - f * (prow[c] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r -= 1) {
    const row = a[r] as number[];
    let s = row[n] ?? 0;
    for (let c = r + 1; c < n; c += 1) s -= (row[c] ?? 0) * (x[c] ?? 0);
    x[r] = s / (row[r] ?? Number.NaN);
  }
  return x;
}

/** Checks that m is a finite n×n symmetric matrix (relative tolerance 1e-9); returns a reason or null. */
export function invalidCovariance(m: Matrix, n?: number): string | null {
  const size = m.length;
  if (n !== undefined && size !== n) return `covariance must be ${n}×${n}, got ${size} rows`;
  for (let i = 0; i < size; i += 1) {
    const row = m[i] ?? [];
    if (row.length !== size) return `covariance row ${i} has ${row.length} entries, expected ${size}`;
    for (let j = 0; j < size; j += 1) {
      const v = row[j] ?? Number.NaN;
      if (!Number.isFinite(v)) return `covariance[${i}][${j}] is not finite`;
      const t = entry(m, j, i);
      if (Math.abs(v - t) > 1e-9 * Math.max(1e-300, Math.abs(v), Math.abs(t))) return `covariance is not symmetric at [${i}][${j}]`;
    }
    if ((row[i] ?? 0) < 0) return `covariance[${i}][${i}] (a variance) is negative`;
  }
  return null;
}
