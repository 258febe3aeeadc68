/**
 * Stress scenarios as factor shocks: an equity-index return, an implied-volatility change and a
 * parallel rate change, applied at once. Historical magnitudes are APPROXIMATE public figures
 * (index closes from S&P Dow Jones Indices, VIX/VXO from Cboe, US Treasury constant-maturity
 * yields from FRED/H.15), rounded; they are stress inputs, not data to trade on. Where the shipped
 * daily SPY bars cover a window (1998 → 2021-03: the 2008 and 2020 windows), the equity shock can be
 * derived from them instead (`equityShockFromCloses`, `withDerivedEquityShock`).
 */

/** One stress scenario in factor terms. */
export interface StressScenario {
  readonly id: string;
  readonly name: string;
  readonly kind: 'historical' | 'hypothetical';
  /** Simple return of the equity index (each underlying moves by its beta × this). */
  readonly equityReturn: number;
  /** Absolute implied-vol change for every option (0.59 = +59 vol points); default 0. */
  readonly volShift?: number;
  /** Relative implied-vol change (0.5 = vol × 1.5); default 0. */
  readonly volScale?: number;
  /** Parallel rate change (0.02 = +200 bp); default 0. */
  readonly rateShift?: number;
  /** The historical window (exchange dates, inclusive) the magnitudes describe. */
  readonly window?: { readonly from: string; readonly to: string };
  /** Where the magnitudes come from, and how approximate they are. */
  readonly source: string;
}

/** Historical scenarios (approximate magnitudes; see each `source`). */
export const HISTORICAL_SCENARIOS: readonly StressScenario[] = [
  {
    id: 'black-monday-1987',
    name: 'Black Monday, 1987-10-19',
    kind: 'historical',
    // S&P 500 282.70 → 224.84 on 1987-10-19 (−20.47 %, the largest one-day fall on record).
    equityReturn: -0.2047,
    // VXO (back-computed by Cboe; VIX did not exist) ≈ 36 on 1987-10-16 → ≈ 150 on 1987-10-19: about +114 vol points.
    volShift: 1.14,
    // Flight to quality: long Treasury yields fell roughly 50 bp over 19–20 October (approximate).
    rateShift: -0.005,
    window: { from: '1987-10-19', to: '1987-10-19' },
    source: 'S&P 500 closes 1987-10-16/19; Cboe VXO history; UST long yields ≈ −50 bp (approximate). Not in the shipped data (starts 1998).',
  },
  {
    id: 'gfc-2008',
    name: 'Global financial crisis, September–October 2008',
    kind: 'historical',
    // S&P 500 1282.83 (2008-08-29) → 848.92 (2008-10-27 trough close): −33.8 %. SPY bars give ≈ the same (withDerivedEquityShock).
    equityReturn: -0.338,
    // VIX 20.65 (2008-08-29) → 80.06 (2008-10-27): ≈ +59 vol points.
    volShift: 0.59,
    // 2-year UST ≈ 2.4 % → ≈ 1.5 %, 10-year roughly unchanged: a −50 bp parallel proxy (approximate).
    rateShift: -0.005,
    window: { from: '2008-09-01', to: '2008-10-31' },
    source: 'S&P 500 closes 2008-08-29 and 2008-10-27; Cboe VIX closes; FRED DGS2/DGS10 (approximate). Equity derivable from shipped SPY daily bars.',
  },
  {
    id: 'covid-2020',
    name: 'COVID-19 crash, 2020-02-19 → 2020-03-23',
    kind: 'historical',
    // S&P 500 3386.15 (2020-02-19 peak) → 2237.40 (2020-03-23 trough): −33.9 %.
    equityReturn: -0.339,
    // VIX 14.38 (2020-02-19) → 61.59 (2020-03-23; the record close 82.69 was on 2020-03-16): +47 vol points at the trough.
    volShift: 0.47,
    // 10-year UST 1.56 % → 0.76 %: −80 bp.
    rateShift: -0.008,
    window: { from: '2020-02-20', to: '2020-03-23' },
    source: 'S&P 500 closes 2020-02-19 and 2020-03-23; Cboe VIX; FRED DGS10. Equity derivable from shipped SPY daily bars.',
  },
  {
    id: 'rates-2022',
    name: 'Rates shock, calendar 2022',
    kind: 'historical',
    // S&P 500 4766.18 (2021-12-31) → 3839.50 (2022-12-30): −19.4 % (peak-to-trough 2022-01-03 → 2022-10-12 was −25.4 %).
    equityReturn: -0.194,
    // VIX 17.22 → 21.67: ≈ +4.5 vol points.
    volShift: 0.045,
    // 10-year UST 1.52 % → 3.88 %: ≈ +236 bp (2-year ≈ +370 bp).
    rateShift: 0.0236,
    window: { from: '2022-01-03', to: '2022-12-30' },
    source: 'S&P 500 year-end closes 2021/2022; Cboe VIX; FRED DGS10/DGS2. Not in the shipped data (ends 2021-03).',
  },
];

