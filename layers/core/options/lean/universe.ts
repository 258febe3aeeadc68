/**
 * Lean option universe files (L-OPT-UNIV): a `#` header, then the underlying's row (empty expiry, strike and
 * right), then one row per contract: `expiry, strike (USD), right C|P, open, high, low, close (USD), volume,
 * open_interest, implied_volatility, delta, gamma, vega, theta, rho`. The IV and Greeks are Lean's own
 * calculations; Lean writes 0 (and sometimes a placeholder 1e-7) where it computed nothing.
 */
import { parseDecimal, type DecimalString } from '../../market/exact';
import { LeanFormatError } from '../../market/lean';
import { optionContract, type OptionContract } from '../chain/contract';

export interface UniverseUnderlyingRow {
  readonly open: DecimalString;
  readonly high: DecimalString;
  readonly low: DecimalString;
  readonly close: DecimalString;
  readonly volume: number;
}

export interface UniverseContractRow {
  readonly contract: OptionContract;
  readonly open: DecimalString;
  readonly high: DecimalString;
  readonly low: DecimalString;
  readonly close: DecimalString;
  readonly volume: number;
  readonly openInterest?: number;
  /** Lean's values; undefined where the field is empty. */
  readonly impliedVolatility?: number;
  readonly delta?: number;
  readonly gamma?: number;
  readonly vega?: number;
  readonly theta?: number;
  readonly rho?: number;
}

export interface OptionUniverse {
  readonly underlying: UniverseUnderlyingRow;
  readonly contracts: readonly UniverseContractRow[];
}

const optionalNumber = (text: string | undefined): number | undefined => (text === undefined || text.trim() === '' ? undefined : Number(text));

/** Parses a universe CSV of `underlying` (the file name carries it, the rows do not). */
export function parseLeanOptionUniverse(csvText: string, underlying: string, style: OptionContract['style'] = 'american'): OptionUniverse {
  const lines = csvText.split(/\r?\n/).map((line, i) => ({ line, number: i + 1 })).filter(({ line }) => line.trim() !== '' && !line.startsWith('#'));
  const [first, ...rest] = lines;
  if (first === undefined) throw new LeanFormatError('empty universe file');
  const u = first.line.split(',');
  if (u[0] !== '' || u[1] !== '' || u[2] !== '') throw new LeanFormatError(`line ${first.number}: the first row must be the underlying (empty expiry, strike, right)`);
  const underlyingRow: UniverseUnderlyingRow = {
    open: parseDecimal(u[3] ?? ''),
    high: parseDecimal(u[4] ?? ''),
    low: parseDecimal(u[5] ?? ''),
    close: parseDecimal(u[6] ?? ''),
    volume: Number(u[7] ?? '0'),
  };
  const contracts = rest.map(({ line, number }): UniverseContractRow => {
    const f = line.split(',');
    if (f.length !== 15) throw new LeanFormatError(`line ${number}: expected 15 universe fields, got ${f.length}`);
    const [expiry = '', strike = '', right = ''] = f;
    if (!/^\d{8}$/.test(expiry) || (right !== 'C' && right !== 'P')) throw new LeanFormatError(`line ${number}: bad expiry or right`);
    const openInterest = optionalNumber(f[8]);
    const greeks = { impliedVolatility: optionalNumber(f[9]), delta: optionalNumber(f[10]), gamma: optionalNumber(f[11]), vega: optionalNumber(f[12]), theta: optionalNumber(f[13]), rho: optionalNumber(f[14]) };
    return {
      contract: optionContract({
        underlying: underlying.toUpperCase(),
        expiry: `${expiry.slice(0, 4)}-${expiry.slice(4, 6)}-${expiry.slice(6, 8)}`,
        right: right === 'C' ? 'call' : 'put',
        strike: parseDecimal(strike),
        style,
      }),
      open: parseDecimal(f[3] ?? ''),
      high: parseDecimal(f[4] ?? ''),
      low: parseDecimal(f[5] ?? ''),
      close: parseDecimal(f[6] ?? ''),
      volume: Number(f[7] ?? '0'),
      ...(openInterest === undefined ? {} : { openInterest }),
      ...Object.fromEntries(Object.entries(greeks).filter(([, v]) => v !== undefined)),
    };
  });
  return { underlying: underlyingRow, contracts };
}
