import { InvalidArgumentError } from 'commander';
import { DateTime } from 'luxon';
import { Ticker } from '../../layers/contracts';

/** Parses "SPY,IBM" into validated tickers (commander argument parser). */
export function parseSymbols(value: string): readonly string[] {
  const symbols = value
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  if (symbols.length === 0) throw new InvalidArgumentError('expected a comma-separated list of tickers, e.g. SPY,IBM');
  for (const symbol of symbols) {
    if (!Ticker.safeParse(symbol).success) throw new InvalidArgumentError(`"${symbol}" is not a valid ticker`);
  }
  return symbols;
}

/** Parses a YYYY-MM-DD New York session date. */
export function parseSessionDate(value: string): string {
  const date = DateTime.fromISO(value, { zone: 'America/New_York' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !date.isValid) {
    throw new InvalidArgumentError(`"${value}" is not a date in the form YYYY-MM-DD`);
  }
  return value;
}

export type ReplaySpeed = { readonly kind: 'max' } | { readonly kind: 'multiple'; readonly factor: number };

/** `max` (as fast as the pipeline drains), `real` (1×), or a multiple such as `60` or `60x`. */
export function parseSpeed(value: string): ReplaySpeed {
  if (value === 'max') return { kind: 'max' };
  if (value === 'real') return { kind: 'multiple', factor: 1 };
  const match = /^(\d+(?:\.\d+)?)x?$/.exec(value);
  const factor = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!Number.isFinite(factor) || factor <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a speed: use max, real, or a multiple such as 60x`);
  }
  return { kind: 'multiple', factor };
}

/** Parses a positive amount of US dollars, kept as an exact decimal string. */
export function parseDollars(value: string): string {
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(value) || Number(value) <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a positive dollar amount such as 100000`);
  }
  return value;
}

/** Parses a whole number of calendar days, 1 to 3660 (about ten years). */
export function parseDayCount(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > 3660) {
    throw new InvalidArgumentError(`"${value}" is not a number of days from 1 to 3660`);
  }
  return days;
}

/** Parses a TCP port, 0 to 65535 (0 lets the system pick a free one). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError(`"${value}" is not a TCP port`);
  return port;
}
