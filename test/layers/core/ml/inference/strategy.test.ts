import { join } from 'node:path';
import { loadLeanDailyData, loadLeanMinuteData } from '../../../../../layers/adapters/files';
import { FEATURE_LOOKBACK, featureMatrix, type FeatureBar } from '../../../../../layers/core/ml';
import { applyMinuteBar, emptyDailyWindow, mlDirectionStrategy, mlStrategyId, seedDailyWindow, type MlStrategyState, type PredictionRecordV1 } from '../../../../../layers/core/ml/inference';
import { nyseCalendar, resampleMinuteBars, type MinuteInputBar } from '../../../../../layers/core/market';
import type { StrategyBar, StrategySignal } from '../../../../../layers/core/strategies';
import { tinyModel } from './support';

const dataDir = join(__dirname, '../../../../../data');
const calendar = nyseCalendar();

/** Real SPY: Lean daily bars up to 2013-10-04 (the seed) and Lean minute bars 2013-10-07..11 (the live feed). */
async function spy(): Promise<{ history: FeatureBar[]; minutes: MinuteInputBar[] }> {
  const daily = (await loadLeanDailyData(dataDir, 'SPY')).bars.filter((b) => b.date <= '2013-10-04');
  const history = daily.slice(-(FEATURE_LOOKBACK + 10)).map((b) => ({ date: b.date, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume }));
  const minutes = ((await loadLeanMinuteData(dataDir, ['SPY'], '2013-10-07', '2013-10-11')).trades.get('SPY') ?? []).map((b) => ({ start: b.start, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume }));
  return { history, minutes };
}

const asStrategyBar = (b: MinuteInputBar): StrategyBar => ({ symbol: 'SPY', ...b });

function run(strategy: ReturnType<typeof mlDirectionStrategy>, bars: readonly MinuteInputBar[], state0?: MlStrategyState) {
  let state = state0 ?? strategy.initialState();
  const signals: StrategySignal[] = [];
  for (const b of bars) {
    const step = strategy.onBar(state, asStrategyBar(b));
    state = step.state;
    if (step.kind === 'applied' && step.signal !== undefined) signals.push(step.signal);
  }
  return { state, signals };
}

describe('daily window from minute bars (regular session, NYSE calendar)', () => {
  it('closes each session when the next one starts and equals resampleMinuteBars(…, "day") exactly (real SPY minutes)', async () => {
    const { minutes } = await spy();
    let state = emptyDailyWindow();
    const closedOn: string[] = [];
    for (const b of minutes) {
      const step = applyMinuteBar(state, b, calendar);
      if (step.kind === 'duplicate') throw new Error('no duplicates in the feed');
      state = step.state;
      if (step.kind === 'applied' && step.closed !== undefined) closedOn.push(`${step.closed.date}→${step.sessionDate}`);
    }
    expect(closedOn).toEqual(['2013-10-07→2013-10-08', '2013-10-08→2013-10-09', '2013-10-09→2013-10-10', '2013-10-10→2013-10-11']);
    const reference = resampleMinuteBars(minutes, 'day', calendar).map((b) => ({ date: b.date, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume }));
    expect(state.days).toEqual(reference.slice(0, 4));
    expect(state.open?.date).toBe('2013-10-11');
  });

  it('ignores pre/post-market bars and refuses a bar at or before the last one seen', () => {
    const open = calendar.session('2013-10-07')?.open ?? 0;
    const bar = (start: number, close: number) => ({ start, open: close, high: close, low: close, close, volume: 10 });
    let state = emptyDailyWindow();
    const pre = applyMinuteBar(state, bar(open - 60_000, 1), calendar);
    expect(pre.kind).toBe('outside-session');
    if (pre.kind !== 'outside-session') return;
    state = pre.state;
    const first = applyMinuteBar(state, bar(open, 2), calendar);
    expect(first.kind).toBe('applied');
    if (first.kind !== 'applied') return;
    expect(applyMinuteBar(first.state, bar(open, 2), calendar)).toEqual({ kind: 'duplicate' });
    expect(first.state.open).toMatchObject({ date: '2013-10-07', open: 2, close: 2, volume: 10 });
  });

  it('early close: a 13:00 bar on 2013-11-29 is after the session and not aggregated', () => {
    const session = calendar.session('2013-11-29');
    expect(session?.earlyClose).toBe(true);
    const close = session?.close ?? 0;
    const step = applyMinuteBar(emptyDailyWindow(), { start: close, open: 1, high: 1, low: 1, close: 1, volume: 1 }, calendar);
    expect(step.kind).toBe('outside-session');
  });

  it('seeding keeps live days, fills earlier dates and never takes the open session from history', () => {
    const day = (date: string, close: number): FeatureBar => ({ date, open: close, high: close, low: close, close, volume: 1 });
    const state = { days: [day('2013-10-07', 7)], open: { ...day('2013-10-08', 8), lastStart: 0 }, lastBarStart: 0 };
    const seeded = seedDailyWindow(state, [day('2013-10-03', 3), day('2013-10-04', 4), day('2013-10-07', 70), day('2013-10-08', 80)]);
    expect(seeded.days.map((d) => `${d.date}:${d.close}`)).toEqual(['2013-10-03:3', '2013-10-04:4', '2013-10-07:7']);
  });
});