/** Hypothetical shocks: each factor alone, and all three together. Vol +50 % is RELATIVE (vol × 1.5). */
export const HYPOTHETICAL_SCENARIOS: readonly StressScenario[] = [
  { id: 'equity-down-20', name: 'Equity −20 %', kind: 'hypothetical', equityReturn: -0.2, source: 'hypothetical' },
  { id: 'vol-up-50pct', name: 'Implied vol +50 % (relative)', kind: 'hypothetical', equityReturn: 0, volScale: 0.5, source: 'hypothetical' },
  { id: 'rates-up-200bp', name: 'Rates +200 bp', kind: 'hypothetical', equityReturn: 0, rateShift: 0.02, source: 'hypothetical' },
  {
    id: 'combined',
    name: 'Equity −20 %, vol +50 %, rates +200 bp',
    kind: 'hypothetical',
    equityReturn: -0.2,
    volScale: 0.5,
    rateShift: 0.02,
    source: 'hypothetical',
  },
];

/** An equity shock measured on daily closes: from the last close before the window to the lowest close in it. */
export interface DerivedEquityShock {
  readonly equityReturn: number;
  readonly baseDate: string;
  readonly baseClose: number;
  readonly troughDate: string;
  readonly troughClose: number;
}

/**
 * Start-to-trough return over a window: min close with from ≤ date ≤ to, over the last close before
 * `from`. Bars must be ascending by date. Returns null when the data does not cover the window (no
 * bar before it, or none inside it).
 */
export function equityShockFromCloses(bars: readonly { readonly date: string; readonly close: number }[], from: string, to: string): DerivedEquityShock | null {
  let base: { date: string; close: number } | undefined;
  let trough: { date: string; close: number } | undefined;
  for (const bar of bars) {
    if (bar.date < from) base = bar;
    else if (bar.date <= to && (trough === undefined || bar.close < trough.close)) trough = bar;
  }
  if (base === undefined || trough === undefined || !(base.close > 0)) return null;
  return { equityReturn: trough.close / base.close - 1, baseDate: base.date, baseClose: base.close, troughDate: trough.date, troughClose: trough.close };
}

/** The scenario with its equity shock replaced by the one measured on `bars` when they cover its window (else unchanged). */
export function withDerivedEquityShock(scenario: StressScenario, bars: readonly { readonly date: string; readonly close: number }[], label = 'SPY'): StressScenario {
  if (scenario.window === undefined) return scenario;
  const shock = equityShockFromCloses(bars, scenario.window.from, scenario.window.to);
  if (shock === null) return scenario;
  return {
    ...scenario,
    equityReturn: shock.equityReturn,
    source: `${scenario.source} Equity shock derived from ${label} closes ${shock.baseDate} (${shock.baseClose}) → ${shock.troughDate} (${shock.troughClose}).`,
  };
}
