import type { ApprovedOrderV1 } from '../../layers/contracts';
import { createAlpacaClients, AlpacaBroker } from '../../layers/adapters/alpaca';
import { createDynamoStores } from '../../layers/adapters/aws/dynamo';
import { ManualClock, RecordingEventPublisher } from '../../layers/adapters/memory';
import { clientOrderIdFor } from '../../layers/core/execution';
import type { OrderStore } from '../../layers/core/ports';
import { executeApprovedOrder } from '../../layers/core/trading';
import { startPaperBroker } from '../../local/paper-broker';
import type { PaperBroker } from '../../local/paper-broker';
import { PROJECT_DATA_DIR } from '../../local/runtime/local-tradeloop';
import { provisionLocalResources } from '../../local/provision';
import { newYork } from './support';

/**
 * The worst moment to die: after the broker accepted the order, before the store recorded it.
 * With the real DynamoDB store (dynalite), the real Alpaca client and the paper broker, the retried
 * delivery must find the order at the broker and never submit a second one.
 */
describe('execute-order crashing between "submitted to broker" and "recorded"', () => {
  let broker: PaperBroker;

  beforeAll(async () => {
    broker = await startPaperBroker({ data: { dataDir: PROJECT_DATA_DIR, symbols: ['SPY'], fromDate: '2013-10-07', toDate: '2013-10-07' } });
    broker.advanceTo(newYork('2013-10-07T10:00'));
  });
  afterAll(async () => {
    await broker.stop();
  });

  it('yields exactly one broker order per intent across the crash and two more deliveries', async () => {
    const resources = await provisionLocalResources({ prefix: `crash${Date.now() % 100000}-` });
    const stores = createDynamoStores({ tablePrefix: resources.tablePrefix });
    let crashes = 1;
    const crashingOrders: OrderStore = {
      claim: (order) => stores.orders.claim(order),
      get: (id) => stores.orders.get(id),
      listByAccount: (account, limit) => stores.orders.listByAccount(account, limit),
      applyBrokerState: async (id, update) => {
        if (crashes-- > 0) throw new Error('process died after the broker accepted the order');
        return stores.orders.applyBrokerState(id, update);
      },
    };
    const clients = createAlpacaClients({
      keyId: broker.credentials.keyId,
      secretKey: broker.credentials.secretKey,
      tradingUrl: broker.baseUrl,
      dataUrl: broker.baseUrl,
    });
    const now = newYork('2013-10-07T10:00');
    const intentId = `acct:sma:SPY:${now}`;
    const approved: ApprovedOrderV1 = {
      schema: 'ApprovedOrderV1',
      clientOrderId: clientOrderIdFor(intentId),
      policyVersion: 0,
      approvedAt: now,
      intent: {
        schema: 'OrderIntentV1',
        intentId,
        accountId: 'acct',
        strategyId: 'sma',
        signalId: `sma:SPY:${now}`,
        symbol: 'SPY',
        side: 'buy',
        quantity: '3',
        orderType: 'market',
        timeInForce: 'day',
        referencePrice: '168.5',
        marketDataAt: now - 60_000,
        createdAt: now,
      },
    };
    const deps = {
      clock: new ManualClock(now),
      limits: stores.limits,
      broker: new AlpacaBroker(clients),
      orders: crashingOrders,
      events: new RecordingEventPublisher(),
    };

    await expect(executeApprovedOrder(deps, approved)).rejects.toThrow('process died');
    expect(broker.orders()).toHaveLength(1);
    expect((await stores.orders.get(approved.clientOrderId))?.status).toBe('claimed');

    const retried = await executeApprovedOrder(deps, approved);
    expect(retried).toMatchObject({ kind: 'submitted', recovered: true });
    const again = await executeApprovedOrder(deps, approved);
    expect(again.kind).toBe('already-handled');

    expect(broker.orders().filter((o) => o.client_order_id === approved.clientOrderId)).toHaveLength(1);
    expect(broker.orders()).toHaveLength(1);
    const stored = await stores.orders.get(approved.clientOrderId);
    expect(stored?.brokerOrderId).toBe(broker.orders()[0]?.id);
  });
});