describe('mlDirectionStrategy', () => {
  it('parity: the live feature row equals the training row of the same daily bars, bit for bit (real SPY)', async () => {
    const { history, minutes } = await spy();
    const records: PredictionRecordV1[] = [];
    const strategy = mlDirectionStrategy({ family: 'ensemble-direction', calendar, champion: tinyModel(1), history, record: (r) => records.push(r) });
    run(strategy, minutes);
    // One forecast per session closed live: on the first bar of 10-08, 10-09, 10-10 and 10-11.
    expect(records.map((r) => r.sessionDate)).toEqual(['2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10']);
    const resampled = resampleMinuteBars(minutes, 'day', calendar).map((b) => ({ date: b.date, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume }));
    // The training path: the same daily bars through featureMatrix (the batch function training uses).
    const training = featureMatrix([...history, ...resampled.slice(0, 4)]);
    for (const r of records) {
      const t = [...history, ...resampled].findIndex((b) => b.date === r.sessionDate);
      const row = training.rows[training.index.indexOf(t)];
      expect(row).toBeDefined();
      expect(Float64Array.from(r.features)).toEqual(row);
      expect(r.features.every((v, i) => Object.is(v, row?.[i]))).toBe(true);
      // The forecast is the model's on that row.
      expect(r.probability).toBe(tinyModel(1).predictor.predictRow(row ?? new Float64Array()).probability);
    }
    // The trigger bar is the first regular minute of the next session.
    expect(records[0]?.barStart).toBe(calendar.session('2013-10-08')?.open);
  });

  it('no lookahead: the forecast for a session does not change with any bar of the session that triggers it', async () => {
    const { history, minutes } = await spy();
    const first = (bars: readonly MinuteInputBar[]) => {
      const records: PredictionRecordV1[] = [];
      run(mlDirectionStrategy({ family: 'ensemble-direction', calendar, champion: tinyModel(1), history, record: (r) => records.push(r) }), bars);
      return records.find((r) => r.sessionDate === '2013-10-07');
    };
    const open8 = calendar.session('2013-10-08')?.open ?? 0;
    const shocked = minutes.map((b) => (b.start >= open8 ? { ...b, open: b.open * 2, high: b.high * 2, low: b.low * 2, close: b.close * 2, volume: b.volume * 3 } : b));
    expect(first(shocked)).toEqual(first(minutes));
  });

  it('direction from the calibrated probability with a dead band; strength 2·|p − 0.5|; a signal only when the view changes', async () => {
    const { history, minutes } = await spy();
    const records: PredictionRecordV1[] = [];
    const { signals } = run(mlDirectionStrategy({ family: 'ensemble-direction', calendar, champion: tinyModel(1), history, params: { deadBand: 0 }, record: (r) => records.push(r) }), minutes);
    const views = records.map((r) => (r.probability > 0.5 ? 'long' : 'flat'));
    const changes = views.filter((v, i) => i === 0 || v !== views[i - 1]);
    expect(signals.map((s) => s.direction)).toEqual(changes);
    for (const s of signals) {
      const r = records.find((x) => x.barStart === s.barStart);
      expect(s.strength).toBeCloseTo(Math.min(1, 2 * Math.abs((r?.probability ?? 0) - 0.5)), 12);
    }
    // A dead band of 0.5 means never an edge: flat (one signal from warm-up, then none).
    const flat = run(mlDirectionStrategy({ family: 'ensemble-direction', calendar, champion: tinyModel(1), history, params: { deadBand: 0.5 }, record: () => undefined }), minutes);
    expect(flat.signals.map((s) => s.direction)).toEqual(['flat']);
  });

  it('challenger in shadow: recorded with the same features, never decides the view', async () => {
    const { history, minutes } = await spy();
    const withShadow: PredictionRecordV1[] = [];
    const alone: PredictionRecordV1[] = [];
    const a = run(mlDirectionStrategy({ family: 'ensemble-direction', calendar, champion: tinyModel(1), challenger: tinyModel(2), history, record: (r) => withShadow.push(r) }), minutes);
    const b = run(mlDirectionStrategy({ family: 'ensemble-direction', calendar, champion: tinyModel(1), history, record: (r) => alone.push(r) }), minutes);
    expect(a.signals).toEqual(b.signals);
    const shadow = withShadow.filter((r) => r.role === 'challenger');
    expect(shadow).toHaveLength(4);
    expect(shadow.map((r) => r.features)).toEqual(alone.map((r) => r.features));
    expect(shadow.some((r, i) => r.probability !== alone[i]?.probability)).toBe(true);
  });

  it('without history it waits for 64 live sessions (no forecast on 5 days)', async () => {
    const { minutes } = await spy();
    const records: PredictionRecordV1[] = [];
    const { state } = run(mlDirectionStrategy({ family: 'ensemble-direction', calendar, champion: tinyModel(1), record: (r) => records.push(r) }), minutes);
    expect(records).toEqual([]);
    expect(state.seeded).toBe(false);
  });

  it('a session first seen mid-way is replaced by history, not appended half-built', async () => {
    const { history, minutes } = await spy();
    const open7 = calendar.session('2013-10-07')?.open ?? 0;
    const late = minutes.filter((b) => b.start >= open7 + 60 * 60_000); // starts at 10:30 on 10-07
    const day7 = resampleMinuteBars(minutes, 'day', calendar).find((b) => b.date === '2013-10-07');
    const historyWith7 = day7 === undefined ? history : [...history, { date: day7.date, open: day7.open + 1, high: day7.high + 1, low: day7.low, close: day7.close, volume: day7.volume }];
    const strategy = mlDirectionStrategy({ family: 'ensemble-direction', calendar, champion: tinyModel(1), history: historyWith7, record: () => undefined });
    const { state } = run(strategy, late);
    const seven = state.window.days.find((d) => d.date === '2013-10-07');
    expect(seven?.open).toBe((day7?.open ?? 0) + 1); // the history bar, not the live half-day
  });

  it('a re-delivered decision bar is ignored but re-emits its forecasts (the sink is idempotent)', async () => {
    const { history, minutes } = await spy();
    const open8 = calendar.session('2013-10-08')?.open ?? 0;
    const upTo = minutes.filter((b) => b.start <= open8);
    const records: PredictionRecordV1[] = [];
    const strategy = mlDirectionStrategy({ family: 'ensemble-direction', calendar, champion: tinyModel(1), challenger: tinyModel(2), history, record: (r) => records.push(r) });
    const { state } = run(strategy, upTo);
    expect(records).toHaveLength(2);
    const again = strategy.onBar(state, asStrategyBar(upTo[upTo.length - 1] as MinuteInputBar));
    expect(again.kind).toBe('ignored');
    expect(records).toHaveLength(4);
    expect(records.slice(2)).toEqual(records.slice(0, 2));
    // Any other old bar re-emits nothing.
    strategy.onBar(state, asStrategyBar(upTo[0] as MinuteInputBar));
    expect(records).toHaveLength(4);
  });

  it('state is JSON and restores; id is stable across model versions', async () => {
    const { history, minutes } = await spy();
    const s1 = mlDirectionStrategy({ family: 'ensemble-direction', calendar, champion: tinyModel(1), history, record: () => undefined });
    const s2 = mlDirectionStrategy({ family: 'ensemble-direction', calendar, champion: tinyModel(2), record: () => undefined });
    expect(s1.id).toBe(mlStrategyId('ensemble-direction'));
    expect(s2.id).toBe(s1.id);
    const { state } = run(s1, minutes.slice(0, 500));
    expect(s2.restoreState(JSON.parse(JSON.stringify(state)))).toEqual(state);
    expect(s2.restoreState({ nope: 1 })).toBeUndefined();
  });
});
