import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { clearAlpacaCredentialsCache, readAlpacaCredentials } from '../../../../layers/adapters/aws/secrets';
import { ExternalServiceError } from '../../../../layers/core/ports';
import { startAwsJsonServer, type AwsJsonServer } from './support/aws-json-server';

const SECRETS: Record<string, string> = {
  good: JSON.stringify({ keyId: 'PKTEST', secretKey: 's3cr3t-value' }),
  'wrong-shape': JSON.stringify({ keyId: 'PKTEST', secret: 's3cr3t-value' }),
  'not-json': 's3cr3t-value',
};

let server: AwsJsonServer;
let client: SecretsManagerClient;

beforeAll(async () => {
  server = await startAwsJsonServer((call) => {
    const id = String(call.body['SecretId']);
    const value = SECRETS[id];
    if (call.target !== 'secretsmanager.GetSecretValue' || value === undefined) {
      return { error: 'ResourceNotFoundException', message: `no secret ${id}`, status: 400 };
    }
    return { body: { ARN: `arn:aws:secretsmanager:us-east-1:0:secret:${id}`, Name: id, SecretString: value } };
  });
  client = new SecretsManagerClient({ endpoint: server.endpoint });
});
afterAll(() => server.close());
beforeEach(() => clearAlpacaCredentialsCache());

describe('readAlpacaCredentials', () => {
  it('reads and caches the key pair: one call per container', async () => {
    const before = server.calls.length;
    const first = await readAlpacaCredentials('good', client);
    const second = await readAlpacaCredentials('good', client);
    expect(first).toEqual({ keyId: 'PKTEST', secretKey: 's3cr3t-value' });
    expect(second).toBe(first);
    expect(server.calls.length - before).toBe(1);
  });

  it('uses AWS_ENDPOINT_URL_SECRETS_MANAGER when no client is given', async () => {
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = server.endpoint;
    try {
      await expect(readAlpacaCredentials('good')).resolves.toMatchObject({ keyId: 'PKTEST' });
    } finally {
      delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    }
  });

  it.each(['wrong-shape', 'not-json'])('rejects a %s secret without revealing its value', async (id) => {
    const error: unknown = await readAlpacaCredentials(id, client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).toMatchObject({ retryable: false });
    expect(String(error)).toContain(id);
    expect(String(error)).not.toContain('s3cr3t-value');
  });

  it('classifies a missing secret as terminal and does not cache the failure', async () => {
    const error: unknown = await readAlpacaCredentials('absent', client).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: false, service: 'secretsmanager' });
    SECRETS['absent'] = SECRETS['good'] ?? '';
    await expect(readAlpacaCredentials('absent', client)).resolves.toMatchObject({ keyId: 'PKTEST' });
  });
});
