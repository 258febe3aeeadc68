import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BrokerClock, SystemClock, createAlpacaAdapters } from '../../../../layers/adapters/alpaca';
import { clearAlpacaCredentialsCache } from '../../../../layers/adapters/aws/secrets';
import { startAwsJsonServer, type AwsJsonServer } from '../aws/support/aws-json-server';
import { startFakeAlpaca, type FakeAlpaca } from './support/fake-alpaca';

let secrets: AwsJsonServer;
let fake: FakeAlpaca;

beforeAll(async () => {
  secrets = await startAwsJsonServer(() => ({ body: { Name: 'alpaca', SecretString: JSON.stringify({ keyId: 'PKLOCAL', secretKey: 'sk' }) } }));
  fake = await startFakeAlpaca();
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secrets.endpoint;
  clearAlpacaCredentialsCache();
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  await Promise.all([secrets.close(), fake.close()]);
});

describe('createAlpacaAdapters', () => {
  it('reads the key pair from Secrets Manager and points broker and clock at the configured URLs', async () => {
    fake.route('GET', '/v2/clock', () => ({
      body: { timestamp: '2013-10-07T13:45:00-04:00', is_open: true, next_open: '2013-10-08T09:30:00-04:00', next_close: '2013-10-07T16:00:00-04:00' },
    }));
    const config = {
      TRADELOOP_ALPACA_SECRET_ID: 'tradeloop/alpaca',
      TRADELOOP_ALPACA_TRADING_URL: fake.url,
      TRADELOOP_ALPACA_DATA_URL: fake.url,
      TRADELOOP_MARKET_DATA_FEED: 'iex',
      TRADELOOP_CLOCK: 'broker',
    } as const;
    const adapters = await createAlpacaAdapters(config);
    expect(adapters.clock).toBeInstanceOf(BrokerClock);
    expect(await adapters.clock.now()).toBe(Date.parse('2013-10-07T17:45:00Z'));
    expect(fake.requests.at(-1)?.headers['apca-api-key-id']).toBe('PKLOCAL');
    expect(secrets.calls[0]?.body['SecretId']).toBe('tradeloop/alpaca');
    const system = await createAlpacaAdapters({ ...config, TRADELOOP_CLOCK: 'system' });
    expect(system.clock).toBeInstanceOf(SystemClock);
    expect(secrets.calls).toHaveLength(1); // credentials cached for the container
  });
});
