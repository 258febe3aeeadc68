import { z } from 'zod';
import type { StrategyBar } from '../strategy';
import { adfTest, olsLine } from './cointegration';
import type { PortfolioStep, PortfolioStrategy } from './portfolio-strategy';

/** Pairs trading on a rolling Engle–Granger spread. */
export const PairsTradingParams = z
  .object({
    /** Formation window: the bars (where both symbols traded) before this one that the hedge regression is fitted on. */
    formation: z.number().int().min(20).max(2000).default(120),
    /** |z| that opens a position. */
    entry: z.number().positive().max(10).default(2),
    /** |z| at or below which a position closes. */
    exit: z.number().min(0).max(10).default(0.5),
    /** |z| beyond which a position is stopped out; no new entry until |z| is back at or below `exit`. */
    stop: z.number().positive().max(50).default(4),
    /** Gross exposure of the pair (Σ|w|): each leg holds gross / 2 of equity, long one, short the other. */
    gross: z.number().positive().max(2).default(1),
    /** Regress log prices (default) or prices. */
    logPrices: z.boolean().default(true),
    /**
     * Enter only while the formation window's residuals pass an ADF test at this p-value (MacKinnon, N = 2);
     * 1 (default) = no filter.
     */
    maxPValue: z.number().gt(0).max(1).default(1),
    /** Lags of that ADF test (fixed: the test runs on every bar). */
    adfLags: z.number().int().min(0).max(20).default(1),
  })
  .strict()
  .refine((p) => p.exit < p.entry, { message: 'exit |z| must be below the entry |z|', path: ['exit'] })
  .refine((p) => p.stop > p.entry, { message: 'stop |z| must be above the entry |z|', path: ['stop'] });
export type PairsTradingParams = z.infer<typeof PairsTradingParams>;

export const PAIRS_TRADING_VERSION = '1';

/** `long`: long the spread (long the first symbol, short the second); `short`: the reverse. */
type SpreadPosition = 'long' | 'short' | 'flat';

export interface PairsTradingState {
  readonly params: unknown;
  /** [first, second]: the universe in sorted order; the first is regressed on the second. */
  readonly pair: readonly [string, string];
  readonly lastTime: number | null;
  /** The last formation + 1 (log) prices of each leg at timestamps where both traded, oldest first (this bar's last). */
  readonly y: readonly number[];
  readonly x: readonly number[];
  readonly position: SpreadPosition;
  readonly stopped: boolean;
}

/**
 * Statistical-arbitrage pairs rule: at each bar where both symbols trade, fit y = α + βx by OLS over the
 * `formation` bars before it (log prices by default), take this bar's spread y − α − βx as a z-score against the
 * window's residual standard deviation, and go long the spread below −entry (long the first symbol, short the second), short it above
 * +entry, close at |z| ≤ exit, stop out beyond ±stop. The legs are dollar-neutral (equal and opposite weights,
 * gross / 2 each), as the issue asks; the hedge ratio defines the spread but does not size the legs, which hedges
 * well only when β is near 1 (as for GOOG/GOOGL). Everything uses closes up to the current bar.
 */
export function pairsTrading(input: z.input<typeof PairsTradingParams>, id?: string): PortfolioStrategy<PairsTradingState> & { readonly params: PairsTradingParams } {
  const params = PairsTradingParams.parse(input);
  const paramsKey = JSON.stringify(params);
  const price = (p: number): number => (params.logPrices ? Math.log(p) : p);
  const onBars = (state: PairsTradingState, time: number, bars: readonly StrategyBar[]): PortfolioStep<PairsTradingState> => {
    if (state.lastTime !== null && time <= state.lastTime) return { state };
    const [first, second] = state.pair;
    const a = bars.find((b) => b.symbol === first);
    const b = bars.find((bar) => bar.symbol === second);
    if (a === undefined || b === undefined || !(a.close > 0) || !(b.close > 0)) return { state: { ...state, lastTime: time } };
    const y = [...state.y, price(a.close)].slice(-(params.formation + 1));
    const x = [...state.x, price(b.close)].slice(-(params.formation + 1));
    const base = { params: state.params, pair: state.pair, lastTime: time, y, x };
    if (y.length <= params.formation) return { state: { ...base, position: state.position, stopped: state.stopped } };
    const yNow = y[y.length - 1] ?? Number.NaN;
    const xNow = x[x.length - 1] ?? Number.NaN;
    let fit;
    try {
      // Fitted on the formation window before this bar, so a dislocation today cannot pull the hedge toward itself.
      fit = olsLine(y.slice(0, -1), x.slice(0, -1));
    } catch {
      // A constant leg over the window: no hedge ratio, no view.
      return { state: { ...base, position: state.position, stopped: state.stopped } };
    }
    let ss = 0;
    for (const r of fit.residuals) ss += r * r;
    const sd = Math.sqrt(ss / fit.residuals.length);
    const z = sd > 0 ? (yNow - fit.alpha - fit.beta * xNow) / sd : 0;
    let position = state.position;
    let stopped = state.stopped && Math.abs(z) > params.exit;
    let why = '';
    if (position === 'long' && z < -params.stop) [position, stopped, why] = ['flat', true, 'stop'];
    else if (position === 'short' && z > params.stop) [position, stopped, why] = ['flat', true, 'stop'];
    else if (position === 'long' && z >= -params.exit) [position, why] = ['flat', 'exit'];
    else if (position === 'short' && z <= params.exit) [position, why] = ['flat', 'exit'];
    else if (position === 'flat' && !stopped && Math.abs(z) > params.entry && Math.abs(z) <= params.stop) {
      const p = params.maxPValue < 1 ? adfTest(fit.residuals, { regression: 'n', lags: params.adfLags, variables: 2 }).pValue : 0;
      if (p <= params.maxPValue) [position, why] = [z < 0 ? 'long' : 'short', `entry${params.maxPValue < 1 ? ` (ADF p ${p.toFixed(3)})` : ''}`];
    }
    const next: PairsTradingState = { ...base, position, stopped };
    if (position === state.position) return { state: next };
    const leg = params.gross / 2;
    const sign = position === 'long' ? 1 : position === 'short' ? -1 : 0;
    return {
      state: next,
      // `+ 0` turns −0 into 0 for a flat book.
      targets: { [first]: sign * leg + 0, [second]: -sign * leg + 0 },
      reason: `${why}: z ${z.toFixed(3)} (β ${fit.beta.toFixed(4)}, ${params.formation} bars) → ${position} spread`,
    };
  };
  return {
    id: id ?? `pairs-${params.formation}-${params.entry}-${params.exit}-${params.stop}${params.maxPValue < 1 ? `-p${params.maxPValue}` : ''}`,
    version: PAIRS_TRADING_VERSION,
    params,
    universeSize: { min: 2, max: 2 },
    initialState(universe) {
      const [first = '', second = ''] = [...universe].sort();
      return { params, pair: [first, second], lastTime: null, y: [], x: [], position: 'flat', stopped: false };
    },
    restoreState(raw, universe) {
      if (typeof raw !== 'object' || raw === null) return undefined;
      const r = raw as Partial<PairsTradingState>;
      const sorted = [...universe].sort();
      if (JSON.stringify(r.params) !== paramsKey || !Array.isArray(r.pair) || r.pair[0] !== sorted[0] || r.pair[1] !== sorted[1]) return undefined;
      return raw as PairsTradingState;
    },
    onBars,
  };
}
