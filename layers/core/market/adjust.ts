import type { IsoDate } from './calendar';
import type { OhlcvBar } from './bars';
import { factorsOn, type FactorFileRow } from './lean/factor-file';

/** Which corporate actions a price series is adjusted for. */
export const PRICE_ADJUSTMENTS = ['raw', 'split', 'split-and-dividend'] as const;
export type PriceAdjustment = (typeof PRICE_ADJUSTMENTS)[number];

function scale<T extends OhlcvBar>(bar: T, priceScale: number, volumeScale: number): T {
  if (priceScale === 1 && volumeScale === 1) return bar;
  return {
    ...bar,
    open: bar.open * priceScale,
    high: bar.high * priceScale,
    low: bar.low * priceScale,
    close: bar.close * priceScale,
    volume: bar.volume * volumeScale,
    ...(bar.vwap === undefined ? {} : { vwap: bar.vwap * priceScale }),
  };
}

/**
 * Adjusts raw bars for corporate actions with Lean factor-file rows, as of the file's last event:
 * `split` multiplies prices by the split factor and divides volume by it (shares outstanding scale inversely,
 * so traded value is unchanged); `split-and-dividend` also multiplies prices (not volume) by the price factor;
 * `raw` returns the bars unchanged. `dateOf` gives a bar's exchange-local date (default: its `date` field).
 * Results are floating point (analytics grade), not money.
 */
export function adjustBarsBy<T extends OhlcvBar>(
  bars: readonly T[],
  factors: readonly FactorFileRow[],
  mode: PriceAdjustment,
  dateOf: (bar: T) => IsoDate,
): readonly T[] {
  if (mode === 'raw') return bars;
  return bars.map((bar) => {
    const { priceFactor, splitFactor } = factorsOn(factors, dateOf(bar));
    const priceScale = mode === 'split' ? splitFactor : splitFactor * priceFactor;
    return scale(bar, priceScale, 1 / splitFactor);
  });
}

/** `adjustBarsBy` for bars that carry their trading `date` (daily bars, resampled bars). */
export function adjustBars<T extends OhlcvBar & { readonly date: IsoDate }>(
  bars: readonly T[],
  factors: readonly FactorFileRow[],
  mode: PriceAdjustment,
): readonly T[] {
  return adjustBarsBy(bars, factors, mode, (bar) => bar.date);
}
