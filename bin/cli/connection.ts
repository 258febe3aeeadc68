import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Where a running local tradeloop leaves its control API address and the operator token. */
export const CONNECTION_FILE = join('.tradeloop', 'local.json');

const Connection = z.object({ apiUrl: z.string().url(), token: z.string().min(16), pid: z.number().int() });
export type Connection = z.infer<typeof Connection>;

export function saveConnection(connection: Connection, directory = process.cwd()): string {
  const path = join(directory, CONNECTION_FILE);
  mkdirSync(join(directory, '.tradeloop'), { recursive: true });
  // The token grants control of the local system: readable by the owner only.
  writeFileSync(path, JSON.stringify(connection, null, 2), { mode: 0o600 });
  return path;
}

export function loadConnection(directory = process.cwd()): Connection {
  const path = join(directory, CONNECTION_FILE);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`no running tradeloop found (${path} is missing): start one with \`npm start\`, or pass --api-url and --token`);
  }
  return Connection.parse(JSON.parse(raw));
}
