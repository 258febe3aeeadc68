import { container } from '../../layers/adapters/runtime/container';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { runReplay } from '../../local/runtime/replay';
import { callControlApi, newYork, startOnTestStandins } from './support';

/** The kill switch, engaged through the authenticated control API, stops every new order until released. */
describe('kill switch on the embedded default', () => {
  let tradeloop: LocalTradeloop;
  const day = { from: '2013-10-07', to: '2013-10-07', symbols: ['SPY'] };

  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: day.symbols, fromDate: day.from, toDate: day.to });
  });
  afterAll(async () => {
    await tradeloop.stop();
  });

  it('rejects every intent while engaged, with the check and the reason, and trades again once released', async () => {
    const engage = await callControlApi(tradeloop, 'POST', '/kill-switch', { action: 'engage', reason: 'operator drill before the open' });
    expect(engage.status).toBe(200);

    const halted = await runReplay(tradeloop, { ...day, endAt: newYork('2013-10-07T11:00') }, { kind: 'max' });
    expect(halted.intents).toBeGreaterThan(0);
    expect(halted.orders).toBe(0);
    expect(halted.rejectionsByCheck['killSwitch']).toBe(halted.rejections);
    const decisions = await container().aws.stores.riskAudit.listByAccount(tradeloop.accountId, 1000);
    expect(decisions.length).toBeGreaterThan(0);
    for (const decision of decisions) {
      expect(decision.approved).toBe(false);
      const check = decision.checks.find((c) => c.checkId === 'killSwitch');
      expect(check?.passed).toBe(false);
      expect(check?.reason).toMatch(/operator drill before the open/);
    }

    const releaseWithoutReason = await callControlApi(tradeloop, 'POST', '/kill-switch', { action: 'release' });
    expect(releaseWithoutReason.status).toBe(400);
    const release = await callControlApi(tradeloop, 'POST', '/kill-switch', { action: 'release', reason: 'drill over' });
    expect(release.status).toBe(200);

    const resumed = await runReplay(
      tradeloop,
      { ...day, startAfter: newYork('2013-10-07T11:00'), endAt: newYork('2013-10-07T13:00') },
      { kind: 'max' },
    );
    expect(resumed.orders).toBeGreaterThan(0);
    expect(resumed.duplicateOrders).toBe(0);
  }, 120_000);
});
