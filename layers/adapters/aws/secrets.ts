import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { ExternalServiceError } from '../../core/ports';
import { createSecretsManagerClient } from './clients';

/** The Alpaca API key pair as stored in Secrets Manager: `{"keyId": "...", "secretKey": "..."}`. */
export const AlpacaCredentials = z.object({
  keyId: z.string().min(1),
  secretKey: z.string().min(1),
});
export type AlpacaCredentials = z.infer<typeof AlpacaCredentials>;

/** Cached per secret id for the life of the container: one Secrets Manager call per cold start. */
const cache = new Map<string, Promise<AlpacaCredentials>>();

/**
 * Reads and validates the Alpaca credentials. Errors name the secret and what is wrong with its
 * shape, never its values. A failed read is not cached, so the next invocation tries again.
 */
export function readAlpacaCredentials(
  secretId: string,
  client?: SecretsManagerClient,
): Promise<AlpacaCredentials> {
  const cached = cache.get(secretId);
  if (cached) return cached;
  const pending = fetchCredentials(secretId, client ?? createSecretsManagerClient());
  cache.set(secretId, pending);
  pending.catch(() => cache.delete(secretId));
  return pending;
}

/** Forgets cached credentials (tests; a rotation handler). */
export function clearAlpacaCredentialsCache(): void {
  cache.clear();
}

async function fetchCredentials(secretId: string, client: SecretsManagerClient): Promise<AlpacaCredentials> {
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId })));
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const retryable = !/ResourceNotFound|AccessDenied|InvalidParameter|InvalidRequest|DecryptionFailure/.test(name);
    throw new ExternalServiceError(`could not read secret ${secretId}: ${name}`, retryable, 'secretsmanager', { cause: error });
  }
  if (secretString === undefined) {
    throw new ExternalServiceError(`secret ${secretId} has no SecretString`, false, 'secretsmanager');
  }
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    // The parse error message quotes the input: do not pass it on.
    throw new ExternalServiceError(`secret ${secretId} is not JSON`, false, 'secretsmanager');
  }
  const parsed = AlpacaCredentials.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ExternalServiceError(`secret ${secretId} is not {keyId, secretKey}: ${problems}`, false, 'secretsmanager');
  }
  return parsed.data;
}
