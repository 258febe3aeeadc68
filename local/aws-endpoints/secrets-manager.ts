import { randomBytes, randomUUID } from 'node:crypto';
import type { LocalEndpoint } from './json-protocol-server';
import { AwsJsonError, startJsonProtocolServer } from './json-protocol-server';

export interface SecretsManagerEndpointOptions {
  /** Secret name → SecretString (e.g. the paper broker's key pair as JSON). */
  readonly secrets: Readonly<Record<string, string>>;
  readonly region?: string;
  readonly account?: string;
  readonly port?: number;
}

interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  readonly secretString: string;
  readonly versionId: string;
  readonly createdDate: number;
}

/** A running Secrets Manager stand-in: the endpoint plus a way to add or rotate secrets. */
export interface SecretsManagerEndpoint extends LocalEndpoint {
  /** Creates or replaces a secret (a new VersionId, as a rotation would give). */
  putSecret(name: string, secretString: string): void;
}

/**
 * Secrets Manager's GetSecretValue on loopback, so code using the real `@aws-sdk/client-secrets-manager` reads
 * local secrets via AWS_ENDPOINT_URL_SECRETS_MANAGER. SecretId may be the name or the ARN.
 */
export async function startSecretsManagerEndpoint(options: SecretsManagerEndpointOptions): Promise<SecretsManagerEndpoint> {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '000000000000';
  const byName = new Map<string, StoredSecret>();

  const putSecret = (name: string, secretString: string): void => {
    // Secrets Manager appends six random characters to the name in the ARN.
    const arn = byName.get(name)?.arn ?? `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${randomBytes(4).toString('base64url').slice(0, 6)}`;
    byName.set(name, { arn, name, secretString, versionId: randomUUID(), createdDate: Date.now() / 1000 });
  };
  for (const [name, value] of Object.entries(options.secrets)) putSecret(name, value);

  const find = (secretId: string): StoredSecret | undefined =>
    byName.get(secretId) ?? [...byName.values()].find((s) => s.arn === secretId);

  const endpoint = await startJsonProtocolServer(
    'secretsmanager',
    {
      GetSecretValue: (input) => {
        const secretId = input.SecretId;
        if (typeof secretId !== 'string' || secretId.length === 0) {
          throw new AwsJsonError('InvalidParameterException', 'SecretId is required');
        }
        const secret = find(secretId);
        if (!secret) throw new AwsJsonError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        return {
          ARN: secret.arn,
          Name: secret.name,
          SecretString: secret.secretString,
          VersionId: secret.versionId,
          VersionStages: ['AWSCURRENT'],
          CreatedDate: secret.createdDate,
        };
      },
    },
    options.port,
  );
  return { ...endpoint, putSecret };
}
