import type { EventPattern } from '../../layers/contracts/wiring';

/**
 * EventBridge event-pattern matching, to AWS's documented semantics (the same ones aws/event-ruler implements):
 * - a pattern object mirrors the event's structure; every key must match (AND), `$or` takes alternatives;
 * - a leaf is an array of matchers, any of which may match (OR): exact strings, numbers (compared numerically),
 *   `null`, or operator objects (`prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but`,
 *   `numeric`, `exists`, `cidr`);
 * - when the event's value is an array, the leaf matches if any element matches; an object sub-pattern over an
 *   array of objects must match within one element (Ruler's array consistency);
 * - matchers only ever see leaf values: an object in the event never matches a leaf matcher, and absent fields
 *   match only `exists: false`.
 * Patterns are validated first ({@link assertValidEventPattern}) so a malformed rule fails at start-up, as
 * PutRule would reject it, instead of silently never matching.
 */

/** A malformed event pattern (AWS answers PutRule with InvalidEventPatternException). */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternError';
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Returns true when `event` matches `pattern`. Throws {@link InvalidEventPatternError} on a malformed pattern. */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  assertValidEventPattern(pattern);
  return matchObject(pattern as JsonObject, event);
}

/**
 * Compiles a pattern once (validating it) into a predicate; the bus does this for every rule at construction.
 */
export function compileEventPattern(pattern: EventPattern): (event: unknown) => boolean {
  assertValidEventPattern(pattern);
  const compiled = pattern as JsonObject;
  return (event) => matchObject(compiled, event);
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

function matchObject(pattern: JsonObject, value: unknown): boolean {
  // An object sub-pattern over an array of objects: one element must satisfy the whole sub-pattern.
  if (Array.isArray(value)) return value.some((element) => matchObject(pattern, element));
  const fields = isObject(value) ? value : undefined;
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      const alternatives = sub as readonly JsonObject[];
      if (!alternatives.some((alternative) => matchObject(alternative, value))) return false;
      continue;
    }
    const field = fields === undefined ? undefined : Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (Array.isArray(sub)) {
      if (!matchLeaf(sub as readonly Json[], field)) return false;
    } else if (isObject(sub)) {
      if (field === undefined) {
        // A missing subtree can still satisfy a pattern made only of `exists: false` leaves.
        if (!matchObject(sub, undefined)) return false;
      } else if (!matchObject(sub, field)) return false;
    }
  }
  return true;
}

/** The leaf values an event field presents to matchers: scalars, or the scalar elements of an array. */
function leafValues(field: unknown): readonly (string | number | boolean | null)[] {
  if (field === undefined) return [];
  if (Array.isArray(field)) return field.flatMap((element) => leafValues(element));
  if (isObject(field)) return [];
  return [field as string | number | boolean | null];
}

function matchLeaf(matchers: readonly Json[], field: unknown): boolean {
  const values = leafValues(field);
  return matchers.some((matcher) => {
    if (isObject(matcher) && 'exists' in matcher) return matcher.exists === (values.length > 0);
    return values.some((value) => matchValue(matcher, value));
  });
}

type Leaf = string | number | boolean | null;

function matchValue(matcher: Json, value: Leaf): boolean {
  if (!isObject(matcher)) return equalLeaf(matcher as Leaf, value);
  const [operator, argument] = Object.entries(matcher)[0] as [string, Json];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && stringTest(argument, value, (v, p) => v.startsWith(p));
    case 'suffix':
      return typeof value === 'string' && stringTest(argument, value, (v, s) => v.endsWith(s));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === (argument as string).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardRegExp(argument as string).test(value);
    case 'numeric':
      return typeof value === 'number' && numericTest(argument as readonly Json[], value);
    case 'cidr':
      return typeof value === 'string' && cidrContains(argument as string, value);
    case 'anything-but':
      return !anythingButExcludes(argument, value);
    default:
      throw new InvalidEventPatternError(`Unsupported operator "${operator}"`);
  }
}

/** Strings match strings, numbers match numbers by value (300 = 3.0e2), null matches only null. */
function equalLeaf(expected: Leaf, value: Leaf): boolean {
  return expected === value;
}

/** `prefix`/`suffix` take a string, or `{ "equals-ignore-case": string }` for a case-insensitive test. */
function stringTest(argument: Json, value: string, test: (value: string, part: string) => boolean): boolean {
  if (typeof argument === 'string') return test(value, argument);
  const part = (argument as JsonObject)['equals-ignore-case'] as string;
  return test(value.toLowerCase(), part.toLowerCase());
}

function anythingButExcludes(argument: Json, value: Leaf): boolean {
  if (Array.isArray(argument)) return argument.some((excluded) => equalLeaf(excluded as Leaf, value));
  if (!isObject(argument)) return equalLeaf(argument as Leaf, value);
  const [operator, inner] = Object.entries(argument)[0] as [string, Json];
  const list = (Array.isArray(inner) ? inner : [inner]) as readonly string[];
  if (typeof value !== 'string') return false;
  switch (operator) {
    case 'prefix':
      return list.some((p) => value.startsWith(p));
    case 'suffix':
      return list.some((s) => value.endsWith(s));
    case 'equals-ignore-case':
      return list.some((s) => s.toLowerCase() === value.toLowerCase());
    case 'wildcard':
      return list.some((w) => wildcardRegExp(w).test(value));
    default:
      throw new InvalidEventPatternError(`Unsupported anything-but operator "${operator}"`);
  }
}

