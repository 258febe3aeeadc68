import { join } from 'node:path';
import type { BarClosedV1 } from '../../../../layers/contracts';
import { ActiveModelCache } from '../../../../layers/adapters/aws/ml-models';
import { loadLeanDailyData, loadLeanMinuteData } from '../../../../layers/adapters/files';
import { InMemoryModelRegistry, InMemoryPredictionStore } from '../../../../layers/adapters/memory/ml-models';
import { dailyHistoryFrom, MlBindingSource } from '../../../../layers/adapters/runtime/ml-bindings';
import { FEATURE_LOOKBACK, type FeatureBar } from '../../../../layers/core/ml';
import { mlStrategyId } from '../../../../layers/core/ml/inference';
import { nyseCalendar } from '../../../../layers/core/market';
import { runStrategiesOnBar } from '../../../../layers/core/trading';
import { tinyArtefactJson, version } from '../../core/ml/inference/support';
import { harness } from '../../core/trading/harness';

const dataDir = join(__dirname, '../../../../data');
const calendar = nyseCalendar();
const MODEL = 'SPY#ensemble-direction';

async function spy(): Promise<{ history: FeatureBar[]; bars: BarClosedV1[] }> {
  const daily = (await loadLeanDailyData(dataDir, 'SPY')).bars.filter((b) => b.date <= '2013-10-04');
  const history = daily.slice(-(FEATURE_LOOKBACK + 5)).map((b) => ({ date: b.date, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume }));
  // 10-07 whole, then the first 3 minutes of 10-08, 10-09 and 10-10: three forecasts, few bars (Jest is slow).
  const minutes = (await loadLeanMinuteData(dataDir, ['SPY'], '2013-10-07', '2013-10-10')).trades.get('SPY') ?? [];
  const keep = minutes.filter((b) => {
    const date = calendar.sessionDate(b.start);
    const open = calendar.session(date)?.open ?? 0;
    return b.start >= open && (date === '2013-10-07' || b.start < open + 3 * 60_000);
  });
  const bars = keep.map((b): BarClosedV1 => ({ schema: 'BarClosedV1', symbol: 'SPY', timeframe: '1Min', start: b.start, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, feed: 'iex' }));
  return { history, bars };
}

function setup(options: { ttlMs?: number } = {}) {
  let now = 1_000_000;
  const registry = new InMemoryModelRegistry();
  const artefacts = new Map<string, string>([
    [version(1), tinyArtefactJson(1)],
    [version(2), tinyArtefactJson(2)],
  ]);
  const loads: string[] = [];
  const loadErrors: string[] = [];
  const models = new ActiveModelCache({
    registry,
    loadArtefact: (_modelId, v) => {
      loads.push(v);
      return Promise.resolve(artefacts.get(v));
    },
    pointerTtlMs: options.ttlMs ?? 60_000,
    now: () => now,
    onLoadError: (_m, v) => loadErrors.push(v),
  });
  const predictions = new InMemoryPredictionStore();
  return { registry, models, predictions, loads, loadErrors, artefacts, advance: (ms: number) => (now += ms) };
}

