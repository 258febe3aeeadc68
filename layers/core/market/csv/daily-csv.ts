import type { DailyBar } from '../bars';

/** One rejected row of a plain daily CSV: its 1-based line number in the file and why. */
export interface CsvRowError {
  readonly row: number;
  readonly reason: string;
}

/** What to do with an `Adj Close` column. */
export type AdjCloseUse = 'ignore' | 'use';

export interface DailyCsvOptions {
  /**
   * `ignore` (default): prices are Open/High/Low/Close as written. `use`: every price is scaled by
   * AdjClose / Close (the provider's split-and-dividend adjustment); volume is left as written, because the
   * ratio does not say which part of it is a split. Requires the column.
   */
  readonly adjClose?: AdjCloseUse;
}

export interface DailyCsvResult {
  /** Valid rows, ascending by date (files are often newest first). */
  readonly bars: readonly DailyBar[];
  /** Malformed rows, in file order; empty when the whole file is valid. */
  readonly errors: readonly CsvRowError[];
}

/** A plain daily CSV that cannot be used: a bad header, or (strict parsing) any bad row. */
export class DailyCsvError extends Error {
  constructor(
    message: string,
    readonly errors: readonly CsvRowError[],
  ) {
    super(message);
    this.name = 'DailyCsvError';
  }
}

/** Splits one CSV line into fields; supports RFC 4180 double quotes ("" inside quotes is a quote), not multi-line fields. */
export function splitCsvLine(line: string): readonly string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** Header name → canonical column: case, spaces, dots and other punctuation ignored ("Adj. Close*" = adjclose). */
const COLUMN_ALIASES: Readonly<Record<string, Column>> = {
  date: 'date',
  datetime: 'date',
  timestamp: 'date',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  volume: 'volume',
  adjclose: 'adjClose',
  adjustedclose: 'adjClose',
};
type Column = 'date' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'adjClose';
const REQUIRED: readonly Column[] = ['date', 'open', 'high', 'low', 'close', 'volume'];

const normalise = (name: string): string => name.replace(/^\uFEFF/, '').toLowerCase().replace(/[^a-z0-9]/g, '');

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The trading date of an ISO date or date-time field. A date-time's own calendar date is used as written
 * (daily files stamp the exchange-local date, often at 00:00 or with an offset); it is not shifted by its offset.
 */
function parseIsoDate(field: string): string | string[] {
  const match = DATE_TIME.exec(field);
  if (match === null) return [`date "${field}" is not an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS])`];
  const [, y = '', m = '', d = '', hh, mm, ss] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) return [`date "${field}" does not exist`];
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || (ss !== undefined && Number(ss) > 59))) return [`time in "${field}" is out of range`];
  return `${y}-${m}-${d}`;
}

function parseNumber(field: string, column: string, reasons: string[]): number {
  if (field === '') {
    reasons.push(`${column} is empty`);
    return NaN;
  }
  // Plain decimal notation only (no "1e3", hex, "Infinity" or thousands separators).
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(field)) {
    reasons.push(`${column} "${field}" is not a number`);
    return NaN;
  }
  return Number(field);
}

/**
 * Parses a plain daily CSV with a header `Date,Open,High,Low,Close,Volume[,...]` (header names matched
 * case-insensitively ignoring punctuation, in any order; extra columns ignored; `Adj Close` optional) into
 * daily bars. Each malformed row is reported with its line number and every reason found (field count, date,
 * non-numeric or non-positive prices, negative volume, high/low not bounding open/close, duplicate date); the
 * valid rows are still returned. A header without the required columns throws `DailyCsvError`.
 */
