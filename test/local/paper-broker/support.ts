import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { marketData, trading } from '@alpacahq/alpaca-trade-api';
import type { PaperBroker } from '../../../local/paper-broker';

export const DATA_DIR = join(__dirname, '../../../data');
const SPEC_DIR = join(__dirname, '../../../local/paper-broker/openapi');

type Spec = { readonly paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };

const specs = {
  trading: JSON.parse(readFileSync(join(SPEC_DIR, 'trading-api.json'), 'utf8')) as Spec,
  data: JSON.parse(readFileSync(join(SPEC_DIR, 'market-data-api.json'), 'utf8')) as Spec,
};

/**
 * Validates response bodies against the OpenAPI 3.1 response schemas. 3.1 schemas are JSON Schema 2020-12
 * (nullable is written as type arrays), so each spec is registered whole and a response schema is compiled
 * as a $ref into it; OpenAPI-only formats (decimal, int64, double…) are accepted as annotations.
 */
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
for (const format of ['decimal', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float']) ajv.addFormat(format, true);
ajv.addSchema(specs.trading, 'trading');
ajv.addSchema(specs.data, 'data');

const pointer = (s: string): string => s.replaceAll('~', '~0').replaceAll('/', '~1');
const compiled = new Map<string, ValidateFunction>();

function specPathFor(spec: Spec, path: string): string | undefined {
  return Object.keys(spec.paths).find((template) => {
    const pattern = `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`;
    return new RegExp(pattern).test(path);
  });
}

/** Every response checked so far (so a test can assert that validation really ran). */
export const validated: { method: string; path: string; status: number }[] = [];

/** Throws when `body` does not match the spec's schema for (method, path, status); returns false if the spec has none. */
export function validateResponse(method: string, path: string, status: number, body: unknown): boolean {
  const isData = path.startsWith('/v2/stocks');
  const spec = isData ? specs.data : specs.trading;
  const template = specPathFor(spec, path);
  if (template === undefined) throw new Error(`no spec path for ${method} ${path}`);
  const schema = spec.paths[template]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.['application/json']?.schema;
  if (schema === undefined) return false;
  const ref = `${isData ? 'data' : 'trading'}#/paths/${pointer(template)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  let validate = compiled.get(ref);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  if (!validate(body)) throw new Error(`${method} ${path} ${status} does not match the OpenAPI schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
  validated.push({ method, path, status });
  return true;
}

/** A fetch that validates every JSON response against the OpenAPI documents before handing it to the client. */
export const validatingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const text = await response.clone().text();
  if (text !== '' && response.status < 300) validateResponse(init?.method ?? 'GET', url.pathname, response.status, JSON.parse(text));
  return response;
};

/** The real Alpaca v4 client's per-API classes pointed at the paper broker, with retries off and validation on. */
export function alpacaClients(broker: PaperBroker) {
  const common = { keyId: broker.credentials.keyId, secret: broker.credentials.secretKey, basePath: broker.baseUrl, fetchApi: validatingFetch, retry: { maxRetries: 0 },
    // No per-request deadline: the client leaves its deadline timer running after some error answers, which keeps Jest workers alive.
    timeoutMs: 0,
  };
  const tradingConfig = new trading.Configuration(common);
  const dataConfig = new marketData.Configuration(common);
  return {
    accounts: new trading.AccountsApi(tradingConfig),
    orders: new trading.OrdersApi(tradingConfig),
    positions: new trading.PositionsApi(tradingConfig),
    assets: new trading.AssetsApi(tradingConfig),
    clock: new trading.ClockApi(tradingConfig),
    calendar: new trading.CalendarApi(tradingConfig),
    stocks: new marketData.StockApi(dataConfig),
  };
}

/** Raw authenticated request (for status codes and bodies the client would turn into exceptions). */
export async function raw(broker: PaperBroker, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${broker.baseUrl}${path}`, {
    method,
    headers: { 'APCA-API-KEY-ID': broker.credentials.keyId, 'APCA-API-SECRET-KEY': broker.credentials.secretKey, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (response.status < 300 && parsed !== undefined) validateResponse(method, new URL(`${broker.baseUrl}${path}`).pathname, response.status, parsed);
  return { status: response.status, body: parsed, headers: response.headers };
}

/** The HTTP status of a rejected client call. */
export async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error: unknown) {
    const status = (error as { status?: unknown; response?: { status?: unknown } }).status ?? (error as { response?: { status?: unknown } }).response?.status;
    return typeof status === 'number' ? status : undefined;
  }
}

/** 2013-10-07 09:30 New York (EDT) in UTC ms, plus `minutes`. */
export const oct7 = (hour: number, minute: number): number => Date.UTC(2013, 9, 7, hour + 4, minute);
