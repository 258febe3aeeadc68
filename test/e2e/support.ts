import { DateTime } from 'luxon';
import { startLocalTradeloop } from '../../local/runtime/local-tradeloop';
import type { LocalTradeloop, LocalTradeloopOptions } from '../../local/runtime/local-tradeloop';

/** Starts the whole local system on the stand-ins Jest's global setup started. */
export function startOnTestStandins(options: Omit<LocalTradeloopOptions, 'standins'>): Promise<LocalTradeloop> {
  const dynamoEndpoint = process.env['AWS_ENDPOINT_URL_DYNAMODB'];
  const awsEndpoint = process.env['AWS_ENDPOINT_URL_SQS'];
  if (!dynamoEndpoint || !awsEndpoint) throw new Error('the Jest global setup did not start the stand-ins');
  return startLocalTradeloop({ ...options, standins: { dynamoEndpoint, awsEndpoint } });
}

/** A New York wall-clock time as UTC epoch ms. */
export function newYork(isoDateTime: string): number {
  return DateTime.fromISO(isoDateTime, { zone: 'America/New_York' }).toMillis();
}

/** Calls the local control API the way the CLI does. */
export async function callControlApi(
  tradeloop: LocalTradeloop,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  body?: unknown,
  token: string | undefined = tradeloop.apiToken,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, tradeloop.apiUrl), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
