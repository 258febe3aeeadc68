import { FunctionEnvV1 } from '../../contracts';

/** Bad function configuration: every problem at once, by variable name (values are never echoed). */
export class FunctionConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid function configuration: ${problems.join('; ')}`);
    this.name = 'FunctionConfigError';
  }
}

/** Parsed configs per environment object: `process.env` is parsed once per container. */
const cache = new WeakMap<object, FunctionEnvV1>();

/**
 * Parses FunctionEnvV1 from the environment once (cached) and throws a FunctionConfigError listing
 * every bad or missing variable, so a misconfigured function fails its init with one clear message.
 */
export function loadFunctionConfig(env: Readonly<Record<string, string | undefined>> = process.env): FunctionEnvV1 {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = FunctionEnvV1.safeParse(env);
  if (!parsed.success) {
    throw new FunctionConfigError(
      parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const config = Object.freeze(parsed.data);
  cache.set(env, config);
  return config;
}
