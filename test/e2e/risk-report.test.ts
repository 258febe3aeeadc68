import { EVENT_BUS_NAME, type RoutineStartedV1 } from '../../layers/contracts';
import { container } from '../../layers/adapters/runtime/container';
import { riskReportKey, type PortfolioRiskReport } from '../../layers/core/trading';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { newYork, startOnTestStandins } from './support';

/**
 * The risk report on the embedded default: routine.started (close, nightly) on the local bus reaches the
 * risk-report handler through the wiring's rule; it reads the account and positions from the paper broker
 * with the real Alpaca client, the policy from DynamoDB (dynalite), and stores the report in strategy-state.
 * The book is empty here, so the report is zero: the figures are covered in test/layers/core/trading.
 */
describe('risk report, end to end on the embedded default', () => {
  let tradeloop: LocalTradeloop;
  const at = newYork('2013-10-07T20:00');

  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-07' });
    tradeloop.broker.advanceTo(at);
  }, 120_000);

  afterAll(async () => {
    await tradeloop.stop();
  });

  it('runs on the close and nightly routines, not pre-market, and stores the session\'s report', async () => {
    const routine = (r: RoutineStartedV1['routine']): RoutineStartedV1 => ({ schema: 'RoutineStartedV1', routine: r, sessionDate: '2013-10-07', at });
    tradeloop.bus.putEvents(
      (['close', 'nightly', 'pre-market'] as const).map((r) => ({ Source: 'tradeloop.calendar', DetailType: 'routine.started', Detail: JSON.stringify(routine(r)), EventBusName: EVENT_BUS_NAME })),
    );
    await tradeloop.settle();
    expect(tradeloop.failures.all()).toEqual([]);
    expect(tradeloop.invocations['risk-report']).toBe(2);
    const deps = container();
    const stored = await deps.aws.stores.strategyState.load<PortfolioRiskReport>(riskReportKey(deps.config.TRADELOOP_ACCOUNT_ID), '2013-10-07');
    expect(stored?.version).toBe(2);
    expect(stored?.state).toMatchObject({ schema: 'PortfolioRiskReportV1', asOf: '2013-10-07', positions: [], observations: 0 });
    expect(stored?.state.var.every((l) => l.historical.var === 0 && l.gaussian.var === 0)).toBe(true);
  }, 60_000);
});
