import { dailyBarsSince, defaultStrategies } from '../../../../layers/adapters/runtime/strategies-overview';
import { ACTIVE_STRATEGY_PARAMS, activeStrategies } from '../../../../layers/adapters/runtime/trading-config';
import { nyseCalendar } from '../../../../layers/core/market';

const calendar = nyseCalendar();
/** Alpaca stamps a daily bar at New York midnight (04:00Z in October). */
const day = (date: string): number => Date.parse(`${date}T04:00:00Z`);

describe('strategies read model composition', () => {
  it('dailyBarsSince: 1Day bars from the first forecast session on, dated in New York, without the session still trading', async () => {
    const asked: [number, number, string][] = [];
    const now = Date.parse('2013-10-10T14:00:00Z'); // 10:00 New York on 2013-10-10
    const bars = dailyBarsSince(
      {
        bars: (symbols, from, to, timeframe) => {
          asked.push([from, to, timeframe]);
          const dates = ['2013-10-04', '2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10'];
          return Promise.resolve(new Map([[symbols[0] ?? '', dates.map((d) => ({ symbol: 'SPY', start: day(d), open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }))]]));
        },
      },
      calendar,
      () => Promise.resolve(now),
    );
    // 10-04 is before the first forecast; 10-10 has not closed, so it decides no label yet.
    expect((await bars('SPY', '2013-10-07')).map((b) => b.date)).toEqual(['2013-10-07', '2013-10-08', '2013-10-09']);
    expect(asked).toEqual([[Date.parse('2013-10-06T00:00:00Z'), now, '1Day']]);
  });

  it('defaultStrategies: the engine fallback binding on the watchlist, with its parameters', () => {
    const [sma] = activeStrategies();
    expect(defaultStrategies(['SPY', 'IBM'])).toEqual([{ strategyId: sma?.strategy.id, version: sma?.strategy.version, parameters: { ...ACTIVE_STRATEGY_PARAMS }, symbols: ['SPY', 'IBM'] }]);
  });
});
