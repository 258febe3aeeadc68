import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { EVENT_BUS_NAME } from '../../../layers/contracts/wiring';
import { RULES_WITH_BAR_OBSERVER as RULES } from '../../support/rules-with-bar-observer';
import type { BusEvent } from '../../../local/bus/event-bus';
import { LocalEventBus } from '../../../local/bus/event-bus';
import type { LocalEndpoint, SecretsManagerEndpoint } from '../../../local/aws-endpoints';
import { localEndpointEnvironment, startEventBridgeEndpoint, startSecretsManagerEndpoint } from '../../../local/aws-endpoints';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const barDetail = { schema: 'BarClosedV1', symbol: 'SPY', timeframe: '1Min', start: 1_710_513_060_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, feed: 'iex' };

describe('EventBridge endpoint', () => {
  let endpoint: LocalEndpoint;
  const delivered: BusEvent[] = [];
  const bus = new LocalEventBus({
    rules: RULES.filter((r) => r.target === 'signal-engine'),
    targets: { 'signal-engine': async (event) => { delivered.push(event); } },
  });
  beforeAll(async () => {
    endpoint = await startEventBridgeEndpoint({ bus });
  });
  afterAll(() => endpoint.close());

  it('serves PutEvents to the real SDK client found through AWS_ENDPOINT_URL_EVENTBRIDGE', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
    Object.assign(process.env, localEndpointEnvironment({ eventBridge: endpoint.url }));
    try {
      const client = new EventBridgeClient({ region: 'us-east-1', credentials });
      const answer = await client.send(
        new PutEventsCommand({
          Entries: [
            { Source: 'tradeloop.market', DetailType: 'bar.closed', Detail: JSON.stringify(barDetail), EventBusName: EVENT_BUS_NAME, Time: new Date(Date.UTC(2024, 2, 15, 14, 31, 7)) },
            { Source: 'tradeloop.market', DetailType: 'bar.closed', Detail: '{"schema":"BarClosedV1"}', EventBusName: EVENT_BUS_NAME },
          ],
        }),
      );
      expect(answer.FailedEntryCount).toBe(1);
      expect(answer.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.Entries?.[1]).toMatchObject({ ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('bar.closed') });
      await bus.idle();
      expect(delivered).toHaveLength(1);
      expect(delivered[0]).toMatchObject({ id: answer.Entries?.[0]?.EventId, time: '2024-03-15T14:31:07Z', detail: barDetail });
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
      else process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = saved;
    }
  });

  it('answers more than 10 entries with a ValidationException', async () => {
    const client = new EventBridgeClient({ region: 'us-east-1', credentials, endpoint: endpoint.url, maxAttempts: 1 });
    const entry = { Source: 'tradeloop.market', DetailType: 'bar.closed', Detail: JSON.stringify(barDetail), EventBusName: EVENT_BUS_NAME };
    await expect(client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('Secrets Manager endpoint', () => {
  let endpoint: SecretsManagerEndpoint;
  let client: SecretsManagerClient;
  beforeAll(async () => {
    endpoint = await startSecretsManagerEndpoint({ secrets: { 'tradeloop/alpaca/paper': '{"keyId":"k","secretKey":"s"}' } });
    client = new SecretsManagerClient({ region: 'us-east-1', credentials, endpoint: endpoint.url, maxAttempts: 1 });
  });
  afterAll(() => endpoint.close());

  it('returns a secret by name and by ARN', async () => {
    const byName = await client.send(new GetSecretValueCommand({ SecretId: 'tradeloop/alpaca/paper' }));
    expect(byName).toMatchObject({ Name: 'tradeloop/alpaca/paper', SecretString: '{"keyId":"k","secretKey":"s"}', VersionStages: ['AWSCURRENT'] });
    expect(byName.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:tradeloop\/alpaca\/paper-.{6}$/);
    expect(byName.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(byName.CreatedDate).toBeInstanceOf(Date);
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: byName.ARN }));
    expect(byArn.SecretString).toBe(byName.SecretString);
  });

  it('answers an unknown secret with ResourceNotFoundException in AWS’s shape', async () => {
    const failure = client.send(new GetSecretValueCommand({ SecretId: 'nope' }));
    await expect(failure).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(failure).rejects.toMatchObject({ message: "Secrets Manager can't find the specified secret.", $metadata: { httpStatusCode: 400 } });
    const raw = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'secretsmanager.GetSecretValue', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ SecretId: 'nope' }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
  });

  it('rotates a secret with putSecret and keeps its ARN', async () => {
    const before = await client.send(new GetSecretValueCommand({ SecretId: 'tradeloop/alpaca/paper' }));
    endpoint.putSecret('tradeloop/alpaca/paper', 'rotated');
    const after = await client.send(new GetSecretValueCommand({ SecretId: 'tradeloop/alpaca/paper' }));
    expect(after).toMatchObject({ ARN: before.ARN, SecretString: 'rotated' });
    expect(after.VersionId).not.toBe(before.VersionId);
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const raw = await fetch(endpoint.url, { method: 'POST', headers: { 'x-amz-target': 'secretsmanager.DeleteSecret' }, body: '{}' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});
