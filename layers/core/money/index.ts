import Decimal from 'decimal.js';

/**
 * Exact arithmetic on decimal strings ("187.25") for prices, quantities and cash. Results are
 * plain decimal strings (no exponent, at most 9 fraction digits, no trailing zeros), the shape
 * the contracts' DecimalString accepts.
 */

/** A private Decimal constructor so global configuration elsewhere cannot change our rounding. */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 });
type Dec = InstanceType<typeof D>;

/** Anything we accept as an exact amount: a decimal string, or a Decimal. Numbers are deliberately excluded. */
export type Amount = string | Dec;

/** The most fraction digits a DecimalString carries. */
export const MAX_FRACTION_DIGITS = 9;

/** Parses an amount; throws on anything that is not a finite decimal. */
export function dec(value: Amount): Dec {
  const d = new D(value);
  if (!d.isFinite()) throw new RangeError(`not a finite decimal: ${String(value)}`);
  return d;
}

/** Converts a float (a bar close, an indicator) into an exact amount at a fixed number of places. */
export function fromNumber(value: number, fractionDigits = 4): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return toDecimalString(new D(value).toDecimalPlaces(fractionDigits, Decimal.ROUND_HALF_EVEN));
}

/** Formats as a DecimalString: rounded half-even to 9 places, trailing zeros removed, "-0" → "0". */
export function toDecimalString(value: Amount): string {
  const d = dec(value).toDecimalPlaces(MAX_FRACTION_DIGITS, Decimal.ROUND_HALF_EVEN);
  if (d.isZero()) return '0';
  const fixed = d.toFixed();
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

export const add = (a: Amount, b: Amount): string => toDecimalString(dec(a).plus(dec(b)));
export const sub = (a: Amount, b: Amount): string => toDecimalString(dec(a).minus(dec(b)));
export const mul = (a: Amount, b: Amount): string => toDecimalString(dec(a).times(dec(b)));
/** Division rounded half-even to 9 places; throws on division by zero. */
export function div(a: Amount, b: Amount): string {
  const divisor = dec(b);
  if (divisor.isZero()) throw new RangeError('division by zero');
  return toDecimalString(dec(a).dividedBy(divisor));
}
export const neg = (a: Amount): string => toDecimalString(dec(a).negated());
export const abs = (a: Amount): string => toDecimalString(dec(a).abs());
/** -1, 0 or 1. */
export const compare = (a: Amount, b: Amount): -1 | 0 | 1 => dec(a).comparedTo(dec(b)) as -1 | 0 | 1;
export const isZero = (a: Amount): boolean => dec(a).isZero();
export const isNegative = (a: Amount): boolean => dec(a).isNegative() && !dec(a).isZero();
export const isPositive = (a: Amount): boolean => dec(a).isPositive() && !dec(a).isZero();
export const min = (a: Amount, b: Amount): string => (compare(a, b) <= 0 ? toDecimalString(a) : toDecimalString(b));
export const max = (a: Amount, b: Amount): string => (compare(a, b) >= 0 ? toDecimalString(a) : toDecimalString(b));
/** Rounds toward zero to whole units (whole shares). */
export const truncate = (a: Amount): string => toDecimalString(dec(a).toDecimalPlaces(0, Decimal.ROUND_DOWN));
/** Rounds half-even to `places` fraction digits (cents: 2). */
export const round = (a: Amount, places: number): string =>
  toDecimalString(dec(a).toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN));
/** Basis points of `part` relative to `whole` (|part| / |whole| × 10 000), rounded to 2 places. */
export function basisPoints(part: Amount, whole: Amount): string {
  return round(div(dec(part).abs().times(10_000), dec(whole).abs()), 2);
}
/** The value as a float, for display and for comparisons with float limits only. */
export const toNumber = (a: Amount): number => dec(a).toNumber();
