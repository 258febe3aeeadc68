import type { RegimeChangedV1, RoutineStartedV1 } from '../../contracts';
import type { TradingCalendar } from '../market';
import type { Clock, EventPublisher, MinuteBar } from '../ports';
import type { CurrentRegime, CurrentRegimeStore } from '../ports/regime';
import type { RiskMarketData } from '../ports/riskMarket';
import { detectRegimes, regimeChangedEvent, type RegimeBar, type RegimeDetectionOptions, type RegimeLabel } from '../regime';

const DAY_MS = 86_400_000;

/** Calendar days of daily history the detector reads by default: 3 years ≈ 756 sessions (the rules warm up in 273). */
export const REGIME_HISTORY_DAYS = 3 * 365 + 5;

export interface DetectRegimeConfig {
  readonly watchlist: readonly string[];
  /** Calendar days of daily bars before the routine's time (default REGIME_HISTORY_DAYS). */
  readonly historyDays?: number;
  /** Detector options (HMM states, restarts, windows); the defaults of detectRegimes otherwise. */
  readonly detection?: RegimeDetectionOptions;
}

export interface DetectRegimeDeps {
  readonly clock: Clock;
  readonly calendar: TradingCalendar;
  /** Split- and dividend-adjusted daily bars (a split would read as a crash). */
  readonly marketData: Pick<RiskMarketData, 'dailyBars'>;
  readonly regimes: CurrentRegimeStore;
  readonly events: EventPublisher;
  readonly config: DetectRegimeConfig;
}

export type SymbolRegimeOutcome =
  /** The label differs from the recorded one (or none was recorded): regime.changed published, then recorded. */
  | { readonly kind: 'changed'; readonly symbol: string; readonly event: RegimeChangedV1; readonly recorded: boolean }
  /** Same label as recorded: the record moves to the new session (confidence, probabilities), no event. */
  | { readonly kind: 'unchanged'; readonly symbol: string; readonly label: RegimeLabel; readonly asOf: string; readonly recorded: boolean }
  /** A record for this session (or a later one) exists: a redelivery or a late run; nothing written, nothing published. */
  | { readonly kind: 'already-recorded'; readonly symbol: string; readonly asOf: string }
  /** Too little history (a new listing, a feed gap) or no regime yet after the warm-up. */
  | { readonly kind: 'no-regime'; readonly symbol: string; readonly reason: string };

export interface DetectRegimeResult {
  readonly routine: RoutineStartedV1['routine'];
  readonly outcomes: readonly SymbolRegimeOutcome[];
  readonly changed: number;
}

/**
 * The regime detector's nightly (and pre-market) run: for each watchlist symbol, the daily bars of the last
 * `historyDays` whose session closed by the routine's time, a Gaussian HMM fitted on them (seeded, so the same
 * bars give the same model and the same id), the ensemble regime of the last session, compared with the recorded
 * one. A different label publishes regime.changed (eventId = symbol:asOf) and then records the regime; the same
 * label only records it. The record is conditional on a later `asOf`, so a redelivered routine, the pre-market run
 * after the nightly one (no session closed in between) and a late retry all find the session recorded and do nothing.
 *
 * Publish before record: a crash in between re-runs the symbol and publishes the same event again (at-least-once,
 * consumers key on eventId); the other order could record a change that was never announced.
 *
 * Why refit every run instead of loading a stored model: the fit is cheap (756 SPY sessions, 10 restarts: ≈ 0.75 s
 * per symbol measured under Jest on a shared 2-core machine), deterministic, and its id is carried in the event and the record, so any regime can be traced to
 * the bars that produced it. A model store (S3 + the models registry) becomes worth it when a model must be frozen
 * (champion/challenger, a backtest that must match live) or fitting gets expensive; `config.detection.model` already
 * takes a stored model, and the detector then only filters.
 */
export async function detectRegime(deps: DetectRegimeDeps, routine: Pick<RoutineStartedV1, 'routine' | 'at'>): Promise<DetectRegimeResult> {
  const { watchlist } = deps.config;
  const from = routine.at - (deps.config.historyDays ?? REGIME_HISTORY_DAYS) * DAY_MS;
  const bars = watchlist.length === 0 ? new Map<string, readonly MinuteBar[]>() : await deps.marketData.dailyBars(watchlist, from, routine.at + 1);
  const outcomes: SymbolRegimeOutcome[] = [];
  for (const symbol of watchlist) {
    outcomes.push(await detectOne(deps, symbol, closedSessions(deps.calendar, bars.get(symbol) ?? [], routine.at)));
  }
  return { routine: routine.routine, outcomes, changed: outcomes.filter((o) => o.kind === 'changed').length };
}

/** One bar per session whose close is at or before `at` (today's forming bar and duplicates dropped), ascending by date. */
export function closedSessions(calendar: TradingCalendar, bars: readonly MinuteBar[], at: number): RegimeBar[] {
  const byDate = new Map<string, RegimeBar>();
  for (const bar of bars) {
    const date = calendar.sessionDate(bar.start);
    const session = calendar.session(date);
    const closed = session === undefined ? date < calendar.sessionDate(at) : session.close <= at;
    if (closed && Number.isFinite(bar.close) && bar.close > 0) byDate.set(date, { date, close: bar.close });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

async function detectOne(deps: DetectRegimeDeps, symbol: string, bars: readonly RegimeBar[]): Promise<SymbolRegimeOutcome> {
  let detection: ReturnType<typeof detectRegimes>;
  try {
    detection = detectRegimes(bars, deps.config.detection ?? {});
  } catch (error) {
    // RangeError: too few observations to fit. Anything else is a bug and propagates.
    if (error instanceof RangeError) return { kind: 'no-regime', symbol, reason: `${bars.length} daily bars: ${error.message}` };
    throw error;
  }
  const current = detection.current;
  if (current === null || current.regime === null) return { kind: 'no-regime', symbol, reason: `no regime after the warm-up (${bars.length} daily bars)` };
  const asOf = current.date;
  const label = current.regime;
  const stored = await deps.regimes.currentRegime(symbol);
  if (stored !== undefined && stored.asOf >= asOf) return { kind: 'already-recorded', symbol, asOf: stored.asOf };

  const probabilities = current.probabilities ?? { 'bull-quiet': 0, 'bull-volatile': 0, 'bear-quiet': 0, 'bear-volatile': 0, [label]: 1 };
  const confidence = Math.min(1, Math.max(0, probabilities[label]));
  const lastSwitch = [...detection.changes].reverse().find((c) => c.to === label);
  const since = stored?.label === label ? stored.since : (lastSwitch?.date ?? asOf);
  const now = await deps.clock.now();
  const regime: CurrentRegime = { symbol, label, confidence, probabilities, asOf, since, modelId: detection.model.id, recordedAt: now };

  if (stored?.label === label) return { kind: 'unchanged', symbol, label, asOf, recorded: await deps.regimes.recordRegime(regime) };
  const event = regimeChangedEvent(
    symbol,
    { index: bars.length - 1, date: asOf, from: stored?.label ?? null, to: label, confidence, probabilities, hmmState: current.hmm?.state ?? null, ruleLabel: current.ruleLabel },
    detection.model.id,
    now,
  );
  await deps.events.publish('regime.changed', event);
  return { kind: 'changed', symbol, event, recorded: await deps.regimes.recordRegime(regime) };
}
