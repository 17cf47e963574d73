import type http from 'node:http';
import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * Which browser origins may call the hub: the origins of CORS_ORIGINS (comma-separated, `*` for
 * any), else outside production any `localhost`, `127.0.0.1` or `[::1]` origin (a frontend's dev
 * server on any port), and in production none. A page served by the hub itself (GraphiQL) is
 * same-origin and always allowed.
 */
export class OriginPolicy {
  private readonly any: boolean;
  private readonly origins: Set<string>;
  private readonly localhost: boolean;

  constructor(configured: readonly string[] | undefined, production: boolean) {
    this.any = configured?.includes('*') ?? false;
    this.origins = new Set((configured ?? []).filter((o) => o !== '*').map((o) => o.toLowerCase()));
    this.localhost = configured == null && !production;
  }

  /** Whether a cross-origin page of `origin` may call the hub (CORS, WebSocket upgrades). */
  allows(origin: string): boolean {
    if (this.any) return true;
    const normalised = origin.toLowerCase();
    if (this.origins.has(normalised)) return true;
    return this.localhost && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/.test(normalised);
  }

  /**
   * Whether a WebSocket upgrade may proceed: no Origin (not a browser: servers, scripts, tests), the
   * hub's own origin (its Host header), or an allowed one. Browsers always send Origin on upgrades,
   * and a page of any site can open sockets, so this is where other sites are kept out.
   */
  allowsUpgrade(request: http.IncomingMessage): boolean {
    const origin = request.headers.origin;
    if (!origin) return true;
    const host = request.headers.host;
    if (
      host &&
      /^https?:\/\//i.test(origin) &&
      origin.replace(/^https?:\/\//i, '').toLowerCase() === host.toLowerCase()
    ) {
      return true;
    }
    return this.allows(origin);
  }
}

/** Request headers a browser frontend may send. */
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'x-request-id',
  'accept-language',
];

/** Response headers a browser frontend may read. */
const EXPOSED_HEADERS = [
  'x-request-id',
  'x-response-cache',
  'retry-after',
  // The open-data routes: paging of CSV exports, conditional requests, the cost charged.
  'link',
  'x-total-count',
  'etag',
  'x-cost',
  'x-cost-available',
];

/** How long browsers may cache a preflight answer, in seconds (Chromium caps it at 2 hours). */
export const PREFLIGHT_MAX_AGE = 7200;

/**
 * CORS (the `cors` package) on every route: preflights are answered 204 with the allowed methods,
 * headers and max-age for allowed origins, and 403 with a JSON error and no `Access-Control-*`
 * header otherwise (the browser then refuses). Tokens travel in the `authorization` header, never in cookies, so
 * credentials are not allowed. Apollo's CSRF prevention stays on for requests that are not
 * preflighted.
 */
export function corsMiddleware(policy: OriginPolicy): RequestHandler[] {
  const refuse: RequestHandler = (req, res, next) => {
    const origin = req.headers.origin;
    if (req.method !== 'OPTIONS' || !origin || !req.headers['access-control-request-method']) return next();
    if (policy.allows(origin)) return next();
    res.status(403).json({
      errors: [
        {
          message: `The origin ${origin} may not call this server (CORS_ORIGINS)`,
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    });
  };
  return [
    refuse,
    cors({
      origin: (origin, callback) => callback(null, origin != null && policy.allows(origin)),
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: PREFLIGHT_MAX_AGE,
      optionsSuccessStatus: 204,
    }),
  ];
}
