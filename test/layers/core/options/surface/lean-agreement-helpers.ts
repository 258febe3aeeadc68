/**
 * Shared by the Lean IV agreement test: our IV of each universe row (its own close and the underlying's close),
 * against the IV Lean wrote in the same row.
 */
import { nyseCalendar } from '../../../../../layers/core/market/calendar';
import { americanImpliedVolatility, europeanGreeks, yearsToExpiry, type OptionUniverse } from '../../../../../layers/core/options';

export interface AgreementRow {
  readonly symbol: string;
  readonly lean: number;
  readonly ours?: number;
  readonly leanDelta?: number;
  /** BSM delta at Lean's own IV (same S, K, T, r). */
  readonly bsmDeltaAtLeanIv?: number;
}

export interface Agreement {
  readonly compared: number;
  readonly unsolved: number;
  readonly medianAbsDiff: number;
  readonly within001: number;
  readonly within005: number;
  readonly deltaSelfConsistency: number;
}

/** Rows with a Lean IV above 1e-3 (Lean writes 0 or 1e-7 where it computed nothing). */
export function agreementRows(universe: OptionUniverse, isoDate: string, r: number): readonly AgreementRow[] {
  const calendar = nyseCalendar();
  const close = calendar.session(isoDate)?.close ?? 0;
  const S = Number(universe.underlying.close);
  return universe.contracts
    .filter((row) => (row.impliedVolatility ?? 0) > 1e-3)
    .map((row) => {
      const T = yearsToExpiry(row.contract.expiry, close, calendar);
      const K = Number(row.contract.strike);
      const lean = row.impliedVolatility ?? 0;
      const ours = T > 0 ? americanImpliedVolatility({ kind: row.contract.right, S, K, T, r, q: 0, price: Number(row.close), pricer: 'bs2002' }) : undefined;
      return {
        symbol: row.contract.symbol,
        lean,
        ...(ours?.ok === true ? { ours: ours.value } : {}),
        ...(row.delta === undefined ? {} : { leanDelta: row.delta }),
        ...(T > 0 ? { bsmDeltaAtLeanIv: europeanGreeks({ kind: row.contract.right, S, K, T, r, q: 0, sigma: lean }).delta } : {}),
      };
    });
}

export function summarise(rows: readonly AgreementRow[]): Agreement {
  const diffs = rows.filter((r) => r.ours !== undefined).map((r) => Math.abs((r.ours as number) - r.lean)).sort((a, b) => a - b);
  const deltas = rows.filter((r) => r.leanDelta !== undefined && r.bsmDeltaAtLeanIv !== undefined).map((r) => Math.abs((r.leanDelta as number) - (r.bsmDeltaAtLeanIv as number))).sort((a, b) => a - b);
  const median = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : ((xs[(xs.length - 1) >> 1] as number) + (xs[xs.length >> 1] as number)) / 2);
  return {
    compared: diffs.length,
    unsolved: rows.length - diffs.length,
    medianAbsDiff: median(diffs),
    within001: diffs.filter((d) => d <= 0.01).length / diffs.length,
    within005: diffs.filter((d) => d <= 0.05).length / diffs.length,
    deltaSelfConsistency: median(deltas),
  };
}
