import type { Command } from 'commander';
import { loadConnection } from './connection';

export interface ApiOptions {
  readonly apiUrl?: string;
  readonly token?: string;
  readonly json: boolean;
}

/** Calls the control API of a running tradeloop (the local one by default) with the operator token. */
export async function callApi(
  options: ApiOptions,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  body?: unknown,
  headers: Readonly<Record<string, string>> = {},
): Promise<unknown> {
  const connection = options.apiUrl && options.token ? { apiUrl: options.apiUrl, token: options.token } : loadConnection();
  const response = await fetch(new URL(path, connection.apiUrl), {
    method,
    headers: { ...headers, authorization: `Bearer ${connection.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const message = typeof parsed === 'object' && parsed !== null && 'message' in parsed ? String(parsed.message) : text;
    throw new Error(`${method} ${path} failed with HTTP ${response.status}: ${message}`);
  }
  return parsed;
}

export function withApiOptions(command: Command): Command {
  return command
    .option('--api-url <url>', 'control API base URL (default: the running local tradeloop)')
    .option('--token <token>', 'operator bearer token (default: the running local tradeloop)')
    .option('--json', 'machine-readable output', false);
}
