/**
 * Step one of the correlator: from a stock signal and the IV rank to a row of the decision table. Pure; the
 * reason names every input and the row chosen, so a proposal can be audited without re-running it.
 */
import type { CorrelatorRow, CorrelatorStructure, CorrelatorTable, IvBucket, SignalView } from './table';

/** What the correlator knows about the stock signal. */
export interface SignalInput {
  readonly direction: 'long' | 'short' | 'flat';
  /** 0..1. */
  readonly strength: number;
  /** The producer's volatility view, when it has one: `expanding` makes a flat signal "volatile". */
  readonly volatilityView?: 'expanding' | 'contracting' | 'neutral';
  /** The market regime, when known (matched against rows that name one). */
  readonly regime?: string;
}

export interface Decision {
  readonly view?: SignalView;
  readonly ivBucket: IvBucket;
  /** The IV rank used (0..1), when known. */
  readonly ivRank?: number;
  /** The row chosen (absent when the signal gives no view). */
  readonly row?: CorrelatorRow;
  /** Structures to try, in order (empty: no trade). */
  readonly structures: readonly CorrelatorStructure[];
  readonly reason: string;
}

/** The view of a signal, or undefined (with why) when it is too weak to trade. */
export function signalView(signal: SignalInput, table: Pick<CorrelatorTable, 'strongStrength' | 'moderateStrength'>): { readonly view?: SignalView; readonly why: string } {
  const s = signal.strength;
  if (signal.direction === 'flat') {
    return signal.volatilityView === 'expanding'
      ? { view: 'volatile', why: 'flat signal with an expanding-volatility view' }
      : { view: 'neutral', why: `flat signal${signal.volatilityView === undefined ? '' : ` (volatility view ${signal.volatilityView})`}` };
  }
  const side = signal.direction === 'long' ? 'long' : 'short';
  if (s >= table.strongStrength) return { view: `strong-${side}`, why: `${signal.direction} at strength ${s} ≥ ${table.strongStrength} (strong)` };
  if (s >= table.moderateStrength) return { view: `moderate-${side}`, why: `${signal.direction} at strength ${s} in [${table.moderateStrength}, ${table.strongStrength}) (moderate)` };
  return { why: `${signal.direction} at strength ${s} < ${table.moderateStrength}: too weak to trade` };
}

/** The IV bucket of an IV rank (undefined or non-finite: unknown). */
export function ivBucket(ivRank: number | undefined, table: Pick<CorrelatorTable, 'ivRankLow' | 'ivRankHigh'>): IvBucket {
  if (ivRank === undefined || !Number.isFinite(ivRank)) return 'unknown';
  if (ivRank < table.ivRankLow) return 'low';
  if (ivRank >= table.ivRankHigh) return 'high';
  return 'mid';
}

/**
 * The decision for a signal and an IV rank: the row whose view and IV bucket match (a row naming the signal's
 * regime wins over the generic row). `ivRankNote` explains where the rank came from (shown in the reason).
 */
export function decideStructure(signal: SignalInput, ivRank: number | undefined, table: CorrelatorTable, ivRankNote = ''): Decision {
  const bucket = ivBucket(ivRank, table);
  const rankText = ivRank === undefined || !Number.isFinite(ivRank) ? 'IV rank unknown' : `IV rank ${ivRank.toFixed(3)}`;
  const ivText = `${rankText}${ivRankNote ? ` (${ivRankNote})` : ''} → ${bucket} (low < ${table.ivRankLow}, high ≥ ${table.ivRankHigh})`;
  const { view, why } = signalView(signal, table);
  const regimeText = signal.regime === undefined ? '' : `; regime ${signal.regime}`;
  const known = { ivBucket: bucket, ...(ivRank === undefined || !Number.isFinite(ivRank) ? {} : { ivRank }) };
  if (view === undefined) return { ...known, structures: [], reason: `${why}; ${ivText}${regimeText}: no structure` };
  const candidates = table.rows.filter((r) => r.view === view && r.iv === bucket);
  const chosen = candidates.find((r) => r.regime !== undefined && r.regime === signal.regime) ?? candidates.find((r) => r.regime === undefined);
  if (chosen === undefined) return { view, ...known, structures: [], reason: `${why}; ${ivText}${regimeText}: the table has no row for ${view} × ${bucket}` };
  const rowName = `${chosen.view} × ${chosen.iv}${chosen.regime === undefined ? '' : ` × regime ${chosen.regime}`}`;
  const outcome = chosen.structures.length === 0 ? 'no trade' : chosen.structures.join(' → ');
  return {
    view,
    ...known,
    row: chosen,
    structures: chosen.structures,
    reason: `${why}; ${ivText}${regimeText}; row ${rowName}: ${outcome} (${chosen.rationale})`,
  };
}
