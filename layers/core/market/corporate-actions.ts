import type { IsoDate } from './calendar';
import type { FactorFileRow } from './lean/factor-file';

/**
 * Corporate actions as events on their ex-dates (the first session that trades at the new basis).
 * Amounts are decimal strings: they become money in a ledger.
 */
export type CorporateAction =
  /** `ratio` new shares per old share: "7" for a 7-for-1 split, "0.1" for a 1-for-10 reverse split. */
  | { readonly kind: 'split'; readonly exDate: IsoDate; readonly ratio: string }
  /** Cash per share (in the price's currency, on the basis in force on the ex-date). */
  | { readonly kind: 'dividend'; readonly exDate: IsoDate; readonly amount: string };

/** Options of {@link corporateActionsFromFactorRows}. */
export interface FactorEventOptions {
  /** True for dates with a session; the ex-date is the first such date after a row's date. Default: Monday–Friday. */
  readonly isTradingDay?: (date: IsoDate) => boolean;
  /** Fraction digits of dividend amounts (half-even). Default 4: 2 would turn AAPL's $0.205 into $0.21. */
  readonly dividendPlaces?: number;
  /** Fraction digits of split ratios (half-even), which undo the factor files' 7-digit rounding (6.9999972 → 7). Default 4. */
  readonly ratioPlaces?: number;
}

const DAY_MS = 86_400_000;

const isoToUtcMs = (date: IsoDate): number => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) throw new RangeError(`not an ISO date: ${date}`);
  const [, y = '', m = '', d = ''] = match;
  return Date.UTC(Number(y), Number(m) - 1, Number(d));
};
const utcMsToIso = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);
const weekday = (date: IsoDate): boolean => {
  const day = new Date(isoToUtcMs(date)).getUTCDay();
  return day !== 0 && day !== 6;
};

/**
 * Rounds a positive float half-even to `places` fraction digits and writes it as a plain decimal string.
 * (Factor-file values are 7-digit floats, so the float step is exact enough; the result is what becomes money.)
 */
function roundedDecimal(x: number, places: number): string {
  const scale = 10 ** places;
  const scaled = x * scale;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const units = diff > 0.5 ? floor + 1 : diff < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  const text = String(units).padStart(places + 1, '0');
  const whole = text.slice(0, text.length - places);
  const frac = text.slice(text.length - places).replace(/0+$/, '');
  return frac === '' ? whole : `${whole}.${frac}`;
}

/**
 * Splits and cash dividends from Lean factor-file rows, ascending by ex-date — the events Lean itself derives
 * (FactorFile.GetSplitsAndDividends). Between consecutive rows r and n (n later):
 * - split: r.splitFactor ≠ n.splitFactor, ratio = n.splitFactor / r.splitFactor new shares per old
 *   (0.0357143 → 0.25 is AAPL's 7-for-1 of 2014-06-09);
 * - dividend: r.priceFactor ≠ n.priceFactor, amount = r.referencePrice × (1 − r.priceFactor / n.priceFactor),
 *   with r.referencePrice the raw close on r.date (the last day at the old basis).
 * The ex-date is the first trading day after r.date. Pure: no files, no clock.
 */
export function corporateActionsFromFactorRows(rows: readonly FactorFileRow[], options: FactorEventOptions = {}): readonly CorporateAction[] {
  const isTradingDay = options.isTradingDay ?? weekday;
  const dividendPlaces = options.dividendPlaces ?? 4;
  const ratioPlaces = options.ratioPlaces ?? 4;
  const nextTradingDay = (date: IsoDate): IsoDate => {
    let ms = isoToUtcMs(date);
    for (let i = 0; i < 15; i += 1) {
      ms += DAY_MS;
      const candidate = utcMsToIso(ms);
      if (isTradingDay(candidate)) return candidate;
    }
    throw new RangeError(`no trading day within 15 days after ${date}`);
  };
  const events: CorporateAction[] = [];
  for (let i = 0; i + 1 < rows.length; i += 1) {
    const row = rows[i];
    const next = rows[i + 1];
    if (row === undefined || next === undefined) continue;
    const changesDividend = row.priceFactor !== next.priceFactor;
    const changesSplit = row.splitFactor !== next.splitFactor;
    if (!changesDividend && !changesSplit) continue;
    const exDate = nextTradingDay(row.date);
    // Both on one ex-date: the amount comes from the pre-split reference close, so it is per pre-split share
    // and is listed (and applied) before the split.
    if (changesDividend) {
      const amount = row.referencePrice * (1 - row.priceFactor / next.priceFactor);
      if (amount > 0) events.push({ kind: 'dividend', exDate, amount: roundedDecimal(amount, dividendPlaces) });
    }
    if (changesSplit) events.push({ kind: 'split', exDate, ratio: roundedDecimal(next.splitFactor / row.splitFactor, ratioPlaces) });
  }
  return events;
}
