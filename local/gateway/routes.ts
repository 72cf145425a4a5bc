import type { RouteModel } from '../template/api.ts';

export type RouteMatch =
  | {
      readonly kind: 'route';
      readonly route: RouteModel;
      readonly pathParameters: Readonly<Record<string, string>>;
    }
  /** No resource has this path, or it has no method for this verb: API Gateway's MISSING_AUTHENTICATION_TOKEN. */
  | { readonly kind: 'none' };

interface Resource {
  readonly path: string;
  readonly segments: readonly Segment[];
  readonly methods: ReadonlyMap<string, RouteModel>;
}

type Segment =
  | { readonly kind: 'static'; readonly text: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

/**
 * API Gateway's REST routing: pick the most specific resource for the path (a literal segment beats
 * `{id}`, which beats `{proxy+}`), then the method on that resource, else its ANY method.
 */
export class RouteTable {
  private readonly resources: readonly Resource[];

  constructor(routes: readonly RouteModel[]) {
    const byPath = new Map<string, Map<string, RouteModel>>();
    for (const route of routes) {
      const methods = byPath.get(route.resourcePath) ?? new Map<string, RouteModel>();
      methods.set(route.httpMethod, route);
      byPath.set(route.resourcePath, methods);
    }
    this.resources = [...byPath].map(([path, methods]) => ({ path, segments: parseTemplate(path), methods }));
  }

  /** Every route as "METHOD /path", for the startup listing. */
  describe(): string[] {
    return this.resources.flatMap((resource) =>
      [...resource.methods.keys()].map((method) => `${method} ${resource.path}`),
    );
  }

  match(method: string, rawPath: string): RouteMatch {
    const parts = rawPath.split('/').filter(Boolean);
    let best: { resource: Resource; params: Record<string, string>; rank: number[] } | undefined;
    for (const resource of this.resources) {
      const params = matchSegments(resource.segments, parts);
      if (!params) continue;
      const rank = resource.segments.map((segment) => ({ static: 3, param: 2, greedy: 1 })[segment.kind]);
      if (!best || compareRank(rank, best.rank) > 0) best = { resource, params, rank };
    }
    if (!best) return { kind: 'none' };
    const route = best.resource.methods.get(method.toUpperCase()) ?? best.resource.methods.get('ANY');
    return route ? { kind: 'route', route, pathParameters: best.params } : { kind: 'none' };
  }
}

function parseTemplate(path: string): Segment[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((part): Segment => {
      const greedy = /^\{(.+)\+\}$/.exec(part);
      if (greedy) return { kind: 'greedy', name: greedy[1] as string };
      const param = /^\{(.+)\}$/.exec(part);
      return param ? { kind: 'param', name: param[1] as string } : { kind: 'static', text: part };
    });
}

function matchSegments(
  segments: readonly Segment[],
  parts: readonly string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    if (segment.kind === 'greedy') {
      // {proxy+} needs at least one segment and takes the rest of the path.
      if (i >= parts.length) return undefined;
      params[segment.name] = parts.slice(i).map(decode).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === 'static' && decode(part) !== segment.text) return undefined;
    if (segment.kind === 'param') params[segment.name] = decode(part);
  }
  return segments.length === parts.length ? params : undefined;
}

function compareRank(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
