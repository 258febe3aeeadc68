/**
 * The ML direction strategy of the signal engine (issue 7): minute bars in, one ensemble forecast per
 * session out. Pure and synchronous like every streaming strategy; the models, the seed history and
 * the prediction sink are handed in by the adapter that builds it for each bar (hot-swap lives there).
 *
 * No-lookahead rule: the forecast for session D is made on the FIRST regular bar of the next session,
 * from the daily window that ends with D's close (the features are exactly the training row of D) and
 * acted on at that bar's close. It is never made on D's own last bar: that bar closes at 16:00 (or
 * 13:00), when an order could no longer be verified and placed in the session, and a session whose
 * last minute has no bar would otherwise never be forecast. The first bar of D+1 only triggers the
 * forecast and prices the order; none of its data enters the features. The training label (close of
 * D → close of D + h) starts at D's close; the live entry is at D+1's first minute, so the overnight
 * gap is a cost the hold-out metrics do not include.
 */
import { z } from 'zod';
import type { SignalDirection } from '../../../contracts';
import type { TradingCalendar } from '../../market';
import type { StrategyBar, StrategySignal, StrategyStep, StreamingStrategy } from '../../strategies';
import { FEATURE_LOOKBACK, latestFeatures, type FeatureBar } from '../features';
import { applyMinuteBar, emptyDailyWindow, seedDailyWindow, type DailyWindowState } from './daily-window';
import { PredictionRecordV1, type LoadedModel, type ModelRole } from './types';

export const ML_STRATEGY_VERSION = '1';

/** Id of the ML strategy of a model family: stable across model versions, so a new champion keeps the window. */
export const mlStrategyId = (family: string): string => `ml-${family}`;

export const MlStrategyParams = z
  .object({
    /** |P(up) − 0.5| at or below this is no edge: the view is flat. */
    deadBand: z.number().min(0).max(0.5).default(0.05),
    /** P(up) below 0.5 − deadBand goes short (else flat). */
    allowShort: z.boolean().default(false),
  })
  .strict();
export type MlStrategyParams = z.infer<typeof MlStrategyParams>;

const FeatureBarSchema = z.object({ date: z.string(), open: z.number(), high: z.number(), low: z.number(), close: z.number(), volume: z.number() });

const MlStateSchema = z.object({
  window: z.object({
    days: z.array(FeatureBarSchema),
    open: FeatureBarSchema.extend({ lastStart: z.number() }).nullable(),
    lastBarStart: z.number().nullable(),
  }),
  /** The open session began after its first regular minute (the strategy started mid-session): never appended, history replaces it. */
  openIsPartial: z.boolean(),
  /** History before the first live session has been merged. */
  seeded: z.boolean(),
  view: z.enum(['long', 'flat', 'short']).nullable(),
  /** The last forecast's records, re-emitted when its bar is delivered again (the sink is idempotent). */
  lastDecision: z.object({ barStart: z.number(), records: z.array(PredictionRecordV1) }).nullable(),
});
/** Per-symbol state (validated on restore by MlStateSchema). */
export interface MlStrategyState {
  readonly window: DailyWindowState;
  readonly openIsPartial: boolean;
  readonly seeded: boolean;
  readonly view: SignalDirection | null;
  readonly lastDecision: { readonly barStart: number; readonly records: readonly PredictionRecordV1[] } | null;
}

export interface MlStrategyInput {
  readonly family: string;
  readonly params?: z.input<typeof MlStrategyParams>;
  readonly calendar: TradingCalendar;
  /** The model that trades. */
  readonly champion: LoadedModel;
  /** The model in shadow: its forecasts are recorded, never traded. */
  readonly challenger?: LoadedModel;
  /** Daily bars of sessions before the bar's session (seed), when the adapter has them. */
  readonly history?: readonly FeatureBar[];
  /** Receives every forecast (both roles); the adapter stores them once each after the bar. */
  readonly record: (prediction: PredictionRecordV1) => void;
}

/** Start of the first regular minute of `date`'s session, when it is a session. */
const sessionOpenOf = (calendar: TradingCalendar, date: string): number | undefined => calendar.session(date)?.open;

