import { ZodError } from 'zod';
import { adxTrend, AdxTrendParams } from './adxTrend';
import { bollingerReversion, BollingerReversionParams } from './bollingerReversion';
import { donchianBreakout, DonchianBreakoutParams } from './donchianBreakout';
import { emaCrossover, EmaCrossoverParams } from './emaCrossover';
import { macdTrend, MacdTrendParams } from './macdTrend';
import { openingRangeBreakout, OpeningRangeBreakoutParams } from './openingRangeBreakout';
import { priceCrossSma, PriceCrossSmaParams } from './priceCrossSma';
import { regimeSwitching, RegimeSwitchingParams } from './regimeSwitching';
import { rsiReversion, RsiReversionParams } from './rsiReversion';
import { smaCrossover, SmaCrossoverParams } from './smaCrossover';
import { timeSeriesMomentum, TimeSeriesMomentumParams } from './timeSeriesMomentum';
import { volatilityBreakout, VolatilityBreakoutParams } from './volatilityBreakout';
import { volatilityTargetedTrend, VolatilityTargetedTrendParams } from './volatilityTargetedTrend';
import { zScoreReversion, ZScoreReversionParams } from './zScoreReversion';
import type { StreamingStrategy } from './strategy';

/** A configured strategy with its parsed parameters. */
export type ConfiguredStrategy = StreamingStrategy<unknown> & { readonly params: Readonly<Record<string, unknown>> };

/** One entry of the catalogue: how to describe, default and build a strategy by name. */
export interface StrategyEntry {
  readonly name: string;
  readonly summary: string;
  /** Parameters used where the caller gives none (merged under the caller's). */
  readonly defaults: Readonly<Record<string, number | boolean>>;
  /** Builds the strategy; throws a ZodError on bad parameters. */
  build(params: Readonly<Record<string, unknown>>, id?: string): ConfiguredStrategy;
}

const entry = (e: StrategyEntry): StrategyEntry => e;
const configured = (s: unknown): ConfiguredStrategy => s as ConfiguredStrategy;

/**
 * Every strategy the CLI, the backtest sweep job and the control API can run by name. The names are
 * the public ones (`--strategy price-cross-sma`); parameters are validated by each strategy's zod schema.
 */
