import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgePublisher } from '../../../../layers/adapters/aws/events';
import { ExternalServiceError } from '../../../../layers/core/ports';
import type { BarClosedV1 } from '../../../../layers/contracts';
import { startAwsJsonServer, type AwsJsonServer } from './support/aws-json-server';

const bar: BarClosedV1 = {
  schema: 'BarClosedV1',
  symbol: 'SPY',
  timeframe: '1Min',
  start: 1381152600000,
  open: 168.1,
  high: 168.3,
  low: 168.0,
  close: 168.2,
  volume: 12000,
  feed: 'iex',
};

let failNext = false;
let server: AwsJsonServer;

beforeAll(async () => {
  server = await startAwsJsonServer((call) => {
    if (call.target !== 'AWSEvents.PutEvents') return { error: 'UnknownOperationException', message: call.target, status: 400 };
    if (failNext) {
      failNext = false;
      return { body: { FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }] } };
    }
    return { body: { FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] } };
  });
});
afterAll(() => server.close());

describe('EventBridgePublisher', () => {
  it('sends source and detail-type from the catalogue to the configured bus (endpoint from the environment)', async () => {
    process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = server.endpoint;
    try {
      await new EventBridgePublisher({ eventBusName: 'tradeloop-test' }).publish('bar.closed', bar);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
    }
    const entries = server.calls.at(-1)?.body['Entries'] as Record<string, unknown>[];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ EventBusName: 'tradeloop-test', Source: 'tradeloop.market', DetailType: 'bar.closed' });
    expect(JSON.parse(String(entries[0]?.['Detail']))).toEqual(bar);
  });

  it('refuses an invalid detail before sending anything', async () => {
    const publisher = new EventBridgePublisher({ eventBusName: 'b', client: new EventBridgeClient({ endpoint: server.endpoint }) });
    const before = server.calls.length;
    await expect(publisher.publish('bar.closed', { ...bar, symbol: 'spy' })).rejects.toThrow();
    expect(server.calls.length).toBe(before);
  });

  it('throws a retryable ExternalServiceError when an entry fails', async () => {
    const publisher = new EventBridgePublisher({ eventBusName: 'b', client: new EventBridgeClient({ endpoint: server.endpoint }) });
    failNext = true;
    const error: unknown = await publisher.publish('bar.closed', bar).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).toMatchObject({ retryable: true, service: 'eventbridge' });
    expect(String(error)).toContain('ThrottlingException');
  });
});
