import { EVENT_BUS_NAME, type RoutineStartedV1 } from '../../layers/contracts';
import { container } from '../../layers/adapters/runtime/container';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { newYork, startOnTestStandins } from './support';

/**
 * The regime detector on the embedded default: routine.started (nightly) on the local bus reaches the
 * regime-detector handler through the wiring's rule; it reads daily bars from the paper broker with the real
 * Alpaca client (1Day, adjustment=all) and the current regime from DynamoDB (dynalite). The replay ships
 * minute bars for a few days only, far short of the detector's warm-up, so the run ends in "no regime" and
 * publishes nothing: this proves the wiring, the regime-changed path is covered in test/functions/regime-detector.
 */
describe('regime detector, end to end on the embedded default', () => {
  let tradeloop: LocalTradeloop;
  const at = newYork('2013-10-07T20:00');

  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-07' });
    tradeloop.broker.advanceTo(at);
  }, 120_000);

  afterAll(async () => {
    await tradeloop.stop();
  });

  it('runs on the nightly routine only, without failures', async () => {
    const published: string[] = [];
    tradeloop.bus.onEvent((event) => published.push(event['detail-type']));
    const routine = (r: RoutineStartedV1['routine']): RoutineStartedV1 => ({ schema: 'RoutineStartedV1', routine: r, sessionDate: '2013-10-07', at });
    tradeloop.bus.putEvents([
      { Source: 'tradeloop.calendar', DetailType: 'routine.started', Detail: JSON.stringify(routine('nightly')), EventBusName: EVENT_BUS_NAME },
      { Source: 'tradeloop.calendar', DetailType: 'routine.started', Detail: JSON.stringify(routine('close')), EventBusName: EVENT_BUS_NAME },
    ]);
    await tradeloop.settle();
    expect(tradeloop.failures.all()).toEqual([]);
    expect(tradeloop.invocations['regime-detector']).toBe(1);
    expect(published).not.toContain('regime.changed');
    expect(await container().aws.stores.currentRegime.currentRegime('SPY')).toBeUndefined();
  }, 60_000);
});
