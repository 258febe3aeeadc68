/**
 * Parity: for every indicator in INDICATORS, the streaming form (add, replace of a revised last bar,
 * JSON round trips of the state) gives exactly the batch numbers, bar by bar (bit-identical; NaN in
 * the batch ⇔ undefined and not stable in the stream), on real SPY minute bars and on a synthetic series.
 */
import {
  adx,
  atr,
  bollinger,
  cci,
  dema,
  donchian,
  ema,
  hurst,
  INDICATORS,
  keltner,
  macd,
  momentum,
  obv,
  roc,
  rollingVolatility,
  rsi,
  smaIndicator,
  stochastic,
  tema,
  vwap,
  williamsR,
  wma,
  zScore,
  type Indicator,
  type IndicatorBar,
  type IndicatorName,
  type IndicatorState,
} from '../../../../layers/core/indicators';
import { loadSpy, syntheticSeries, type TestSeries } from './series';

type Streamer = (series: TestSeries, params: unknown) => Record<string, (number | undefined)[]>;

const toRecord = (o: unknown): Record<string, number> => (typeof o === 'number' ? { value: o } : (o as Record<string, number>));

/** Streams every input through add; every 7th is first added perturbed and then replaced; every 11th state goes through JSON. */
function streamer<P, C, I, O>(ind: Indicator<P, C, I, O>, pick: (bar: IndicatorBar) => I, perturb: (input: I) => I): Streamer {
  return (series, params) => {
    const out: Record<string, (number | undefined)[]> = {};
    let state: IndicatorState<P, C> = ind.init(params);
    series.bars.forEach((bar, i) => {
      const input = pick(bar);
      if (i % 7 === 3) {
        state = ind.add(state, perturb(input));
        state = ind.replace(state, perturb(perturb(input)));
        state = ind.replace(state, input);
      } else {
        state = ind.add(state, input);
      }
      if (i % 11 === 5) state = JSON.parse(JSON.stringify(state)) as IndicatorState<P, C>;
      const r = ind.result(state);
      if (ind.isStable(state) !== (r !== undefined)) throw new Error(`${ind.name}[${i}]: isStable disagrees with result`);
      if (r === undefined) {
        for (const k of Object.keys(out)) out[k]?.push(undefined);
        if (Object.keys(out).length === 0) (out['__pending'] ??= []).push(undefined);
        return;
      }
      const rec = toRecord(r);
      for (const [k, v] of Object.entries(rec)) {
        if (out[k] === undefined) out[k] = [...(out['__pending'] ?? [])];
        out[k]?.push(v);
      }
    });
    delete out['__pending'];
    return out;
  };
}

const close = (b: IndicatorBar): number => b.close;
const bar = (b: IndicatorBar): IndicatorBar => b;
const bumpClose = (x: number): number => x * 1.01 + 0.5;
const bumpBar = (b: IndicatorBar): IndicatorBar => ({ high: b.high * 1.02 + 1, low: b.low * 0.99, close: b.close * 1.01, volume: b.volume + 777 });

const CASES: Record<IndicatorName, { readonly stream: Streamer; readonly params: readonly unknown[] }> = {
  sma: { stream: streamer(smaIndicator, close, bumpClose), params: [{ period: 1 }, { period: 20 }] },
  ema: { stream: streamer(ema, close, bumpClose), params: [{ period: 10 }] },
  wma: { stream: streamer(wma, close, bumpClose), params: [{ period: 10 }] },
  dema: { stream: streamer(dema, close, bumpClose), params: [{ period: 10 }] },
  tema: { stream: streamer(tema, close, bumpClose), params: [{ period: 10 }] },
  rsi: { stream: streamer(rsi, close, bumpClose), params: [{ period: 14 }, { period: 2 }] },
  macd: { stream: streamer(macd, close, bumpClose), params: [{}] },
  bollinger: { stream: streamer(bollinger, close, bumpClose), params: [{}, { period: 5, multiplier: 1.5 }] },
  atr: { stream: streamer(atr, bar, bumpBar), params: [{ period: 14 }] },
  adx: { stream: streamer(adx, bar, bumpBar), params: [{ period: 14 }] },
  stochastic: { stream: streamer(stochastic, bar, bumpBar), params: [{}, { kPeriod: 5, kSmoothing: 1, dPeriod: 3 }] },
  cci: { stream: streamer(cci, bar, bumpBar), params: [{ period: 20 }] },
  obv: { stream: streamer(obv, bar, bumpBar), params: [{}] },
  vwap: { stream: streamer(vwap, bar, bumpBar), params: [{}, { period: 30 }] },
  donchian: { stream: streamer(donchian, bar, bumpBar), params: [{ period: 20 }] },
  keltner: { stream: streamer(keltner, bar, bumpBar), params: [{}] },
  roc: { stream: streamer(roc, close, bumpClose), params: [{ period: 10 }] },
  momentum: { stream: streamer(momentum, close, bumpClose), params: [{ period: 10 }] },
  williamsR: { stream: streamer(williamsR, bar, bumpBar), params: [{ period: 14 }] },
  zScore: { stream: streamer(zScore, close, bumpClose), params: [{ period: 20 }] },
  rollingVolatility: { stream: streamer(rollingVolatility, close, bumpClose), params: [{ period: 30, annualization: 252 * 390 }] },
  hurst: { stream: streamer(hurst, close, bumpClose), params: [{ period: 64, minChunk: 8 }] },
};

let spy: TestSeries;
const synthetic = syntheticSeries(1500, 20261125);

beforeAll(async () => {
  spy = await loadSpy();
});

describe('streaming equals batch, bar by bar', () => {
  it('covers at least 20 indicators, each with a case', () => {
    expect(Object.keys(INDICATORS).length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(INDICATORS).sort());
  });

  for (const name of Object.keys(CASES) as IndicatorName[]) {
    const c = CASES[name];
    for (const params of c.params) {
      for (const which of ['real', 'synthetic'] as const) {
        it(`${name} ${JSON.stringify(params)} on ${which} data`, () => {
          const series = which === 'real' ? spy : synthetic;
          const batch = INDICATORS[name].batch(series.columns, params);
          const stream = c.stream(series, params);
          let stableBars = 0;
          for (const key of INDICATORS[name].outputs) {
            const b = batch[key];
            const s = stream[key] ?? [];
            expect(b).toHaveLength(series.bars.length);
            for (let i = 0; i < series.bars.length; i += 1) {
              const bv = b?.[i] ?? Number.NaN;
              const sv = s[i];
              if (Number.isNaN(bv)) {
                if (sv !== undefined) throw new Error(`${name}.${key}[${i}]: batch NaN, stream ${sv}`);
              } else {
                if (sv !== bv) throw new Error(`${name}.${key}[${i}]: batch ${bv} ≠ stream ${String(sv)}`);
                stableBars += 1;
              }
            }
          }
          expect(stableBars).toBeGreaterThan(series.bars.length / 2);
        });
      }
    }
  }
});