function viewOf(p: number, params: MlStrategyParams): SignalDirection {
  if (p > 0.5 + params.deadBand) return 'long';
  if (p < 0.5 - params.deadBand) return params.allowShort ? 'short' : 'flat';
  return 'flat';
}

export function mlDirectionStrategy(input: MlStrategyInput): StreamingStrategy<MlStrategyState> {
  const params = MlStrategyParams.parse(input.params ?? {});
  const { calendar, champion, challenger } = input;

  const forecast = (model: LoadedModel, role: ModelRole, symbol: string, sessionDate: string, barStart: number, row: Float64Array): PredictionRecordV1 => {
    const p = model.predictor.predictRow(row);
    return PredictionRecordV1.parse({
      schema: 'PredictionRecordV1',
      modelId: model.modelId,
      version: model.version,
      role,
      symbol,
      sessionDate,
      barStart,
      probability: p.probability,
      softVote: p.softVote,
      stacked: p.stacked,
      features: Array.from(row),
    });
  };

  const onBar = (state: MlStrategyState, bar: StrategyBar): StrategyStep<MlStrategyState> => {
    const step = applyMinuteBar(state.window, bar, calendar);
    if (step.kind === 'duplicate') {
      // A re-delivered decision bar: its forecasts may not have reached the store before a crash.
      if (state.lastDecision !== null && state.lastDecision.barStart === bar.start) for (const r of state.lastDecision.records) input.record(r);
      return { kind: 'ignored', state, lastBarStart: state.window.lastBarStart ?? bar.start };
    }
    if (step.kind === 'outside-session') return { kind: 'applied', state: { ...state, window: step.state } };

    let window = step.state;
    let openIsPartial = state.openIsPartial;
    let seeded = state.seeded;
    if (step.closed !== undefined) {
      // A session first seen mid-way is incomplete: drop it and let history supply it (seed again).
      if (openIsPartial) {
        window = { ...window, days: window.days.slice(0, -1) };
        seeded = false;
      }
      openIsPartial = false;
    } else if (window.open !== null && state.window.open === null) {
      // The first live session of this state: partial unless this is its opening minute.
      openIsPartial = bar.start > (sessionOpenOf(calendar, step.sessionDate) ?? bar.start);
    }
    if (!seeded && input.history !== undefined) {
      window = seedDailyWindow(window, input.history);
      seeded = true;
    }
    const base: MlStrategyState = { window, openIsPartial, seeded, view: state.view, lastDecision: state.lastDecision };
    if (step.closed === undefined) return { kind: 'applied', state: base };

    // The first bar of a new session: forecast the session that just closed, if the window is whole.
    const days = window.days;
    const lastDay = days[days.length - 1];
    const previous = calendar.previousSession(bar.start).date;
    if (days.length < FEATURE_LOOKBACK || lastDay === undefined || lastDay.date !== previous) return { kind: 'applied', state: base };
    const row = latestFeatures(days);
    if (row === undefined) return { kind: 'applied', state: base };
    const records = [forecast(champion, 'champion', bar.symbol, lastDay.date, bar.start, row)];
    if (challenger !== undefined) records.push(forecast(challenger, 'challenger', bar.symbol, lastDay.date, bar.start, row));
    for (const r of records) input.record(r);
    const p = records[0]?.probability ?? 0.5;
    const view = viewOf(p, params);
    const next: MlStrategyState = { ...base, view, lastDecision: { barStart: bar.start, records } };
    if (view === state.view) return { kind: 'applied', state: next };
    const signal: StrategySignal = {
      direction: view,
      strength: Math.min(1, 2 * Math.abs(p - 0.5)),
      reason: `${champion.modelId} ${champion.version}: P(up over the label horizon) ${p.toFixed(4)} after ${lastDay.date} (dead band ±${params.deadBand}): ${state.view ?? 'warm-up'} → ${view}`,
      barStart: bar.start,
      referencePrice: bar.close,
    };
    return { kind: 'applied', state: next, signal };
  };

  return {
    id: mlStrategyId(input.family),
    version: ML_STRATEGY_VERSION,
    initialState: () => ({ window: emptyDailyWindow(), openIsPartial: false, seeded: false, view: null, lastDecision: null }),
    restoreState(raw) {
      const parsed = MlStateSchema.safeParse(raw);
      return parsed.success ? parsed.data : undefined;
    },
    onBar,
  };
}
