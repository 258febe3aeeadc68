/**
 * Declared parameter spaces of the catalogue strategies: the box discovery searches. Each dimension is a
 * closed range [min, max] of one numeric parameter, `int` (rounded) or `real`. Where a strategy's schema
 * orders two parameters (fast < slow, entry < exit, exit < entry) the ranges are disjoint so that every
 * point of the box is valid by the strategy's own zod schema (the spaces test builds corners and samples).
 * Booleans (allowShort) are not searched: discovery looks for long-only rules.
 */

import { isPortfolioStrategyName, type PortfolioStrategyName, type StrategyName } from '../strategies';

/** What discovery searches: a per-symbol catalogue strategy or a portfolio strategy (one universe of symbols). */
export type DiscoveryFamily = StrategyName | PortfolioStrategyName;

/** One searched parameter. */
export interface ParameterDimension {
  readonly name: string;
  readonly kind: 'int' | 'real';
  readonly min: number;
  readonly max: number;
}

/** A strategy's search box: its dimensions and fixed parameters passed alongside them. */
export interface ParameterSpace {
  readonly strategy: DiscoveryFamily;
  readonly dimensions: readonly ParameterDimension[];
  /** Parameters held fixed (not searched). */
  readonly fixed?: Readonly<Record<string, number | boolean>>;
}

const int = (name: string, min: number, max: number): ParameterDimension => ({ name, kind: 'int', min, max });
const real = (name: string, min: number, max: number): ParameterDimension => ({ name, kind: 'real', min, max });

/** Every catalogue strategy's space (daily-bar ranges; opening-range-breakout is intraday and in minutes). */
export const PARAMETER_SPACES: Readonly<Record<StrategyName, ParameterSpace>> = {
  'price-cross-sma': { strategy: 'price-cross-sma', dimensions: [int('period', 5, 250)] },
  'sma-crossover': { strategy: 'sma-crossover', dimensions: [int('fast', 2, 50), int('slow', 51, 250)] },
  'rsi-reversion': { strategy: 'rsi-reversion', dimensions: [int('period', 2, 30), real('entry', 5, 45), real('exit', 50, 90)] },
  'bollinger-reversion': { strategy: 'bollinger-reversion', dimensions: [int('period', 5, 100), real('multiplier', 0.5, 3.5)] },
  'donchian-breakout': { strategy: 'donchian-breakout', dimensions: [int('entry', 5, 150), int('exit', 2, 75)] },
  'macd-trend': { strategy: 'macd-trend', dimensions: [int('fast', 3, 20), int('slow', 21, 100), int('signal', 2, 30)] },
  'ema-crossover': { strategy: 'ema-crossover', dimensions: [int('fast', 2, 50), int('slow', 51, 250)] },
  'adx-trend': { strategy: 'adx-trend', dimensions: [int('period', 5, 50), real('threshold', 10, 45)] },
  'zscore-reversion': { strategy: 'zscore-reversion', dimensions: [int('period', 5, 100), real('entry', 1, 3.5), real('exit', 0, 0.95)] },
  'ts-momentum': { strategy: 'ts-momentum', dimensions: [int('lookback', 20, 300), real('band', 0, 0.2)] },
  'volatility-breakout': { strategy: 'volatility-breakout', dimensions: [int('emaPeriod', 5, 100), int('atrPeriod', 5, 50), real('multiplier', 0.5, 4)] },
  'vol-target-trend': {
    strategy: 'vol-target-trend',
    dimensions: [int('trend', 20, 250), int('volWindow', 10, 100), real('targetVol', 0.05, 0.4), real('rebalanceBand', 0, 0.5)],
  },
  'opening-range-breakout': { strategy: 'opening-range-breakout', dimensions: [int('rangeMinutes', 5, 120), int('exitMinutesBeforeClose', 1, 60)] },
  'regime-switching': {
    strategy: 'regime-switching',
    dimensions: [int('trendWindow', 50, 250), int('volWindow', 10, 63), int('medianPeriod', 63, 252), int('fast', 10, 100), int('zPeriod', 5, 60), real('entry', 1, 3), real('exit', 0, 0.95)],
  },
};

/**
 * The portfolio strategies' spaces. Pairs: formation in bars, |z| bands kept disjoint (exit < entry < stop, as
 * its schema requires); gross, log prices and the ADF filter stay at their defaults. Rotation: lookback and skip
 * in bars, held slots `top` (a slot beyond the universe stays cash, valid by the schema), absolute-momentum
 * threshold; monthly, equal weights (booleans are not searched).
 */
export const PORTFOLIO_PARAMETER_SPACES: Readonly<Record<PortfolioStrategyName, ParameterSpace>> = {
  'momentum-rotation': {
    strategy: 'momentum-rotation',
    dimensions: [int('lookback', 21, 252), int('skip', 0, 21), int('top', 1, 3), real('threshold', 0, 0.1)],
  },
  pairs: { strategy: 'pairs', dimensions: [int('formation', 40, 250), real('entry', 1, 3), real('exit', 0, 0.95), real('stop', 3.05, 6)] },
};

/** True for a family run on the whole symbol list as one portfolio. */
export function isPortfolioFamily(family: DiscoveryFamily): family is PortfolioStrategyName {
  return isPortfolioStrategyName(family);
}

/** The declared space of any discovery family. */
export function parameterSpaceOf(family: DiscoveryFamily): ParameterSpace {
  return isPortfolioFamily(family) ? PORTFOLIO_PARAMETER_SPACES[family] : PARAMETER_SPACES[family];
}

/**
 * Bars a portfolio strategy needs before a range: its window (rotation: lookback + skip, and the volatility window
 * when weighting by it; pairs: formation) three times plus a margin, as warmupBars, so a position taken in the
 * warm-up (e.g. the last monthly rebalance) is carried into the range as in continuous trading.
 */
export function portfolioWarmupBars(family: PortfolioStrategyName, params: Readonly<Record<string, number | boolean>>): number {
  const n = (k: string, fallback: number): number => {
    const v = params[k];
    return typeof v === 'number' ? v : fallback;
  };
  const longest = family === 'pairs' ? n('formation', 120) + 1 : Math.max(n('lookback', 252) + n('skip', 21), params['inverseVol'] === true ? n('volWindow', 63) : 0) + 1;
  return 3 * longest + 10;
}

/** Maps a point of the unit cube [0, 1]^d to parameters (ints rounded, values clamped to the box). */
export function decodeParameters(space: ParameterSpace, unit: ArrayLike<number>): Record<string, number | boolean> {
  const params: Record<string, number | boolean> = { ...space.fixed };
  space.dimensions.forEach((d, i) => {
    const u = Math.min(1, Math.max(0, unit[i] ?? 0.5));
    const x = d.min + u * (d.max - d.min);
    params[d.name] = d.kind === 'int' ? Math.min(d.max, Math.max(d.min, Math.round(x))) : Number(x.toPrecision(6));
  });
  return params;
}

/** A stable key of a parameter set (same parameters → same key), for de-duplicating trials. */
export function parameterKey(params: Readonly<Record<string, number | boolean>>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join(',');
}

/** Bars a strategy needs before a range to warm up: the longest window-like parameter, plus a margin. */
export function warmupBars(params: Readonly<Record<string, number | boolean>>): number {
  let longest = 0;
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'number' || !Number.isInteger(v)) continue;
    if (/period|fast|slow|signal|entry|exit|lookback|trend|volWindow/i.test(k)) longest = Math.max(longest, v);
  }
  return 3 * longest + 10;
}
