import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../common/logger';
import type { HubMetrics } from './metrics';

/** What a GraphQL request adds to its request's log line and metrics. */
interface GraphQLRecord {
  viewer: string | null;
  operation?: string | null;
  result?: {
    extensions?: Record<string, unknown>;
    errors?: readonly { extensions?: Record<string, unknown> }[];
  };
}

/** A client's own request id is kept when it looks like one (no spaces, quotes or control bytes). */
const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** The record on a request's context (Apollo copies the context per operation: a key survives). */
const RECORD = Symbol('graphqlRecord');

/** The path as the client sent it (Express rewrites `url` inside mounted routers). */
function pathOf(req: http.IncomingMessage): string {
  return ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/').split('?')[0];
}

function recordOf(res: http.ServerResponse): GraphQLRecord | undefined {
  return (res as Response).locals?.graphql as GraphQLRecord | undefined;
}

/** Routes in the metrics: the first path segment of what was found (bounded by the app's routes). */
function routeOf(req: http.IncomingMessage, status: number): string {
  if (status === 404) return '(not found)';
  return `/${pathOf(req).split('/')[1] ?? ''}`;
}

/** Health checks and scrapes are logged at debug level only: they come every few seconds. Refused requests (4xx) are warnings, failures (5xx) errors. */
function isProbe(req: http.IncomingMessage): boolean {
  const path = pathOf(req);
  return path === '/healthz' || path === '/readyz' || path === '/metrics';
}

function costOf(record: GraphQLRecord | undefined): number | undefined {
  const cost = record?.result?.extensions?.cost as { requestedQueryCost?: unknown } | undefined;
  return typeof cost?.requestedQueryCost === 'number' ? cost.requestedQueryCost : undefined;
}

/** The one log line of a request: ids, never names, e-mail addresses, tokens, bodies or variables. */
function lineOf(req: http.IncomingMessage, res: http.ServerResponse, ms: number): Record<string, unknown> {
  const record = recordOf(res);
  const cache = res.getHeader('x-response-cache');
  return {
    method: req.method,
    path: pathOf(req),
    status: res.statusCode,
    durationMs: ms,
    ...(record
      ? {
          operation: record.operation ?? null,
          viewer: record.viewer,
          cost: costOf(record) ?? null,
          cacheHit: cache === 'hit' ? true : cache === 'miss' ? false : null,
          errorCodes: record.result?.errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
        }
      : {}),
  };
}

/**
 * Every route's request id, log line and metrics: the id comes from `x-request-id` (or is new) and
 * is returned in that header; one line per request (pino-http) when it ends; its duration by route,
 * operation and outcome, and response-cache hits and misses.
 */
export function requestObservability(log: Logger, metrics: HubMetrics): RequestHandler[] {
  const logRequest = pinoHttp({
    logger: log.pino,
    quietReqLogger: true,
    quietResLogger: true,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      if (isProbe(req)) return 'debug';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customSuccessObject: (req, res, value: { responseTime: number }) => lineOf(req, res, value.responseTime),
    customErrorObject: (req, res, err, value: { responseTime: number }) => ({
      ...lineOf(req, res, value.responseTime),
      // A 5xx without a thrown error has nothing worth a stack.
      ...(err instanceof Error && !/^failed with status code/.test(err.message) ? { err } : {}),
    }),
  });
  const measure: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const record = recordOf(res);
      const failed = res.statusCode >= 400 || (record?.result?.errors?.length ?? 0) > 0;
      metrics.requestDuration.observe(
        {
          route: routeOf(req, res.statusCode),
          operation: record ? metrics.operationLabel(record.operation) : '-',
          outcome: failed ? 'error' : 'ok',
        },
        seconds,
      );
      const cache = res.getHeader('x-response-cache');
      if (cache === 'hit' || cache === 'miss') metrics.responseCache.inc({ result: cache });
    });
    next();
  };
  return [logRequest as unknown as RequestHandler, measure];
}

/**
 * Links a GraphQL request's context to its HTTP response, so that the request's log line and
 * metrics get the viewer (staff id), the operation's name, its cost and error codes.
 */
export function observeGraphQLRequest(context: { viewer: { staffId: string } | null }, res: Response): void {
  const record: GraphQLRecord = { viewer: context.viewer?.staffId ?? null };
  res.locals.graphql = record;
  Object.defineProperty(context, RECORD, { value: record, enumerable: true });
}

/** Notes each HTTP operation's name and result for `observeGraphQLRequest`'s record. */
export function graphqlObservabilityPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart({ contextValue }) {
      const record = (contextValue as { [RECORD]?: GraphQLRecord })[RECORD];
      if (!record) return;
      return {
        async didResolveOperation({ operationName }) {
          record.operation = operationName;
        },
        async willSendResponse({ response, operationName }) {
          record.operation ??= operationName ?? null;
          // Read when the request ends: other plugins add their extensions (cost) after this hook.
          if (response.body.kind === 'single') record.result = response.body.singleResult;
        },
      };
    },
  };
}

/** What an open-data route (HSDS, CSV, feeds) tells its request's log line and metrics. */
export interface RouteRecord {
  /** The operation's cost once charged (`extensions.cost` in GraphQL). */
  cost(cost: number | null): void;
  /** The error code the request was answered with. */
  failed(code: string): void;
}

/**
 * Links an open-data request to its log line and metrics as `observeGraphQLRequest` does for
 * GraphQL: the viewer (staff id), a name for the route's operation (e.g. `hsdsServices`), its
 * cost and error code.
 */
export function observeRouteRequest(res: Response, viewer: string | null, operation: string): RouteRecord {
  const record: GraphQLRecord = { viewer, operation, result: {} };
  res.locals.graphql = record;
  return {
    cost(cost) {
      record.result = { ...record.result, extensions: { cost: { requestedQueryCost: cost } } };
    },
    failed(code) {
      record.result = { ...record.result, errors: [{ extensions: { code } }] };
    },
  };
}