describe('MlBindingSource (champion hot-swap, challenger shadow)', () => {
  it('no champion in the registry: no binding, and the pointer is read once per TTL', async () => {
    const { registry, models, predictions, advance } = setup();
    const source = new MlBindingSource({ models, predictions, calendar });
    const { bars } = await spy();
    const first = bars[0] as BarClosedV1;
    expect((await source.forBar(first)).bindings).toEqual([]);
    expect((await source.forBar(first)).bindings).toEqual([]);
    expect(registry.pointerReads).toBe(1);
    advance(60_000);
    await source.forBar(first);
    expect(registry.pointerReads).toBe(2);
    // A challenger alone (never promoted) is not traded either.
    await registry.setPointers(MODEL, { challenger: version(2) }, undefined, 't');
    advance(60_000);
    expect((await source.forBar(first)).bindings).toEqual([]);
  });

  it('a newly promoted champion is used by the next forecast after the TTL, without a rebuild; each version loads once', async () => {
    const { history, bars } = await spy();
    const { registry, models, predictions, loads, advance } = setup();
    await registry.setPointers(MODEL, { champion: version(1) }, undefined, 't1');
    const source = new MlBindingSource({ models, predictions, calendar, history: () => Promise.resolve(history) });
    const h = harness();
    const deps = { ...h.signalDeps, strategies: [] };
    const open8 = calendar.session('2013-10-08')?.open ?? 0;
    const open9 = calendar.session('2013-10-09')?.open ?? 0;
    let promoted = false;
    for (const bar of bars) {
      if (!promoted && bar.start > open8) {
        // Promotion lands between the 10-08 and 10-09 forecasts; the cache still serves v1 until the TTL passes.
        await registry.setPointers(MODEL, { champion: version(2) }, 1, 't2');
        promoted = true;
      }
      if (bar.start === open9) advance(60_000);
      const ml = await source.forBar(bar);
      const result = await runStrategiesOnBar({ ...deps, strategies: ml.bindings }, bar);
      await ml.flush();
      expect(result.outcomes.map((o) => o.strategyId)).toEqual([mlStrategyId('ensemble-direction')]);
    }
    const byVersion = (v: string) => predictions.all().filter((r) => r.version === v).map((r) => r.sessionDate);
    expect(byVersion(version(1))).toEqual(['2013-10-07']);
    expect(byVersion(version(2))).toEqual(['2013-10-08', '2013-10-09']);
    expect(predictions.all().every((r) => r.role === 'champion')).toBe(true);
    expect(loads).toEqual([version(1), version(2)]);
    // The new champion continued on the same daily window (same strategy id, state kept).
    const state = await h.strategyState.load<{ strategy: { window: { days: unknown[] } } }>(mlStrategyId('ensemble-direction'), 'SPY');
    expect(state?.state.strategy.window.days).toHaveLength(FEATURE_LOOKBACK);
  });

  it('the shadow challenger is recorded once per session under duplicate delivery and never trades', async () => {
    const { history, bars } = await spy();
    const { registry, models, predictions } = setup();
    await registry.setPointers(MODEL, { champion: version(1), challenger: version(2) }, undefined, 't1');
    const source = new MlBindingSource({ models, predictions, calendar, history: () => Promise.resolve(history) });
    const h = harness();
    for (const bar of bars) {
      for (let delivery = 0; delivery < 2; delivery += 1) {
        const ml = await source.forBar(bar);
        await runStrategiesOnBar({ ...h.signalDeps, strategies: ml.bindings }, bar);
        await ml.flush();
      }
    }
    const shadow = await predictions.list(MODEL, version(2));
    expect(shadow.map((r) => `${r.role}:${r.sessionDate}`)).toEqual(['challenger:2013-10-07', 'challenger:2013-10-08', 'challenger:2013-10-09']);
    expect((await predictions.list(MODEL, version(1))).map((r) => r.role)).toEqual(['champion', 'champion', 'champion']);
    // Each forecast was offered twice (the duplicate re-emits), stored once.
    expect(predictions.writes).toBe(12);
    const signals = h.events.events.filter((x) => x.detailType === 'signal.generated');
    expect(signals.length).toBeGreaterThanOrEqual(1); // the first forecast leaves warm-up: always a signal
    for (const e of signals) expect(JSON.stringify(e.detail)).toContain(version(1));
    expect(h.intents.sent.every((i) => !JSON.stringify(i).includes(version(2)))).toBe(true);
  });

  it('an artefact that is missing is treated as absent (no binding), reported, and retried after the TTL', async () => {
    const { registry, models, predictions, loadErrors, artefacts, advance } = setup();
    await registry.setPointers(MODEL, { champion: 'v-2013-10-09-000000000009' }, undefined, 't1');
    const source = new MlBindingSource({ models, predictions, calendar });
    const { bars } = await spy();
    const bar = bars[0] as BarClosedV1;
    expect((await source.forBar(bar)).bindings).toEqual([]);
    expect((await source.forBar(bar)).bindings).toEqual([]);
    expect(loadErrors).toEqual(['v-2013-10-09-000000000009']);
    artefacts.set('v-2013-10-09-000000000009', tinyArtefactJson(1));
    advance(60_000);
    expect((await source.forBar(bar)).bindings).toHaveLength(1);
  });

  it('a failing registry serves the last pointers read; with none it throws (the bar is retried in order)', async () => {
    let fail = false;
    let now = 0;
    const registry = new InMemoryModelRegistry();
    await registry.setPointers(MODEL, { champion: version(1) }, undefined, 't');
    const flaky = { getPointers: (id: string) => (fail ? Promise.reject(new Error('throttled')) : registry.getPointers(id)) };
    const cache = new ActiveModelCache({ registry: flaky, loadArtefact: () => Promise.resolve(tinyArtefactJson(1)), now: () => now });
    expect((await cache.active(MODEL)).champion?.version).toBe(version(1));
    fail = true;
    now += 120_000;
    expect((await cache.active(MODEL)).champion?.version).toBe(version(1));
    await expect(cache.active('IBM#ensemble-direction')).rejects.toThrow('throttled');
  });

  it('dailyHistoryFrom: Alpaca 1Day bars before the session, dated in New York', async () => {
    const asked: [number, number, string][] = [];
    const day = (date: string) => Date.parse(`${date}T04:00:00Z`);
    const history = dailyHistoryFrom(
      {
        bars: (symbols, from, to, timeframe) => {
          asked.push([from, to, timeframe]);
          return Promise.resolve(new Map([[symbols[0] ?? '', ['2013-10-03', '2013-10-04'].map((d) => ({ symbol: 'SPY', start: day(d), open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }))]]));
        },
      },
      calendar,
    );
    expect((await history('SPY', '2013-10-07')).map((b) => b.date)).toEqual(['2013-10-03', '2013-10-04']);
    expect(asked[0]?.[1]).toBe(calendar.session('2013-10-07')?.open);
    expect(asked[0]?.[2]).toBe('1Day');
  });
});
