import { FakeBroker, InMemoryCurrentRegimeStore, InMemoryStrategyStateStore, ManualClock, RecordingEventPublisher, RecordingOrderIntentQueue } from '../../../../layers/adapters/memory';
import type { ChainFilter, OptionChainSnapshot } from '../../../../layers/core/options';
import { CorrelatorConfigSchema, DEFAULT_CORRELATOR_TABLE } from '../../../../layers/core/options/correlator';
import type { SignalGeneratedV1 } from '../../../../layers/contracts';
import { IV_HISTORY_KEY, proposeOptionsStrategy, type IvHistoryState, type ProposeOptionsDeps } from '../../../../layers/core/trading';
import { AS_OF, calendar, syntheticChain } from '../options/correlator/synthetic-chain';

const signal = (direction: SignalGeneratedV1['direction'], strength: number): SignalGeneratedV1 => ({
  schema: 'SignalGeneratedV1',
  signalId: `sma:XYZ:${AS_OF}`,
  accountId: 'paper',
  strategyId: 'sma',
  strategyVersion: '1',
  symbol: 'XYZ',
  direction,
  strength,
  referencePrice: '100',
  barStart: AS_OF - 60_000,
  generatedAt: AS_OF,
  reason: 'test',
});

function setup(options: { autoSubmit?: boolean; chain?: OptionChainSnapshot } = {}) {
  const clock = new ManualClock(AS_OF);
  const broker = new FakeBroker(clock, calendar);
  const ivHistory = new InMemoryStrategyStateStore();
  const events = new RecordingEventPublisher();
  const intents = new RecordingOrderIntentQueue();
  const filters: ChainFilter[] = [];
  const deps: ProposeOptionsDeps = {
    clock,
    calendar,
    options: {
      chainSnapshot: async (_u, filter) => {
        filters.push(filter ?? {});
        return options.chain ?? syntheticChain();
      },
    },
    broker,
    ivHistory,
    events,
    intents,
    config: { accountId: 'paper', correlator: CorrelatorConfigSchema.parse({ selection: { model: 'european' } }), autoSubmit: options.autoSubmit ?? false },
  };
  return { deps, events, intents, ivHistory, filters };
}

