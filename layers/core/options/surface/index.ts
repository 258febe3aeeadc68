/** Implied-volatility surface of a chain snapshot: per-quote IVs and deltas, smiles, term structure, skew, IV rank. */
export { surfacePoints, type SurfaceInputs, type SurfaceModel, type SurfacePoint, type SurfacePoints } from './implied-vols';
export { smiles, expirySummaries, surfaceGrid, ivAtDelta, ivAtLogMoneyness, ivAtMoneyness, interpolate, type ExpirySummary, type Smile, type SmilePoint } from './smile';
export { ivRank, type DailyIv, type IvRankResult } from './iv-rank';
export { dailyIvSeries, type DailyIvSeries } from './iv-series';
