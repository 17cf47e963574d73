import type { RequestHandler } from 'express';
import type { Language } from '../../common/enums';
import { ConditionalCache } from './conditional';
import { ParamShape, Params, parseQuery } from './query-params';
import { baseUrl, chargeRoute, OpenDataDeps, openDataRoute, RouteCall } from './route';

/** What a cacheable route renders. */
export interface Rendered {
  body: Buffer | string;
  contentType: string;
  headers?: Record<string, string>;
}

/**
 * Renders an answer: `charge` spends the client's budget (call it with the cost of the GraphQL
 * reads before running them; RATE_LIMITED when the budget cannot pay).
 */
export type Renderer<P> = (
  call: RouteCall,
  params: P,
  charge: (cost: number) => Promise<void>,
) => Promise<Rendered>;

/**
 * A GET route of the open-data features: its query parameters checked against `shape` (400
 * before the database is asked anything), then a conditional answer (ETag, Last-Modified, 304,
 * Cache-Control; see {@link ConditionalCache}) that `render` makes when it is not cached.
 */
export function cachedRoute<S extends ParamShape>(
  deps: OpenDataDeps,
  cache: ConditionalCache,
  operation: string,
  shape: S,
  maxAge: number,
  render: Renderer<Params<S>>,
  fieldNames: Record<string, string> = {},
): RequestHandler {
  return openDataRoute(
    deps,
    operation,
    async (call) => {
      const params = parseQuery(call.req.query, shape);
      // `lang` overrides Accept-Language for everything the route reads (and its ETag).
      const lang = (params as { lang?: Language }).lang;
      if (lang) call.ctx.lang = lang;
      let charged = 0;
      const charge = async (cost: number) => {
        await chargeRoute(deps, call, cost);
        charged += cost;
      };
      const key = [call.req.baseUrl + call.req.path, params, baseUrl(deps, call.req)];
      await cache.send(
        call,
        { maxAge, key },
        async () => {
          const rendered = await render(call, params, charge);
          return { ...rendered, body: Buffer.from(rendered.body), cost: charged };
        },
        charge,
      );
    },
    fieldNames,
  );
}
