import { EVENT_BUS_NAME, OptionsStrategyProposedV1, type SignalGeneratedV1 } from '../../layers/contracts';
import { container } from '../../layers/adapters/runtime/container';
import { IV_HISTORY_KEY, type IvHistoryState } from '../../layers/core/trading';
import type { LocalTradeloop } from '../../local/runtime/local-tradeloop';
import { newYork, startOnTestStandins } from './support';

/**
 * The options correlator on the embedded default: a signal.generated event on the local bus goes through the
 * wiring's rule to the options-correlator handler, which reads the GOOG 2015-12-24 chain from the paper broker's
 * Alpaca options endpoints with the real v4 client, keeps the IV history in DynamoDB (dynalite) and publishes
 * options.strategy.proposed, validated by the event catalogue. Propose-only (the default): no intent is enqueued.
 */
describe('options correlator, end to end on the embedded default', () => {
  let tradeloop: LocalTradeloop;
  const proposals: OptionsStrategyProposedV1[] = [];
  const at = newYork('2015-12-24T10:00');

  beforeAll(async () => {
    // $250 000: 2 % is $5 000 at risk, enough for one GOOG spread (Alpaca's chain has no open interest, so wider,
    // dearer strikes pass the liquidity filter than on the Lean chain the CLI reads).
    tradeloop = await startOnTestStandins({ symbols: ['GOOG'], fromDate: '2015-12-24', toDate: '2015-12-24', startingCash: '250000' });
    tradeloop.bus.onEvent((event) => {
      if (event['detail-type'] === 'options.strategy.proposed') proposals.push(OptionsStrategyProposedV1.parse(event.detail));
    });
    tradeloop.broker.advanceTo(at);
  }, 120_000);

  afterAll(async () => {
    await tradeloop.stop();
  });

  const signal = (id: string, direction: SignalGeneratedV1['direction'], strength: number): SignalGeneratedV1 => ({
    schema: 'SignalGeneratedV1',
    signalId: id,
    accountId: tradeloop.accountId,
    strategyId: 'e2e',
    strategyVersion: '1',
    symbol: 'GOOG',
    direction,
    strength,
    referencePrice: '747.09',
    barStart: at - 60_000,
    generatedAt: at,
    reason: 'e2e',
  });

  const publish = (detail: SignalGeneratedV1) =>
    tradeloop.bus.putEvents([{ Source: 'tradeloop.signals', DetailType: 'signal.generated', Detail: JSON.stringify(detail), EventBusName: EVENT_BUS_NAME }]);

  it('turns a strong long signal into a proposed spread from the live chain, without submitting it', async () => {
    publish(signal('e2e:GOOG:long', 'long', 0.8));
    await tradeloop.settle();
    expect(tradeloop.failures.all()).toEqual([]);
    expect(tradeloop.invocations['options-correlator']).toBe(1);
    expect(proposals).toHaveLength(1);
    const p = proposals[0];
    expect(p?.proposalId).toBe('e2e:GOOG:long:opt');
    expect(p?.structure).toBe('bull-call-spread'); // IV rank unknown: one day of history
    expect(p?.decision.ivBucket).toBe('unknown');
    expect(p?.legs.map((l) => l.side)).toEqual(['buy', 'sell']);
    for (const leg of p?.legs ?? []) expect(leg.contractSymbol).toMatch(/^GOOG16\d{4}C\d{8}$/);
    expect(p?.submitted).toBe(false);
    expect(p?.intent.multiLeg?.legs).toHaveLength(2);
    expect(p?.summary.maxLoss).toBeGreaterThan(0);
    // The IV history got today's ATM IV.
    const history = await container().aws.stores.strategyState.load<IvHistoryState>(IV_HISTORY_KEY, 'GOOG');
    expect(history?.state.series.map((d) => d.date)).toEqual(['2015-12-24']);
    expect(tradeloop.mappings['order-intents'].stats.records).toBe(0);
    expect(tradeloop.invocations['verify-trade'] ?? 0).toBe(0);
  }, 60_000);

  it('publishes nothing for a signal too weak to trade, and parks nothing', async () => {
    publish(signal('e2e:GOOG:weak', 'short', 0.1));
    await tradeloop.settle();
    expect(proposals).toHaveLength(1);
    const dead = await tradeloop.deadLetterCounts();
    expect(Object.values(dead).reduce((a, b) => a + b, 0)).toBe(0);
    expect(tradeloop.failures.all()).toEqual([]);
  }, 60_000);
});