export const STRATEGY_CATALOGUE = {
  'price-cross-sma': entry({
    name: 'price-cross-sma',
    summary: 'long while the close is above its SMA(period), flat at or below (the classic reference case)',
    defaults: { period: 20 },
    build: (p, id) => configured(priceCrossSma(PriceCrossSmaParams.parse({ period: 20, ...p }), id)),
  }),
  'sma-crossover': entry({
    name: 'sma-crossover',
    summary: 'long while SMA(fast) > SMA(slow), flat (or short with allowShort) otherwise',
    defaults: { fast: 10, slow: 30 },
    build: (p, id) => configured(smaCrossover(SmaCrossoverParams.parse({ fast: 10, slow: 30, ...p }), id)),
  }),
  'rsi-reversion': entry({
    name: 'rsi-reversion',
    summary: 'long when RSI(period) < entry, flat when it rises above exit',
    defaults: { period: 14, entry: 30, exit: 50 },
    build: (p, id) => configured(rsiReversion(RsiReversionParams.parse(p), id)),
  }),
  'bollinger-reversion': entry({
    name: 'bollinger-reversion',
    summary: 'long when the close is below the lower Bollinger band, flat at the middle band',
    defaults: { period: 20, multiplier: 2 },
    build: (p, id) => configured(bollingerReversion(BollingerReversionParams.parse(p), id)),
  }),
  'donchian-breakout': entry({
    name: 'donchian-breakout',
    summary: 'long on a close above the previous entry-bar high, flat on a close below the previous exit-bar low',
    defaults: { entry: 20, exit: 10 },
    build: (p, id) => configured(donchianBreakout(DonchianBreakoutParams.parse(p), id)),
  }),
  'macd-trend': entry({
    name: 'macd-trend',
    summary: 'long while the MACD line is above its signal line, flat (or short with allowShort) otherwise',
    defaults: { fast: 12, slow: 26, signal: 9 },
    build: (p, id) => configured(macdTrend(MacdTrendParams.parse(p), id)),
  }),
  'ema-crossover': entry({
    name: 'ema-crossover',
    summary: 'long while EMA(fast) > EMA(slow), flat (or short with allowShort) otherwise',
    defaults: { fast: 12, slow: 26 },
    build: (p, id) => configured(emaCrossover(EmaCrossoverParams.parse(p), id)),
  }),
  'adx-trend': entry({
    name: 'adx-trend',
    summary: 'long while ADX ≥ threshold and +DI > −DI; flat when there is no trend',
    defaults: { period: 14, threshold: 25 },
    build: (p, id) => configured(adxTrend(AdxTrendParams.parse(p), id)),
  }),
  'zscore-reversion': entry({
    name: 'zscore-reversion',
    summary: 'long when the z-score of the close is below −entry, flat once it is back above −exit',
    defaults: { period: 20, entry: 2, exit: 0.5 },
    build: (p, id) => configured(zScoreReversion(ZScoreReversionParams.parse(p), id)),
  }),
  'ts-momentum': entry({
    name: 'ts-momentum',
    summary: 'time-series momentum: long when the look-back return is above +band, flat (or short) below −band',
    defaults: { lookback: 252, band: 0 },
    build: (p, id) => configured(timeSeriesMomentum(TimeSeriesMomentumParams.parse(p), id)),
  }),
  'volatility-breakout': entry({
    name: 'volatility-breakout',
    summary: "long on a close above the previous bar's upper Keltner channel, flat below its centre",
    defaults: { emaPeriod: 20, atrPeriod: 10, multiplier: 2 },
    build: (p, id) => configured(volatilityBreakout(VolatilityBreakoutParams.parse(p), id)),
  }),
  'vol-target-trend': entry({
    name: 'vol-target-trend',
    summary: 'long above SMA(trend) with strength = targetVol / realised vol (size with a fraction scaled by strength)',
    defaults: { trend: 100, volWindow: 20, targetVol: 0.1, rebalanceBand: 0.1 },
    build: (p, id) => configured(volatilityTargetedTrend(VolatilityTargetedTrendParams.parse(p), id)),
  }),
  'opening-range-breakout': entry({
    name: 'opening-range-breakout',
    summary: 'intraday: long on a close above the first rangeMinutes high, flat before the close; one entry a session',
    defaults: { rangeMinutes: 30, exitMinutesBeforeClose: 5 },
    build: (p, id) => configured(openingRangeBreakout(OpeningRangeBreakoutParams.parse(p), id)),
  }),
  'regime-switching': entry({
    name: 'regime-switching',
    summary: 'meta-strategy on the causal trend/volatility regime: SMA(fast) trend rule in bull-quiet, z-score reversion in bull-volatile and bear-quiet, flat in bear-volatile',
    defaults: { trendWindow: 200, volWindow: 21, medianPeriod: 252, fast: 50, zPeriod: 20, entry: 1.5, exit: 0 },
    build: (p, id) => configured(regimeSwitching(RegimeSwitchingParams.parse(p), id)),
  }),
} as const satisfies Readonly<Record<string, StrategyEntry>>;

export type StrategyName = keyof typeof STRATEGY_CATALOGUE;
export const STRATEGY_NAMES = Object.keys(STRATEGY_CATALOGUE) as readonly StrategyName[];

export function isStrategyName(name: string): name is StrategyName {
  return Object.hasOwn(STRATEGY_CATALOGUE, name);
}

/** Why a strategy could not be built, in one line (for CLI and API errors). */
export class StrategyConfigError extends Error {
  override readonly name = 'StrategyConfigError';
}

/** Builds a catalogue strategy by name; a bad name or bad parameters become a StrategyConfigError naming the field. */
export function buildStrategy(name: string, params: Readonly<Record<string, unknown>> = {}, id?: string): ConfiguredStrategy {
  if (!isStrategyName(name)) throw new StrategyConfigError(`unknown strategy "${name}" (known: ${STRATEGY_NAMES.join(', ')})`);
  try {
    return STRATEGY_CATALOGUE[name].build(params, id);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const reason = error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ');
    throw new StrategyConfigError(`bad parameters for ${name}: ${reason}`);
  }
}
