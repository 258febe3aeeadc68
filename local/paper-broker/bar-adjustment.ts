import { DateTime } from 'luxon';
import { NYSE_ZONE, factorsOn, type FactorFileRow } from '../../layers/core/market';
import type { MinuteBar } from '../../layers/core/ports';
import { badRequest } from './broker-errors';

/** Which corporate actions an Alpaca `adjustment` value asks for (`split,dividend` = `all`). */
export interface BarAdjustment {
  readonly split: boolean;
  readonly dividend: boolean;
}

export const RAW: BarAdjustment = { split: false, dividend: false };

const ADJUSTMENTS = new Set(['raw', 'split', 'dividend', 'spin-off', 'all']);

/**
 * Parses Alpaca's `adjustment` (`raw`, `split`, `dividend`, `spin-off`, `all`, or a comma list). The shipped Lean
 * factor files hold splits and cash dividends only, so `spin-off` is accepted and changes nothing.
 */
export function parseAdjustment(value: string | undefined): BarAdjustment {
  if (value === undefined) return RAW;
  const parts = value.split(',').map((s) => s.trim());
  if (!parts.every((a) => ADJUSTMENTS.has(a))) throw badRequest(`invalid adjustment "${value}"`);
  const all = parts.includes('all');
  return { split: all || parts.includes('split'), dividend: all || parts.includes('dividend') };
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/**
 * Adjusts raw minute bars with the symbol's Lean factor-file rows, as of the file's last event (Alpaca adjusts
 * as of today; the shipped files end in 2021): `split` scales prices by the split factor and volume by its
 * inverse, `dividend` scales prices by the price factor. Each bar takes the factors of its New York date, so
 * minute bars adjust exactly as the daily bar they resample to. Prices are rounded to 4 decimals as Alpaca's are.
 */
export function adjustMinuteBars(bars: readonly MinuteBar[], factors: readonly FactorFileRow[] | undefined, adjustment: BarAdjustment): readonly MinuteBar[] {
  if ((!adjustment.split && !adjustment.dividend) || factors === undefined || factors.length === 0) return bars;
  return bars.map((bar) => {
    const date = DateTime.fromMillis(bar.start, { zone: NYSE_ZONE }).toISODate() ?? '';
    const { priceFactor, splitFactor } = factorsOn(factors, date);
    const price = (adjustment.split ? splitFactor : 1) * (adjustment.dividend ? priceFactor : 1);
    const volume = adjustment.split ? 1 / splitFactor : 1;
    if (price === 1 && volume === 1) return bar;
    return {
      ...bar,
      open: round4(bar.open * price),
      high: round4(bar.high * price),
      low: round4(bar.low * price),
      close: round4(bar.close * price),
      volume: Math.round(bar.volume * volume),
      ...(bar.vwap === undefined ? {} : { vwap: round4(bar.vwap * price) }),
    };
  });
}
