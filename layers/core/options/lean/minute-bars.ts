/**
 * Fast parsers of Lean option minute quote and trade bars (the same columns as the equity files, deci-cents).
 * A full GOOG chain day is ~275 000 rows; converting each row's New York time with a calendar library took
 * seconds, so the day's offset is computed once. That is exact because New York changes its UTC offset at
 * 02:00 on a Sunday, never during a trading day's data (options trade 09:30–16:00 on weekdays).
 */
import { LeanFormatError, newYorkMsToEpoch, type LeanMinuteQuoteBar, type LeanMinuteTradeBar, type QuoteSideBar } from '../../market/lean';

const DAY_MS = 86_400_000;

function dayStart(date: string): number {
  return newYorkMsToEpoch(date, 0);
}

function ms(field: string, line: number): number {
  const value = Number(field);
  if (!Number.isInteger(value) || value < 0 || value >= DAY_MS) throw new LeanFormatError(`line ${line}: bad millisecond offset "${field}"`);
  return value;
}

function price(field: string, line: number): number {
  if (!/^-?\d+$/.test(field)) throw new LeanFormatError(`line ${line}: expected an integer price in deci-cents, got "${field}"`);
  return Number(field) / 10_000;
}

function side(f: readonly string[], at: number, line: number): QuoteSideBar | undefined {
  if ((f[at] ?? '') === '' && (f[at + 3] ?? '') === '') return undefined;
  return { open: price(f[at] ?? '', line), high: price(f[at + 1] ?? '', line), low: price(f[at + 2] ?? '', line), close: price(f[at + 3] ?? '', line), lastSize: Number(f[at + 4] ?? '0') };
}

/** Minute quote bars of one option CSV on New York trading `date` (`YYYYMMDD`), in file order. */
export function parseLeanOptionMinuteQuotes(csvText: string, date: string): readonly LeanMinuteQuoteBar[] {
  const base = dayStart(date);
  const out: LeanMinuteQuoteBar[] = [];
  const lines = csvText.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const raw = (lines[i] as string).trim();
    if (raw === '') continue;
    const f = raw.split(',');
    if (f.length !== 11) throw new LeanFormatError(`line ${i + 1}: expected 11 quote-bar fields, got ${f.length}`);
    const bid = side(f, 1, i + 1);
    const ask = side(f, 6, i + 1);
    out.push({ start: base + ms(f[0] ?? '', i + 1), ...(bid === undefined ? {} : { bid }), ...(ask === undefined ? {} : { ask }) });
  }
  return out;
}

/** Minute trade bars of one option CSV on New York trading `date` (`YYYYMMDD`), in file order. */
export function parseLeanOptionMinuteTrades(csvText: string, date: string): readonly LeanMinuteTradeBar[] {
  const base = dayStart(date);
  const out: LeanMinuteTradeBar[] = [];
  const lines = csvText.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const raw = (lines[i] as string).trim();
    if (raw === '') continue;
    const f = raw.split(',');
    if (f.length !== 6) throw new LeanFormatError(`line ${i + 1}: expected 6 trade-bar fields, got ${f.length}`);
    out.push({ start: base + ms(f[0] ?? '', i + 1), open: price(f[1] ?? '', i + 1), high: price(f[2] ?? '', i + 1), low: price(f[3] ?? '', i + 1), close: price(f[4] ?? '', i + 1), volume: Number(f[5] ?? '0') });
  }
  return out;
}
