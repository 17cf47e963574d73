import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { RequestContext } from '../../common/context';
import { RETRY_AFTER_SECONDS } from '../../db/unavailable';
import { budgetKey, OperationLimits } from '../../graphql/limits/operation-limits';
import { observeRouteRequest, RouteRecord } from '../../observability/http';
import type { RequestCredentials } from '../auth';
import type { InternalQueries } from './internal-query';

export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** What the open-data routes need from the hub: built once in `app.ts`. */
export interface OpenDataDeps {
  queries: InternalQueries;
  limits: OperationLimits;
  createContext(credentials: RequestCredentials): Promise<RequestContext>;
  formatError: FormatError;
  /** The hub's public address for absolute links (PUBLIC_URL); else taken from each request. */
  publicUrl?: string;
}

/** HTTP status of each error code, as the GraphQL transport answers them. */
const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  QUERY_TOO_COMPLEX: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** One open-data request: its context, the record for its log line, and how it answers. */
export interface RouteCall {
  ctx: RequestContext;
  req: Request;
  res: Response;
  record: RouteRecord;
}

/**
 * An open-data route: the request's context is made as for GraphQL (bearer token, language,
 * client address; a bad token is 401, an outage 503), the log line and metrics get the viewer's
 * id, the route's name and cost, and any error is answered as JSON in GraphQL's error shape
 * (`{ errors: [{ message, extensions: { code, fields } }] }`, internals masked by the same
 * formatError). `fields` of errors raised by the GraphQL operations it runs (`filter.kinds.0`)
 * name the route's query parameters: the input field (`kinds`), or what `fieldNames` maps it to
 * (`kind`).
 */
export function openDataRoute(
  deps: OpenDataDeps,
  operation: string,
  handler: (call: RouteCall) => Promise<void>,
  fieldNames: Record<string, string> = {},
): RequestHandler {
  return async (req, res) => {
    let record: RouteRecord | null = null;
    try {
      const ctx = await deps.createContext({
        authorization: req.headers.authorization,
        acceptLanguage: req.headers['accept-language'],
        clientAddress: req.ip ?? null,
      });
      record = observeRouteRequest(res, ctx.viewer?.staffId ?? null, operation);
      await handler({ ctx, req, res, record });
    } catch (e) {
      sendRouteError(deps, res, e, record, fieldNames);
    }
  };
}

/** The query parameter behind a GraphQL input path: `filter.actorIds.0` → `actorIds`. */
function parameterOf(path: string): string {
  if (path.startsWith('orderBy')) return 'orderBy';
  return path.replace(/^(filter|input)\./, '').split('.')[0];
}

function sendRouteError(
  deps: OpenDataDeps,
  res: Response,
  e: unknown,
  record: RouteRecord | null,
  fieldNames: Record<string, string>,
): void {
  const error =
    e instanceof GraphQLError ? e : new GraphQLError('Internal error', { originalError: e as Error });
  const formatted = deps.formatError(error.toJSON(), error);
  const extensions = { ...formatted.extensions };
  const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
  record?.failed(code);
  if (res.headersSent) {
    // A stream that failed half-way: the client must not take a cut-off file for a whole one.
    res.destroy();
    return;
  }
  if (Array.isArray(extensions.fields)) {
    extensions.fields = extensions.fields.map((f: string) => fieldNames[parameterOf(f)] ?? parameterOf(f));
  }
  const status = STATUS[code] ?? 500;
  if (status === 429) res.set('retry-after', String(extensions.retryAfter ?? 1));
  if (status === 503) res.set('retry-after', String(RETRY_AFTER_SECONDS));
  res
    .status(status)
    .set('cache-control', 'no-store')
    .json({ errors: [{ message: formatted.message, extensions }] });
}

/**
 * Charges `cost` to the client's budget (the GraphQL one: the same bucket, the same refusal,
 * RATE_LIMITED with `Retry-After`), before anything is sent.
 */
export async function chargeRoute(deps: OpenDataDeps, call: RouteCall, cost: number): Promise<void> {
  const report = deps.limits.newReport();
  try {
    await deps.limits.charge(budgetKey(call.ctx), cost, report);
  } finally {
    call.record.cost(report.requestedQueryCost);
  }
  call.res.set('x-cost', String(report.requestedQueryCost ?? 0));
  if (report.throttleStatus) {
    call.res.set('x-cost-available', String(report.throttleStatus.currentlyAvailable));
  }
}

/** The hub's public base URL (no trailing slash): PUBLIC_URL, else the request's own. */
export function baseUrl(deps: OpenDataDeps, req: Request): string {
  if (deps.publicUrl) return deps.publicUrl.replace(/\/+$/, '');
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
