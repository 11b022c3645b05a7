import type { RestJsonService, RestRoute } from '../services/service.js';

interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
  params: string[];
}

export interface RouteMatch {
  route: RestRoute;
  pathParams: Record<string, string>;
}

/** Matches rest-json paths (`/2015-03-31/functions/{FunctionName}`) to their routes, with or without a trailing slash. */
export class RestRouter {
  private readonly routes: CompiledRoute[];

  constructor(readonly service: RestJsonService) {
    this.routes = service.routes.map((route) => {
      const params: string[] = [];
      const source = route.path
        .replace(/\/$/, '')
        .split('/')
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (param === null) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          params.push(param[1] as string);
          return '([^/]+)';
        })
        .join('/');
      return { route, params, pattern: new RegExp(`^${source}/?$`) };
    });
  }

  /** True when some route of this service has this path, whatever the method. */
  ownsPath(path: string): boolean {
    return this.routes.some((compiled) => compiled.pattern.test(path));
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const { route, pattern, params } of this.routes) {
      if (route.method !== method) continue;
      const found = pattern.exec(path);
      if (found === null) continue;
      const pathParams: Record<string, string> = {};
      for (const [index, name] of params.entries()) {
        const value = decodePathSegment(found[index + 1] ?? '');
        if (value === undefined) return undefined; // broken %-encoding: no operation has this path
        pathParams[name] = value;
      }
      return { route, pathParams };
    }
    return undefined;
  }
}

function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
