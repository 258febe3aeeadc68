/**
 * OpenAPI validation for the options endpoints. The shared support validates `/v2/stocks` against the market-data
 * document and everything else against the trading one; options market data lives under `/v1beta1/options`, so
 * this helper picks the document by path prefix and otherwise works the same way (a $ref into the whole spec,
 * OpenAPI-only formats as annotations).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

const SPEC_DIR = join(__dirname, '../../../local/paper-broker/openapi');
type Spec = { readonly paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };
const specs = {
  trading: JSON.parse(readFileSync(join(SPEC_DIR, 'trading-api.json'), 'utf8')) as Spec,
  data: JSON.parse(readFileSync(join(SPEC_DIR, 'market-data-api.json'), 'utf8')) as Spec,
};
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
for (const format of ['decimal', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float']) ajv.addFormat(format, true);
ajv.addSchema(specs.trading, 'trading');
ajv.addSchema(specs.data, 'data');
const compiled = new Map<string, ValidateFunction>();
const pointer = (s: string): string => s.replaceAll('~', '~0').replaceAll('/', '~1');

/** Responses validated so far: "METHOD template status". */
export const validatedOptions: string[] = [];

export function validateOptionsResponse(method: string, path: string, status: number, body: unknown): void {
  const name = path.startsWith('/v1beta1/') || path.startsWith('/v2/stocks') ? 'data' : 'trading';
  const spec = specs[name];
  const template = Object.keys(spec.paths).find((t) => new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
  if (template === undefined) throw new Error(`no spec path for ${method} ${path}`);
  const schema = spec.paths[template]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.['application/json']?.schema;
  if (schema === undefined) throw new Error(`no response schema for ${method} ${template} ${status}`);
  const ref = `${name}#/paths/${pointer(template)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  let validate = compiled.get(ref);
  if (validate === undefined) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
  if (!validate(body)) throw new Error(`${method} ${path} ${status} does not match the OpenAPI schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
  validatedOptions.push(`${method} ${template} ${status}`);
}

/** A fetch that validates every 2xx JSON answer before the client sees it. */
export const optionsValidatingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const text = await response.clone().text();
  if (text !== '' && response.status < 300) validateOptionsResponse(init?.method ?? 'GET', url.pathname, response.status, JSON.parse(text));
  return response;
};
