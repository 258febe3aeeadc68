/**
 * Purged k-fold cross-validation with an embargo (López de Prado, Advances in Financial Machine Learning,
 * 2018, ch. 7). Observation i's label is computed from information over the CLOSED interval
 * [start[i], end[i]] (e.g. a bar and the h bars after it for an h-bar forward return). A training
 * observation is PURGED when its interval overlaps a test block's interval [first test start, max test end]
 * (the three overlap cases of AFML §7.4.1, equality counting as overlap), and EMBARGOED when it is among
 * the h = floor(n · embargo) observations that follow a test block, counted from the first observation
 * starting after the block's last label end (AFML snippet 7.3: `maxT1Idx + mbrg`). Training observations
 * before a test block are only purged, never embargoed, as in the book.
 */

/** Label intervals of n observations: `start` ascending, `end[i] ≥ start[i]`, both in one time unit. */
export interface LabelSpans {
  readonly start: ArrayLike<number>;
  readonly end: ArrayLike<number>;
}

/** Train/test indices of one split (ascending), with what was removed from training and why. */
export interface PurgedSplit {
  readonly test: readonly number[];
  readonly train: readonly number[];
  /** Non-test observations whose label interval overlaps a test block. */
  readonly purged: readonly number[];
  /** Non-test, non-purged observations in an embargo after a test block. */
  readonly embargoed: readonly number[];
}

/** One fold of purged k-fold CV. */
export interface PurgedFold extends PurgedSplit {
  readonly fold: number;
}

/** Options of purged k-fold CV. */
export interface PurgedKFoldOptions {
  /** Number of folds k ≥ 2. */
  readonly folds: number;
  /** Embargo as a fraction of n (AFML's pctEmbargo), e.g. 0.01; default 0. */
  readonly embargo?: number;
}

/** Label spans in bar-index units: observation i's label spans bars [i, i + horizon]. */
export function horizonSpans(n: number, horizon: number): LabelSpans {
  return {
    start: Float64Array.from({ length: n }, (_, i) => i),
    end: Float64Array.from({ length: n }, (_, i) => i + horizon),
  };
}

/** Contiguous groups of observations as numpy's array_split: the first n mod k groups have one more. */
export function contiguousGroups(n: number, k: number): Array<{ readonly start: number; readonly end: number }> {
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`cannot split ${n} observations into ${k} groups`);
  const base = Math.floor(n / k);
  const extra = n % k;
  const groups: Array<{ start: number; end: number }> = [];
  let at = 0;
  for (let g = 0; g < k; g += 1) {
    const size = base + (g < extra ? 1 : 0);
    groups.push({ start: at, end: at + size });
    at += size;
  }
  return groups;
}

/** Embargo length in observations: floor(n · fraction) (AFML's `int(n * pctEmbargo)`). */
export function embargoCount(n: number, fraction: number): number {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`embargo fraction must be in [0, 1), got ${fraction}`);
  return Math.floor(n * fraction);
}

function checkSpans(spans: LabelSpans): number {
  const n = spans.start.length;
  if (spans.end.length !== n) throw new RangeError(`label spans: ${n} starts vs ${spans.end.length} ends`);
  for (let i = 0; i < n; i += 1) {
    const s = spans.start[i] ?? Number.NaN;
    const e = spans.end[i] ?? Number.NaN;
    if (!(e >= s)) throw new RangeError(`label spans: end < start (or NaN) at ${i}`);
    if (i > 0 && !(s >= (spans.start[i - 1] ?? Number.NaN))) throw new RangeError(`label spans: starts not ascending at ${i}`);
  }
  return n;
}

/**
 * Purges and embargoes training data around a test set (any set of indices; each maximal run of
 * consecutive indices is one test block, purged and embargoed on its own).
 */
export function purgeAround(spans: LabelSpans, testIndices: readonly number[], embargo: number): PurgedSplit {
  const n = checkSpans(spans);
  const isTest = new Uint8Array(n);
  for (const i of testIndices) {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`test index ${i} outside 0..${n - 1}`);
    isTest[i] = 1;
  }
  const removed = new Uint8Array(n); // 1 purged, 2 embargoed
  let i = 0;
  while (i < n) {
    if (isTest[i] !== 1) {
      i += 1;
      continue;
    }
    const first = i;
    let blockEnd = Number.NEGATIVE_INFINITY;
    while (i < n && isTest[i] === 1) {
      blockEnd = Math.max(blockEnd, spans.end[i] ?? Number.NaN);
      i += 1;
    }
    const blockStart = spans.start[first] ?? Number.NaN;
    for (let j = 0; j < n; j += 1) {
      if (isTest[j] === 1 || removed[j] === 1) continue;
      if ((spans.start[j] ?? Number.NaN) <= blockEnd && (spans.end[j] ?? Number.NaN) >= blockStart) removed[j] = 1;
    }
    let after = i;
    while (after < n && !((spans.start[after] ?? Number.NaN) > blockEnd)) after += 1;
    for (let j = after; j < Math.min(n, after + embargo); j += 1) if (isTest[j] !== 1 && removed[j] === 0) removed[j] = 2;
  }
  const test: number[] = [];
  const train: number[] = [];
  const purged: number[] = [];
  const embargoed: number[] = [];
  for (let j = 0; j < n; j += 1) {
    if (isTest[j] === 1) test.push(j);
    else if (removed[j] === 1) purged.push(j);
    else if (removed[j] === 2) embargoed.push(j);
    else train.push(j);
  }
  return { test, train, purged, embargoed };
}

/** Purged k-fold CV: k contiguous test folds in time order (no shuffling), each purged and embargoed. */
export function purgedKFold(spans: LabelSpans, options: PurgedKFoldOptions): PurgedFold[] {
  const n = checkSpans(spans);
  if (!Number.isInteger(options.folds) || options.folds < 2) throw new RangeError(`folds must be a whole number ≥ 2, got ${options.folds}`);
  const h = embargoCount(n, options.embargo ?? 0);
  return contiguousGroups(n, options.folds).map((g, fold) => {
    const test = Array.from({ length: g.end - g.start }, (_, k) => g.start + k);
    return { fold, ...purgeAround(spans, test, h) };
  });
}