function numericTest(conditions: readonly Json[], value: number): boolean {
  for (let i = 0; i < conditions.length; i += 2) {
    const operator = conditions[i] as string;
    const bound = conditions[i + 1] as number;
    const ok =
      operator === '=' ? value === bound
      : operator === '<' ? value < bound
      : operator === '<=' ? value <= bound
      : operator === '>' ? value > bound
      : value >= bound;
    if (!ok) return false;
  }
  return true;
}

const wildcardCache = new Map<string, RegExp>();

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
function wildcardRegExp(wildcard: string): RegExp {
  const cached = wildcardCache.get(wildcard);
  if (cached) return cached;
  let source = '';
  for (let i = 0; i < wildcard.length; i += 1) {
    const char = wildcard.charAt(i);
    if (char === '\\' && i + 1 < wildcard.length) {
      i += 1;
      source += escapeRegExp(wildcard.charAt(i));
    } else if (char === '*') source += '.*';
    else source += escapeRegExp(char);
  }
  const compiled = new RegExp(`^${source}$`, 's');
  wildcardCache.set(wildcard, compiled);
  return compiled;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let result = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    result = result * 256 + octet;
  }
  return result;
}

function cidrContains(cidr: string, address: string): boolean {
  const [network = '', bitsText = ''] = cidr.split('/');
  const base = ipv4ToNumber(network);
  const candidate = ipv4ToNumber(address);
  if (base === undefined || candidate === undefined) return false;
  const size = 2 ** (32 - Number(bitsText));
  return Math.floor(candidate / size) === Math.floor(base / size);
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

/** Throws {@link InvalidEventPatternError} unless `pattern` is a well-formed EventBridge event pattern. */
export function assertValidEventPattern(pattern: unknown, path = '$'): void {
  if (!isObject(pattern)) throw new InvalidEventPatternError(`${path}: a pattern must be a JSON object`);
  for (const [key, sub] of Object.entries(pattern)) {
    const at = `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2) {
        throw new InvalidEventPatternError(`${at}: $or takes an array of at least two patterns`);
      }
      sub.forEach((alternative, i) => assertValidEventPattern(alternative, `${at}[${i}]`));
    } else if (Array.isArray(sub)) {
      sub.forEach((matcher, i) => assertValidMatcher(matcher, `${at}[${i}]`));
    } else if (isObject(sub)) {
      assertValidEventPattern(sub, at);
    } else {
      throw new InvalidEventPatternError(`${at}: a leaf must be an array of matchers, got ${JSON.stringify(sub)}`);
    }
  }
}

function assertValidMatcher(matcher: Json, at: string): void {
  if (matcher === null || typeof matcher === 'string' || typeof matcher === 'number') return;
  const fail = (why: string): never => {
    throw new InvalidEventPatternError(`${at}: ${why} (${JSON.stringify(matcher)})`);
  };
  if (!isObject(matcher)) return fail('a matcher must be a string, number, null or an operator object');
  const entries = Object.entries(matcher);
  if (entries.length !== 1) return fail('an operator object has exactly one key');
  const [operator, argument] = entries[0] as [string, Json];
  switch (operator) {
    case 'prefix':
    case 'suffix':
      if (typeof argument === 'string') return;
      if (isObject(argument) && Object.keys(argument).length === 1 && typeof argument['equals-ignore-case'] === 'string') return;
      return fail(`${operator} takes a string or {"equals-ignore-case": string}`);
    case 'equals-ignore-case':
    case 'wildcard':
      if (typeof argument !== 'string') fail(`${operator} takes a string`);
      return;
    case 'exists':
      if (typeof argument !== 'boolean') fail('exists takes true or false');
      return;
    case 'cidr':
      if (typeof argument !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}\/(\d|[12]\d|3[0-2])$/.test(argument)) {
        fail('cidr takes an IPv4 CIDR block (IPv6 is not supported locally)');
      }
      return;
    case 'numeric': {
      if (!Array.isArray(argument) || argument.length === 0 || argument.length > 4 || argument.length % 2 !== 0) {
        return fail('numeric takes one or two [operator, number] pairs');
      }
      for (let i = 0; i < argument.length; i += 2) {
        const op = argument[i];
        if (typeof op !== 'string' || !NUMERIC_OPERATORS.has(op) || typeof argument[i + 1] !== 'number') {
          fail('numeric takes [operator, number] pairs with operators =, <, <=, >, >=');
        }
      }
      if (argument.length === 4 && (argument[0] === '=' || argument[2] === '=')) fail('numeric "=" cannot be part of a range');
      return;
    }
    case 'anything-but':
      return assertValidAnythingBut(argument, fail);
    default:
      return fail(`unsupported operator "${operator}"`);
  }
}

function assertValidAnythingBut(argument: Json, fail: (why: string) => never): void {
  if (typeof argument === 'string' || typeof argument === 'number') return;
  if (Array.isArray(argument)) {
    const allStrings = argument.every((v) => typeof v === 'string');
    const allNumbers = argument.every((v) => typeof v === 'number');
    if (argument.length > 0 && (allStrings || allNumbers)) return;
    fail('anything-but takes a list of only strings or only numbers');
    return;
  }
  if (isObject(argument)) {
    const entries = Object.entries(argument);
    const [operator, inner] = (entries[0] ?? ['', null]) as [string, Json];
    const strings = typeof inner === 'string' || (Array.isArray(inner) && inner.length > 0 && inner.every((v) => typeof v === 'string'));
    if (entries.length === 1 && ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(operator) && strings) return;
  }
  fail('anything-but takes a value, a list, or {prefix|suffix|equals-ignore-case|wildcard: string}');
}