describe('proposeOptionsStrategy (the options-correlator use case)', () => {
  it('proposes from the chain and publishes options.strategy.proposed without enqueueing (propose-only default)', async () => {
    const { deps, events, intents, filters, ivHistory } = setup();
    const outcome = await proposeOptionsStrategy(deps, signal('long', 0.8));
    expect(outcome.kind).toBe('proposed');
    const [event] = events.ofType('options.strategy.proposed');
    expect(event?.structure).toBe('bull-call-spread'); // strong long, IV rank unknown (one day of history)
    expect(event?.decision.ivBucket).toBe('unknown');
    expect(event?.decision.reason).toMatch(/IV history 1 day since 2024-01-03; 52 weeks needed/);
    expect(event?.submitted).toBe(false);
    expect(event?.intent.multiLeg?.legs).toHaveLength(2);
    expect(intents.sent).toHaveLength(0);
    // Only the DTE window is fetched.
    expect(filters[0]).toEqual({ expiryFrom: '2024-01-23', expiryTo: '2024-03-03' });
    const stored = await ivHistory.load<IvHistoryState>(IV_HISTORY_KEY, 'XYZ');
    expect(stored?.state.series).toEqual([{ date: '2024-01-03', iv: expect.closeTo(0.25, 2) }]);
  });

  it('enqueues the intent when auto-submit is on', async () => {
    const { deps, events, intents } = setup({ autoSubmit: true });
    await proposeOptionsStrategy(deps, signal('short', 0.5));
    expect(intents.sent).toHaveLength(1);
    expect(intents.sent[0]?.intentId).toBe(`sma:XYZ:${AS_OF}:opt`);
    expect(events.ofType('options.strategy.proposed')[0]?.submitted).toBe(true);
  });

  it('uses the IV rank once a year of history is stored', async () => {
    const { deps, events, ivHistory } = setup();
    const series = Array.from({ length: 260 }, (_, i) => ({ date: new Date(Date.UTC(2023, 0, 2) + i * 86_400_000 * 1.4).toISOString().slice(0, 10), iv: 0.3 + 0.2 * (i % 2) }))
      .filter((d) => d.date < '2024-01-03');
    await ivHistory.save<IvHistoryState>({ strategyId: IV_HISTORY_KEY, symbol: 'XYZ', state: { series }, version: 1 }, 0);
    await proposeOptionsStrategy(deps, signal('long', 0.9));
    const [event] = events.ofType('options.strategy.proposed');
    expect(event?.decision.ivBucket).toBe('low'); // 25 % against a 30–50 % year
    expect(event?.decision.ivRank).toBe(0);
    expect(event?.structure).toBe('long-call');
  });

  it('does not read the chain for a signal without a view, and reports an empty chain', async () => {
    const weak = setup();
    expect((await proposeOptionsStrategy(weak.deps, signal('long', 0.1))).kind).toBe('no-view');
    expect(weak.filters).toHaveLength(0);
    const empty = setup({ chain: { underlying: 'XYZ', asOf: AS_OF, entries: [] } });
    expect(await proposeOptionsStrategy(empty.deps, signal('long', 0.9))).toEqual({ kind: 'no-chain', reason: 'no XYZ contracts expiring 2024-01-23..2024-03-03' });
    expect(empty.events.events).toHaveLength(0);
  });

  describe('reads the current regime (regime.changed → CurrentRegimeReader)', () => {
    // The default table plus one regime row: a strong long in a bear-volatile market buys the call outright.
    const table = { ...DEFAULT_CORRELATOR_TABLE, rows: [...DEFAULT_CORRELATOR_TABLE.rows, { view: 'strong-long' as const, iv: 'unknown' as const, regime: 'bear-volatile', structures: ['long-call' as const], rationale: 'test: bear-volatile regime row' }] };
    const withRegimes = (regimes?: InMemoryCurrentRegimeStore) => {
      const s = setup();
      const deps: ProposeOptionsDeps = { ...s.deps, ...(regimes === undefined ? {} : { regimes }), config: { ...s.deps.config, correlator: CorrelatorConfigSchema.parse({ selection: { model: 'european' }, table }) } };
      return { ...s, deps };
    };
    const record = async (store: InMemoryCurrentRegimeStore, asOf: string) =>
      store.recordRegime({ symbol: 'XYZ', label: 'bear-volatile', confidence: 0.8, probabilities: { 'bull-quiet': 0.05, 'bull-volatile': 0.1, 'bear-quiet': 0.05, 'bear-volatile': 0.8 }, asOf, since: asOf, modelId: 'hmm-test', recordedAt: 0 });

    it('puts the recorded regime on the signal: the regime row wins over the generic row', async () => {
      const regimes = new InMemoryCurrentRegimeStore();
      await record(regimes, '2024-01-02'); // last night's regime for the 2024-01-03 session
      const { deps, events } = withRegimes(regimes);
      await proposeOptionsStrategy(deps, signal('long', 0.8));
      const [event] = events.ofType('options.strategy.proposed');
      expect(event?.structure).toBe('long-call');
      expect(event?.decision.row).toBe('strong-long × unknown × bear-volatile');
      expect(event?.decision.reason).toMatch(/regime bear-volatile/);
    });

    it('treats no reader, no record and a stale record as regime unknown (the generic row)', async () => {
      const stale = new InMemoryCurrentRegimeStore();
      await record(stale, '2023-12-20');
      for (const regimes of [undefined, new InMemoryCurrentRegimeStore(), stale]) {
        const { deps, events } = withRegimes(regimes);
        await proposeOptionsStrategy(deps, signal('long', 0.8));
        const [event] = events.ofType('options.strategy.proposed');
        expect(event?.structure).toBe('bull-call-spread');
        expect(event?.decision.row).toBe('strong-long × unknown');
        expect(event?.decision.reason).not.toMatch(/regime/);
      }
    });
  });
});
