import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Factories for the AWS SDK v3 clients with the settings tradeloop needs everywhere.
 * Endpoints are never set here: the SDK reads AWS_ENDPOINT_URL_<SERVICE> itself, so the same
 * code talks to AWS in Lambda and to the loopback stand-ins locally and in tests.
 */

/** A DynamoDB document client that drops `undefined` attributes (optional fields of records). */
export function createDocumentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * An SQS client that sends to the configured endpoint rather than the host of the queue URL:
 * fauxqs hands out `sqs.<region>.localhost` URLs that do not resolve; in AWS both are the same.
 */
export function createSqsClient(): SQSClient {
  return new SQSClient({ useQueueUrlAsEndpoint: false });
}

/** An S3 client using path-style addressing (virtual-hosted buckets do not resolve on loopback). */
export function createS3Client(): S3Client {
  return new S3Client({ forcePathStyle: true });
}

/** An EventBridge client (the local in-process bus is reached through AWS_ENDPOINT_URL_EVENTBRIDGE). */
export function createEventBridgeClient(): EventBridgeClient {
  return new EventBridgeClient({});
}

/** A Secrets Manager client (locally reached through AWS_ENDPOINT_URL_SECRETS_MANAGER). */
export function createSecretsManagerClient(): SecretsManagerClient {
  return new SecretsManagerClient({});
}
