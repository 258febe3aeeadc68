/** A route as API Gateway HTTP APIs declare it: a method (or ANY) and a path with `{param}` / `{proxy+}`. */
export interface LocalApiRoute {
  readonly method: string;
  readonly path: string;
}

/** A request matched to a route. */
export interface RouteMatch {
  readonly routeKey: string;
  readonly pathParameters: Readonly<Record<string, string>> | undefined;
}

interface CompiledRoute {
  readonly route: LocalApiRoute;
  readonly segments: readonly string[];
  /** More literal segments win, as API Gateway prefers the most specific route. */
  readonly specificity: number;
}

/** Matches requests to routes the way HTTP API does: exact segments before `{param}` before `{proxy+}`. */
export class RouteTable {
  private readonly routes: readonly CompiledRoute[];

  constructor(routes: readonly LocalApiRoute[]) {
    this.routes = routes
      .map((route) => {
        const segments = route.path.split('/').filter((s) => s.length > 0);
        const specificity = segments.reduce((sum, s) => sum + (s.endsWith('+}') ? 0 : s.startsWith('{') ? 1 : 2), 0) * 2 +
          (route.method.toUpperCase() === 'ANY' ? 0 : 1);
        return { route, segments, specificity };
      })
      .sort((a, b) => b.specificity - a.specificity);
  }

  match(method: string, path: string): RouteMatch | undefined {
    const parts = path.split('/').filter((s) => s.length > 0).map((s) => safeDecode(s));
    for (const { route, segments } of this.routes) {
      const routeMethod = route.method.toUpperCase();
      if (routeMethod !== 'ANY' && routeMethod !== method.toUpperCase()) continue;
      const params = matchSegments(segments, parts);
      if (params) {
        return { routeKey: `${routeMethod} ${route.path}`, pathParameters: Object.keys(params).length > 0 ? params : undefined };
      }
    }
    return undefined;
  }
}

function matchSegments(segments: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i] ?? '';
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (greedy) {
      if (i >= parts.length) return undefined;
      params[greedy[1] ?? 'proxy'] = parts.slice(i).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    const param = /^\{(.+)\}$/.exec(segment);
    if (param) params[param[1] ?? ''] = part;
    else if (segment !== part) return undefined;
  }
  return parts.length === segments.length ? params : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
