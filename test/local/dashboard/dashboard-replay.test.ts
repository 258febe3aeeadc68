import type { LocalTradeloop } from '../../../local/runtime/local-tradeloop';
import { runReplay } from '../../../local/runtime/replay';
import type { ReplaySummary } from '../../../local/runtime/replay';
import { callControlApi, newYork, startOnTestStandins } from '../../e2e/support';
import { runPageScriptOnce } from './fake-dom';

/** The dashboard of a real embedded tradeloop after a short replay: its numbers agree with the broker and the replay. */
describe('dashboard on the embedded default', () => {
  let tradeloop: LocalTradeloop;
  let summary: ReplaySummary;
  const range = { from: '2013-10-07', to: '2013-10-07', symbols: ['SPY'], endAt: newYork('2013-10-07T10:30') };

  async function get<T>(path: string): Promise<{ status: number; body: T; text: string }> {
    const response = await fetch(new URL(path, tradeloop.dashboardUrl));
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as T };
  }

  beforeAll(async () => {
    tradeloop = await startOnTestStandins({ symbols: range.symbols, fromDate: range.from, toDate: range.to });
    summary = await runReplay(tradeloop, range, { kind: 'max' });
  }, 120_000);
  afterAll(async () => {
    await tradeloop.stop();
  });

  it('is served on 127.0.0.1 beside the control API', async () => {
    expect(tradeloop.dashboardUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(tradeloop.dashboardUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/summary');
  });

  it('counts what the replay counted and what the broker holds', async () => {
    expect(summary.orders).toBeGreaterThan(0);
    const { body } = await get<{
      account: { equity: string; cash: string };
      counts: Record<string, number>;
      killSwitch: { engaged: boolean; source: string };
      lastRoutine: { sessionDate: string } | null;
      marketTime: number;
      modelAccuracy: { status: string };
    }>('/api/summary');
    expect(body.account.equity).toBe(summary.finalEquity);
    expect(body.account.cash).toBe(summary.finalCash);
    expect(body.counts).toMatchObject({
      bars: summary.bars,
      signals: summary.signals,
      rejections: summary.rejections,
      brokerOrders: summary.orders,
      brokerOrdersFilled: summary.fills,
      openPositions: summary.openPositions,
    });
    expect(body.counts['ordersSubmitted']).toBe(summary.orders);
    expect(body.killSwitch).toMatchObject({ engaged: false, source: 'store' });
    expect(body.lastRoutine?.sessionDate).toBe('2013-10-07');
    expect(body.marketTime).toBe(tradeloop.broker.now());
    // The replay has no model in its registry and no active set: the tile says so, the panel shows the default binding.
    expect(body.modelAccuracy.status).toBe('no model');
    const strategies = await get<{ available: boolean; overview: { source: string; strategies: { strategyId: string; liveHitRate: { trials: number } }[]; models: unknown[] } }>('/api/strategies');
    expect(strategies.body.available).toBe(true);
    expect(strategies.body.overview.source).toBe('default');
    expect(strategies.body.overview.models).toEqual([]);
    expect(strategies.body.overview.strategies.map((s) => s.strategyId)).toEqual(['sma-crossover-5-20']);
  });

  it('lists every broker order, newest first', async () => {
    const { body } = await get<{ total: number; orders: { id: string }[] }>('/api/orders?limit=500');
    const brokerOrders = tradeloop.broker.orders();
    expect(body.total).toBe(brokerOrders.length);
    expect(body.orders.map((o) => o.id)).toEqual(brokerOrders.map((o) => o.id).reverse());
  });

  it('has an equity series, one point per market minute, in time order, ending at the current equity', async () => {
    const { body } = await get<{ points: { t: number; equity: number }[] }>('/api/equity');
    expect(body.points.length).toBeGreaterThan(30); // 09:30..10:30
    const times = body.points.map((p) => p.t);
    for (let i = 1; i < times.length; i += 1) expect(Math.floor((times[i] ?? 0) / 60_000)).toBeGreaterThan(Math.floor((times[i - 1] ?? 0) / 60_000));
    expect(body.points.at(-1)?.equity).toBe(Number(summary.finalEquity));
  });

  it('shows the signals and the positions the broker holds', async () => {
    const signals = await get<{ total: number; signals: { symbol: string; strategyId: string }[] }>('/api/signals?limit=500');
    expect(signals.body.total).toBe(summary.signals);
    expect(signals.body.signals.length).toBe(Math.min(500, summary.signals));
    expect(signals.body.signals[0]).toMatchObject({ symbol: 'SPY', strategyId: 'sma-crossover-5-20' });
    const positions = await get<{ positions: { symbol: string; qty: string }[] }>('/api/positions');
    expect(positions.body.positions).toEqual(tradeloop.broker.positions().map((p) => expect.objectContaining({ symbol: p['symbol'], qty: p['qty'] })));
  });

  it('page script renders the replay: tiles, chart, orders, signals (stub DOM, no browser)', async () => {
    const page = await runPageScriptOnce(tradeloop.dashboardUrl);
    expect(page.byId('conn').textContent).toMatch(/^live/);
    expect(page.byId('kill').className).toBe('released');
    expect(page.byId('market-time').textContent).toMatch(/^market time 2013-10-07 10:30 New York/);
    expect(page.byId('orders').children).toHaveLength(Math.min(50, summary.orders));
    expect(page.byId('signals').children).toHaveLength(Math.min(50, summary.signals));
    expect(page.byId('tiles').allText()).toContain(`Broker orders ${summary.orders}`);
    const line = page.byId('chart').find('path')[0]?.attributes.get('d') ?? '';
    expect(line.split(/[ML]/).filter((p) => p.trim()).length).toBeGreaterThan(30);
  });

  it('shows a kill-switch change and the rejections it causes, with every failed check and reason', async () => {
    const engage = await callControlApi(tradeloop, 'POST', '/kill-switch', { action: 'engage', reason: 'dashboard drill' });
    expect(engage.status).toBe(200);
    await tradeloop.settle();
    const halted = await runReplay(tradeloop, { ...range, startAfter: range.endAt, endAt: newYork('2013-10-07T11:30') }, { kind: 'max' });
    const summaryAfter = await get<{ killSwitch: { engaged: boolean; reason: string }; killSwitchChanges: { engaged: boolean }[]; counts: { rejections: number } }>('/api/summary');
    expect(summaryAfter.body.killSwitch).toMatchObject({ engaged: true, reason: 'dashboard drill' });
    expect(summaryAfter.body.killSwitchChanges[0]?.engaged).toBe(true);
    expect(summaryAfter.body.counts.rejections).toBe(summary.rejections + halted.rejections);
    expect(halted.rejections).toBeGreaterThan(0);
    const { body } = await get<{ byCheck: { checkId: string; count: number; lastReason: string }[]; rejections: { failedChecks: { checkId: string; reason: string }[] }[] }>('/api/rejections');
    const kill = body.byCheck.find((c) => c.checkId === 'killSwitch');
    expect(kill?.count).toBe(halted.rejectionsByCheck['killSwitch']);
    expect(kill?.lastReason).toMatch(/dashboard drill/);
    expect(body.rejections[0]?.failedChecks.some((c) => c.checkId === 'killSwitch' && /dashboard drill/.test(c.reason))).toBe(true);
  }, 120_000);

  it('answers bad input with 400 and unknown paths with 404, and never shows the operator token or broker secret', async () => {
    expect((await get('/api/orders?limit=501')).status).toBe(400);
    expect((await get('/api/nothing')).status).toBe(404);
    for (const path of ['/', '/api/summary', '/api/equity', '/api/positions', '/api/orders?limit=500', '/api/signals?limit=500', '/api/rejections?limit=500']) {
      const text = await (await fetch(new URL(path, tradeloop.dashboardUrl))).text();
      expect(text).not.toContain(tradeloop.apiToken);
      expect(text).not.toContain(tradeloop.broker.credentials.secretKey);
    }
  });
});
