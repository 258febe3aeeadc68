import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/**
 * The embedded AWS stand-ins on loopback: dynalite speaks the DynamoDB API, fauxqs speaks SQS and S3.
 * Both are real HTTP servers, so the real AWS SDK v3 clients talk to them unchanged.
 */
export interface Standins {
  readonly dynamoEndpoint: string;
  readonly awsEndpoint: string;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

export async function startStandins(): Promise<Standins> {
  // dynalite is CommonJS without types; in-memory LevelDB, tables ready immediately.
  const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', reject);
    dynamo.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = dynamo.address() as AddressInfo;
  // fauxqs is ESM-only; a dynamic import keeps this module loadable from CommonJS (Jest's global setup).
  const { startFauxqs } = await import('fauxqs');
  const fauxqs = await startFauxqs({ port: 0, logger: false });
  return {
    dynamoEndpoint: `http://127.0.0.1:${port}`,
    awsEndpoint: `http://127.0.0.1:${fauxqs.port}`,
    async stop() {
      await Promise.all([
        new Promise<void>((resolve) => dynamo.close(() => resolve())),
        fauxqs.stop(),
      ]);
    },
  };
}

/** Environment the AWS SDK v3 reads by itself to talk to the stand-ins (plus dummy credentials). */
export function standinEnvironment(standins: Pick<Standins, 'dynamoEndpoint' | 'awsEndpoint'>): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: standins.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: standins.awsEndpoint,
    AWS_ENDPOINT_URL_S3: standins.awsEndpoint,
  };
}
