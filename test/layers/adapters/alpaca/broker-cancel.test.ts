import { AlpacaBroker, createAlpacaClients } from '../../../../layers/adapters/alpaca';
import { ExternalServiceError } from '../../../../layers/core/ports';
import { startFakeAlpaca, type FakeAlpaca } from './support/fake-alpaca';

let fake: FakeAlpaca;
let broker: AlpacaBroker;

beforeAll(async () => {
  fake = await startFakeAlpaca();
  broker = new AlpacaBroker(createAlpacaClients({ keyId: 'PKTEST', secretKey: 'secret', tradingUrl: `${fake.url}/`, dataUrl: fake.url, timeoutMs: 2000 }));
});
afterAll(() => fake.close());

describe('AlpacaBroker.cancelOrder (the kill switch flatten)', () => {
  it('DELETEs /v2/orders/{id}; 204 is canceled, 422 (already final) and 404 (unknown) are not cancelable, 5xx throws retryable', async () => {
    fake.route('DELETE', '/v2/orders/b-working', () => ({ status: 204 }));
    fake.route('DELETE', '/v2/orders/b-filled', () => ({ status: 422, body: { code: 42210000, message: 'order is already in "filled" state' } }));
    fake.route('DELETE', '/v2/orders/b-down', () => ({ status: 503, body: { code: 50300000, message: 'unavailable' } }));
    expect(await broker.cancelOrder('b-working')).toBe('canceled');
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/v2/orders/b-working' });
    expect(await broker.cancelOrder('b-filled')).toBe('not-cancelable');
    expect(await broker.cancelOrder('b-unknown')).toBe('not-cancelable');
    const error: unknown = await broker.cancelOrder('b-down').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect((error as ExternalServiceError).retryable).toBe(true);
  });
});