export function parseDailyCsv(text: string, options: DailyCsvOptions = {}): DailyCsvResult {
  const useAdj = (options.adjClose ?? 'ignore') === 'use';
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  const headerLine = lines[headerIndex];
  if (headerIndex < 0 || headerLine === undefined) throw new DailyCsvError('empty CSV: no header', [{ row: 1, reason: 'no header' }]);
  const headerRow = headerIndex + 1;
  const columns = new Map<Column, number>();
  splitCsvLine(headerLine).forEach((name, index) => {
    const column = COLUMN_ALIASES[normalise(name)];
    if (column !== undefined && !columns.has(column)) columns.set(column, index);
  });
  const missing = [...REQUIRED, ...(useAdj ? (['adjClose'] as const) : [])].filter((c) => !columns.has(c));
  if (missing.length > 0) {
    const reason = `header lacks column(s) ${missing.join(', ')} (found: ${headerLine.trim()})`;
    throw new DailyCsvError(`line ${headerRow}: ${reason}`, [{ row: headerRow, reason }]);
  }
  const col = (c: Column): number => columns.get(c) ?? -1;
  const needed = Math.max(...[...columns.entries()].filter(([c]) => c !== 'adjClose' || useAdj).map(([, i]) => i)) + 1;

  const bars: DailyBar[] = [];
  const errors: CsvRowError[] = [];
  const seen = new Map<string, number>();
  for (let i = headerIndex + 1; i < lines.length; i += 1) {
    const line = lines[i];
    if (line === undefined || line.trim() === '') continue;
    const row = i + 1;
    const fields = splitCsvLine(line);
    if (fields.length < needed) {
      errors.push({ row, reason: `expected at least ${needed} fields, got ${fields.length}` });
      continue;
    }
    const reasons: string[] = [];
    const at = (c: Column): string => fields[col(c)] ?? '';
    const date = parseIsoDate(at('date'));
    if (Array.isArray(date)) reasons.push(...date);
    let open = parseNumber(at('open'), 'Open', reasons);
    let high = parseNumber(at('high'), 'High', reasons);
    let low = parseNumber(at('low'), 'Low', reasons);
    let close = parseNumber(at('close'), 'Close', reasons);
    const volume = parseNumber(at('volume'), 'Volume', reasons);
    const adjClose = useAdj ? parseNumber(at('adjClose'), 'Adj Close', reasons) : NaN;
    let pricesValid = true;
    for (const [name, value] of [['Open', open], ['High', high], ['Low', low], ['Close', close], ...(useAdj ? [['Adj Close', adjClose] as const] : [])] as const) {
      if (value <= 0) reasons.push(`${name} ${value} is not positive`);
      if (!(value > 0)) pricesValid = false;
    }
    if (volume < 0) reasons.push(`Volume ${volume} is negative`);
    // Range checks only between valid prices (a bad Open would otherwise also be reported as a bad Low).
    if (pricesValid && high < Math.max(open, close, low)) reasons.push(`High ${high} is below Open/Close/Low`);
    if (pricesValid && low > Math.min(open, close, high)) reasons.push(`Low ${low} is above Open/Close/High`);
    if (typeof date === 'string') {
      const first = seen.get(date);
      if (first !== undefined) reasons.push(`date ${date} repeats line ${first}`);
      else seen.set(date, row);
    }
    if (reasons.length > 0 || typeof date !== 'string') {
      errors.push({ row, reason: reasons.join('; ') });
      continue;
    }
    if (useAdj) {
      const ratio = adjClose / close;
      open *= ratio;
      high *= ratio;
      low *= ratio;
      close = adjClose;
    }
    bars.push({ date, open, high, low, close, volume });
  }
  bars.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { bars, errors };
}

/** `parseDailyCsv` that accepts only a fully valid file: throws `DailyCsvError` listing every bad row. */
export function parseDailyCsvStrict(text: string, options: DailyCsvOptions = {}): readonly DailyBar[] {
  const { bars, errors } = parseDailyCsv(text, options);
  if (errors.length > 0) {
    const shown = errors.slice(0, 10).map((e) => `line ${e.row}: ${e.reason}`).join('\n');
    const more = errors.length > 10 ? `\n… and ${errors.length - 10} more` : '';
    throw new DailyCsvError(`${errors.length} malformed row(s):\n${shown}${more}`, errors);
  }
  return bars;
}
