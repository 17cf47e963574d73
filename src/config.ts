import os from 'node:os';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Comma-separated origins (`https://app.example.fi`, `http://localhost:5173`) or `*`. */
const origins = z.string().transform((text, ctx) => {
  const list = text
    .split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter((o) => o !== '');
  for (const o of list) {
    if (o !== '*' && !/^https?:\/\/[^/\s?#]+$/i.test(o)) {
      ctx.addIssue({ code: 'custom', message: `${o} is not an origin (scheme://host[:port]) or *` });
    }
  }
  return list;
});

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  /**
   * Server processes sharing PORT (node:cluster), each a full instance; `auto` is one per core.
   * More than 1 needs DATABASE_URL: the embedded database belongs to one process.
   */
  WORKERS: z
    .union([z.literal('auto'), z.coerce.number().int().min(1).max(64)])
    .default(1)
    .transform((v) => (v === 'auto' ? os.availableParallelism() : v)),
  /** PostgreSQL server; without it the hub runs on the embedded PGlite database under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Apply pending migrations at start (default); `false` refuses to start when any are pending. */
  MIGRATE: bool.default(true),
  /** Load the demo data set when the database holds no actors yet. */
  SEED_DEMO: bool.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  JWT_SECRET: z.string().min(16).optional(),
  /** Accept HS256 (JWT_SECRET) tokens under NODE_ENV=production too: only on purpose. */
  JWT_ALLOW_HS256: bool.default(false),
  /** Longest lifetime (`exp` after `iat`, or after now) of an HS256 token, in seconds. */
  JWT_MAX_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(12 * 3600),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  JWT_JWKS_URL: z.string().url().optional(),
  /** How often each instance also polls the announcement outbox (a safety net besides NOTIFY). */
  ANNOUNCE_POLL_MS: z.coerce.number().int().min(100).max(60000).default(2000),
  /**
   * Seconds between the WebSocket pings that keep connections alive through proxies and find dead
   * peers (one that does not answer within as long is dropped); 0 = no pings. Each ping costs a
   * write and a read per connection: 10,000 connections at 12 s (graphql-ws's default) are 830
   * pings a second.
   */
  WS_KEEPALIVE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Report `extensions.sqlStatements` (SQL statements run) on every response: tests and benchmark. */
  EXPOSE_SQL_COUNT: bool.default(false),
  /** Log every SQL statement (debugging). */
  DEBUG_SQL: bool.default(false),
  /**
   * PostgreSQL `statement_timeout` of the API's connections in milliseconds (0 = none). Server path
   * only: the embedded database cannot set it. Migrations at start are not bounded by it.
   */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(10000),
  /**
   * Longest wait for a database connection (opening one, or a free one from the pool), in
   * milliseconds: past it the request answers SERVICE_UNAVAILABLE (HTTP 503) instead of hanging.
   */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(3000),
  /** Express's `trust proxy`: hops (`1`), `true`, or addresses/subnets of the proxies in front. */
  TRUST_PROXY: z.string().optional(),

  // Query limits (src/graphql/limits), the same on HTTP and WebSocket: QUERY_TOO_COMPLEX above them.
  /** Highest estimated cost of one operation. */
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(5000),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(30),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(1).default(5000),
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(20),
  /** Charge each client's operations to its budget (RATE_LIMITED when it is spent). */
  RATE_LIMIT_ENABLED: bool.default(true),
  /** Points in a client's full budget. */
  RATE_LIMIT_POINTS: z.coerce.number().int().min(1).default(10000),
  /** Points given back per second on average (the budget is full again POINTS / RATE s after use). */
  RATE_LIMIT_RESTORE_RATE: z.coerce.number().min(0.001).default(500),
  /**
   * Memory for whole-query results cached over HTTP (src/graphql/response-cache), in MiB; 0 turns
   * the cache off. Entries are valid while no write has been committed since they were computed.
   */
  RESPONSE_CACHE_MB: z.coerce.number().min(0).default(64),
  /** Longest life of a cached result in seconds (bounds memory; freshness comes from the version). */
  RESPONSE_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
  /**
   * Keep each data version's coverage matrix in memory (requests of the same version share it);
   * `false` computes it for every request (the benchmark's never-seen figures).
   */
  COVERAGE_CACHE: bool.default(true),
  /**
   * Execute a query operation sent before with compiled code (graphql-jit) rather than graphql-js's
   * interpreter; at most this many are kept. `0` executes everything with graphql-js.
   */
  COMPILED_OPERATIONS: z.coerce.number().int().min(0).max(100000).default(1000),
  /** Answer introspection (`__schema`, `__type`); `false` refuses it on both transports. */
  INTROSPECTION: bool.default(true),
  /** Days audit entries are kept: older ones are deleted by the daily retention job (`npm run prune`). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(730),
  /** Days personal values (e-mail, phone, a person's name) stay in audit changes before they are blanked. */
  AUDIT_PERSONAL_DATA_DAYS: z.coerce.number().int().min(1).max(36500).default(90),
  /** Days a staff member may go unseen (no request) before their data is erased by the retention job. */
  STAFF_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(730),
  /** Accept only the operations of PERSISTED_QUERIES_FILE (an Apollo persisted-query manifest). */
  PERSISTED_QUERIES_ONLY: bool.default(false),
  PERSISTED_QUERIES_FILE: z.string().optional(),
  /**
   * Browser origins that may call the hub (CORS) and open WebSockets: comma-separated, `*` for
   * any. Unset: any localhost origin outside production, none in production (src/graphql/cors.ts).
   */
  CORS_ORIGINS: origins.optional(),
  /** GraphiQL at GET /graphql for browsers; default on outside production. */
  GRAPHIQL: bool.optional(),
  /**
   * The hub's public address (`https://hub.example.fi`), for the absolute links of the open-data
   * routes (HSDS `uri`s, feed and calendar links); unset, each request's own scheme and host.
   */
  PUBLIC_URL: z
    .string()
    .url()
    .regex(/^https?:\/\/[^?#]+$/, 'must be an http(s) URL without query or fragment')
    .optional(),
  /** Serve /metrics on this port instead of the main one (with WORKERS > 1: all workers summed). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

const checked = schema.superRefine((c, ctx) => {
  if (c.RATE_LIMIT_ENABLED && c.RATE_LIMIT_POINTS < c.MAX_QUERY_COST) {
    ctx.addIssue({
      code: 'custom',
      path: ['RATE_LIMIT_POINTS'],
      message: `must be at least MAX_QUERY_COST (${c.MAX_QUERY_COST}), or an allowed operation could never run`,
    });
  }
  if (c.WORKERS > 1 && !c.DATABASE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['WORKERS'],
      message: 'more than 1 needs DATABASE_URL: the embedded database belongs to one process',
    });
  }
  if (c.PERSISTED_QUERIES_ONLY && !c.PERSISTED_QUERIES_FILE) {
    ctx.addIssue({
      code: 'custom',
      path: ['PERSISTED_QUERIES_FILE'],
      message: 'is required when PERSISTED_QUERIES_ONLY=true',
    });
  }
});

export type Config = z.infer<typeof schema>;

/** Parses and validates the environment once; throws a readable message on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset (`DATABASE_URL= npm start` runs embedded).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = checked.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
