/**
 * OCC option symbols (the OSI format every US listed option has used since 2010, and the form Alpaca uses):
 * `ROOT YYMMDD C|P STRIKE×1000 (8 digits)`, e.g. GOOG151224C00750000 = GOOG call, 2015-12-24, strike 750.
 * The OCC's own fixed-width form pads the root to 6 characters with spaces ("GOOG  151224C00750000"); both
 * forms parse, and `formatOccSymbol` writes the unpadded one that Alpaca and most vendors use.
 */
import { ExactValueError, parseDecimal, scaledIntegerToDecimal, type DecimalString } from '../../market/exact';
import type { OptionKind } from '../types';

/** The parts of an OCC symbol; the strike is exact (at most 3 decimals, below 100 000). */
export interface OccSymbolParts {
  /** Option root (usually the underlying's ticker; adjusted contracts get roots such as AAPL1). */
  readonly root: string;
  /** Expiration date as written in the symbol, `YYYY-MM-DD`. */
  readonly expiry: string;
  readonly right: OptionKind;
  readonly strike: DecimalString;
}

const OCC = /^([A-Z0-9.]{1,6}?) *(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/** Parses an OCC symbol (padded or not, upper case); throws ExactValueError on anything else. */
export function parseOccSymbol(symbol: string): OccSymbolParts {
  const match = OCC.exec(symbol.trim());
  if (match === null) throw new ExactValueError(`not an OCC option symbol: "${symbol}"`);
  const [, root = '', yy = '', mm = '', dd = '', right = '', strike = ''] = match;
  const month = Number(mm);
  const day = Number(dd);
  // The OSI year has two digits; listed options span 2000–2099.
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new ExactValueError(`invalid expiry date in "${symbol}"`);
  return { root, expiry: `20${yy}-${mm}-${dd}`, right: right === 'C' ? 'call' : 'put', strike: scaledIntegerToDecimal(strike, 3) };
}

/** Writes the unpadded OCC symbol; throws when the strike has more than 3 decimals or does not fit 8 digits. */
export function formatOccSymbol(parts: OccSymbolParts): string {
  if (!/^[A-Z0-9.]{1,6}$/.test(parts.root)) throw new ExactValueError(`invalid option root "${parts.root}"`);
  const date = /^20(\d{2})-(\d{2})-(\d{2})$/.exec(parts.expiry);
  if (date === null) throw new ExactValueError(`expiry must be YYYY-MM-DD in 2000–2099, got "${parts.expiry}"`);
  const strike = parseDecimal(parts.strike);
  const [int = '0', frac = ''] = strike.split('.');
  if (strike.startsWith('-') || frac.length > 3) throw new ExactValueError(`strike ${parts.strike} is not a positive price with at most 3 decimals`);
  const thousandths = `${int}${frac.padEnd(3, '0')}`.replace(/^0+/, '') || '0';
  if (thousandths.length > 8 || thousandths === '0') throw new ExactValueError(`strike ${parts.strike} does not fit an OCC symbol`);
  return `${parts.root}${date[1]}${date[2]}${date[3]}${parts.right === 'call' ? 'C' : 'P'}${thousandths.padStart(8, '0')}`;
}
