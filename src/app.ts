import 'reflect-metadata';
import cluster from 'node:cluster';
import http from 'node:http';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, GraphQLSchema, NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Config } from './config';
import { RequestContext } from './common/context';
import { DomainError } from './common/errors';
import { Database, openDatabase } from './db/database';
import type { EmbeddedDatabase } from './db/embedded';
import { isDatabaseUnavailable } from './db/unavailable';
import { CompiledExecution, compiledExecutionGateway } from './graphql/compiled-execution';
import { closeConnectionsWhenDraining } from './graphql/draining';
import { makeFormatError } from './graphql/errors';
import { jsonBody, jsonClientErrors, jsonFallbacks, requestGate } from './graphql/http-gate';
import { httpTransportPlugin, unavailableError } from './graphql/http-transport.plugin';
import { storableTextRule } from './graphql/request-checks';
import { clientAddress, TrustProxy, trustProxySetting } from './graphql/limits/client-address';
import { limitsPlugin } from './graphql/limits/limits.plugin';
import { OperationLimits } from './graphql/limits/operation-limits';
import { allowListGate } from './graphql/limits/persisted-queries';
import { createResponseCache, ResponseCache } from './graphql/response-cache/response-cache';
import { buildHubSchema } from './graphql/schema';
import { installSqlCounter, sqlStatementsSoFar, withSqlCounter } from './graphql/sql-counter';
import { attachWebSocket } from './graphql/ws';
import { AnnouncementHub, AnnouncementHubOptions, topicSpecs } from './modules/announcement';
import { configureOutbox } from './modules/outbox';
import { configureCoverage } from './modules/coverage';
import { makeContextFactory, TokenVerifier } from './modules/auth';
import { resolvers } from './modules';
import {
  configureErasureBroadcast,
  ERASURE_CHANNEL,
  onErasure,
  parseErasureNotice,
  RetentionJob,
  retentionSettings,
} from './modules/privacy';
import { InternalQueries } from './modules/open-data';
import { openDataRoutes } from './modules/open-data-routes';
import { staffService } from './modules/staff';
import { Logger, loggerFor } from './common/logger';
import { SeedDemo, seedIfEmpty } from './db/prepare';
import { corsMiddleware, OriginPolicy } from './graphql/cors';
import { graphiqlRoutes } from './graphql/ide/graphiql';
import { poolUsage, watchPoolWaits } from './observability/database';
import {
  graphqlObservabilityPlugin,
  observeGraphQLRequest,
  requestObservability,
} from './observability/http';
import { HubMetrics } from './observability/metrics';
import {
  metricsElsewhere,
  metricsRoute,
  shareWithPrimary,
  startMetricsServer,
} from './observability/metrics-server';

export interface Hub {
  url: string;
  port: number;
  db: Database;
  schema: GraphQLSchema;
  announcements: AnnouncementHub;
  metrics: HubMetrics;
  /** The port of METRICS_PORT's server, when it has one here. */
  metricsPort: number | null;
  /** This instance's response cache, when on (RESPONSE_CACHE_MB > 0). */
  responseCache: ResponseCache | null;
  /** The daily retention job (audit entries, personal data in them, inactive staff). */
  retention: RetentionJob;
  /** How many query operations are kept compiled (see `graphql/compiled-execution.ts`). */
  compiledOperations(): number;
  stop(): Promise<void>;
}

/** Adds `extensions.sqlStatements` to responses when enabled (tests, benchmark). */
function sqlCountPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const n = sqlStatementsSoFar();
          if (n != null && response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              sqlStatements: n,
            };
          }
        },
      };
    },
  };
}

/** A connection parameter by name, whatever its case (GraphiQL sends its headers as `Authorization`). */
function connectionParam(params: Record<string, unknown>, name: string): string | null {
  const key = Object.keys(params).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : params[key];
  return typeof value === 'string' ? value : null;
}

/**
 * A failed context (bad token) is answered as a GraphQL error with its code, not a 500; a
 * database that cannot be reached (the staff record is written on first use) as 503.
 */
function contextError(e: unknown): unknown {
  if (isDatabaseUnavailable(e)) return unavailableError(e);
  if (e instanceof DomainError) {
    const status = e.code === 'UNAUTHENTICATED' ? 401 : 400;
    return new GraphQLError(e.message, { extensions: { code: e.code, http: { status } } });
  }
  return e;
}

/**
 * Builds and starts the hub: database (migrated), GraphQL over HTTP and WebSocket on one port
 * and path (`/graphql`), `/healthz` and `/readyz`.
 */
export interface HubOptions {
  /** Loads demo data into an empty database (the zero-setup start passes the demo data set). */
  seedDemo?: SeedDemo;
  /**
   * Whether the whole deployment may take traffic: a cluster worker answers `/readyz` with 503
   * until every worker listens. Absent, ready once listening.
   */
  ready?: () => boolean;
  /** The embedded database, started by the caller already (without DATABASE_URL). */
  embedded?: Promise<EmbeddedDatabase>;
  /**
   * The per-client budget's clock in milliseconds (default `Date.now`): a test moves it to see
   * points flow back, instead of waiting for them in real time.
   */
  budgetClock?: () => number;
  /**
   * How many times a query operation runs on graphql-js before it is compiled (default 1, see
   * `graphql/compiled-execution.ts`): the tests pass 0, so that every query they send also runs compiled.
   */
  compileAfter?: number;
}

export async function startHub(
  config: Config,
  log: Logger = loggerFor(config),
  options: HubOptions = {},
): Promise<Hub> {
  const db = await openDatabase(config, (m, level = 'info') => log[level](m), options.embedded);
  try {
    return await listen(config, db, log, options);
  } catch (e) {
    await db.close();
    throw e;
  }
}

async function listen(config: Config, db: Database, log: Logger, options: HubOptions): Promise<Hub> {
  const { orm } = db;
  await seedIfEmpty(config, db, log, options.seedDemo);
  if (config.EXPOSE_SQL_COUNT) installSqlCounter(orm.em.getKnex());

  const schema = await buildHubSchema(resolvers);
  const verifier = new TokenVerifier(config);
  configureOutbox({ crossProcess: !db.embedded });
  configureCoverage({ cache: config.COVERAGE_CACHE });
  configureErasureBroadcast({ crossProcess: !db.embedded });
  const formatError = makeFormatError((m, e) => log.error(m, e), {
    hideSuggestions: config.NODE_ENV === 'production',
  });
  const responseCache =
    config.RESPONSE_CACHE_MB > 0
      ? createResponseCache({
          maxBytes: Math.round(config.RESPONSE_CACHE_MB * 1024 * 1024),
          ttlMs: config.RESPONSE_CACHE_TTL_SECONDS * 1000,
          formatError,
        })
      : null;
  // An erasure, here or (by NOTIFY) on another instance: forget what memory holds of the person.
  // `notice` is null when notices may have been missed (the listener reconnected): forget all.
  const forgetErased = (notice: ReturnType<typeof parseErasureNotice>) => {
    staffService.clearCache();
    responseCache?.purge();
    if (notice?.type === 'StaffMember') announcements.endSubscriptionsOf(notice.id);
  };
  const stopForgetting = onErasure(forgetErased);
  const announcementOptions: AnnouncementHubOptions = {
    listenUrl: db.embedded ? null : db.url,
    pollMs: config.ANNOUNCE_POLL_MS,
    log: (m, e) => log.error(m, e),
    channels: { [ERASURE_CHANNEL]: (payload) => forgetErased(parseErasureNotice(payload ?? undefined)) },
  };
  const announcements = new AnnouncementHub(orm, topicSpecs, announcementOptions);
  /** Open sockets, once the WebSocket server is attached below. */
  let openSockets = () => 0;
  const metrics = new HubMetrics({
    openSockets: () => openSockets(),
    activeSubscriptions: () => announcements.subscriberCount,
    outboxBacklog: () => announcements.backlog(),
    pool: poolUsage(orm),
  });
  announcementOptions.delivered = (seconds) => metrics.announcementDelay.observe(seconds);
  watchPoolWaits(orm, metrics.poolAcquireWait);
  if (config.METRICS_PORT) shareWithPrimary(metrics.registry);
  await announcements.start();
  // Deliver at once what this instance committed; other instances hear of it through NOTIFY.
  orm.em.getEventManager().registerSubscriber({ afterTransactionCommit: () => announcements.poke() });
  const createContext = makeContextFactory(orm, verifier, staffService, announcements);
  /** The same formatting, counted per transport (errors by code, budget refusals). */
  const countedFormatError =
    (transport: 'http' | 'ws'): typeof formatError =>
    (formatted, error) => {
      const out = formatError(formatted, error);
      metrics.countError(out.extensions?.code, transport, out.extensions?.retryAfter);
      return out;
    };
  const limits = new OperationLimits(schema, config, undefined, options.budgetClock);
  // With INTROSPECTION=false, `__schema` and `__type` are refused on both transports.
  const validationRules = [
    ...limits.validationRules,
    storableTextRule,
    ...(config.INTROSPECTION ? [] : [NoSchemaIntrospectionCustomRule]),
  ];

  const app = express();
  app.disable('x-powered-by');
  // No ETag computed over every response body (a hash of ~60 KB per Q2): GraphQL responses depend on
  // the viewer and are not cached by HTTP; the open-data routes set their own validators.
  app.set('etag', false);
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  const trustProxy = app.get('trust proxy fn') as TrustProxy;
  const httpServer = http.createServer(app);
  const origins = new OriginPolicy(config.CORS_ORIGINS, config.NODE_ENV === 'production');
  const draining = closeConnectionsWhenDraining(httpServer);
  jsonClientErrors(httpServer);
  const ws = attachWebSocket(httpServer, {
    schema,
    formatError: countedFormatError('ws'),
    verifyUpgrade: (request) => origins.allowsUpgrade(request),
    validationRules,
    limits,
    forkEntityManager: () => orm.em.fork({ useContext: false }),
    keepAliveMs: config.WS_KEEPALIVE_SECONDS * 1000,
    clientAddress: (request) => clientAddress(request, trustProxy),
    onProtocolError: (code, message) => log.warn('WebSocket peer broke the protocol', { code, message }),
    createContext: (params, address) =>
      createContext({
        authorization: connectionParam(params, 'authorization'),
        acceptLanguage:
          connectionParam(params, 'acceptlanguage') ?? connectionParam(params, 'accept-language'),
        clientAddress: address,
      }),
  });
  openSockets = () => ws.connections();

  const compiled =
    config.COMPILED_OPERATIONS > 0
      ? new CompiledExecution(schema, config.COMPILED_OPERATIONS, options.compileAfter)
      : null;
  const apollo = new ApolloServer<RequestContext>({
    ...(compiled ? { gateway: compiledExecutionGateway(schema, compiled) } : { schema }),
    formatError: countedFormatError('http'),
    includeStacktraceInErrorResponses: false,
    parseOptions: limits.parseOptions,
    validationRules,
    // Automatic persisted queries (Apollo's in-memory cache); in allow-list mode, the manifest.
    persistedQueries: limits.allowList ? { cache: limits.allowList.apqCache(), ttl: null } : {},
    // main.ts owns shutdown (HTTP, WebSocket, announcements, database, data-directory lock).
    stopOnTerminationSignals: false,
    introspection: config.INTROSPECTION,
    plugins: [
      // No HTTP caching of GraphQL responses (they depend on the viewer), so no per-field cache hints:
      // the cache-control plugin would otherwise wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      // GET /graphql for browsers is GraphiQL, served here (Apollo's page loads from its CDN).
      ApolloServerPluginLandingPageDisabled(),
      graphqlObservabilityPlugin<RequestContext>(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      httpTransportPlugin(),
      limitsPlugin(limits),
      ...(responseCache ? [responseCache.plugin] : []),
      ...(config.EXPOSE_SQL_COUNT ? [sqlCountPlugin()] : []),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await ws.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // Every route: request id, log line and metrics first, then CORS (preflights end there).
  app.use(...requestObservability(log, metrics));
  app.use(...corsMiddleware(origins));
  app.use(graphiqlRoutes(config.GRAPHIQL ?? config.NODE_ENV !== 'production'));
  // With METRICS_PORT, /metrics is served there (by the primary of a cluster), not here.
  app.get(
    '/metrics',
    config.METRICS_PORT ? metricsElsewhere(config.METRICS_PORT) : metricsRoute(metrics.registry),
  );
  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (options.ready && !options.ready()) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    try {
      await orm.em.getConnection().execute('select 1');
      res.status(200).json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });
  // Open data beside GraphQL: HSDS, CSV exports, calendar and feeds (src/modules/open-data).
  app.use(
    openDataRoutes({
      queries: new InternalQueries(schema, limits),
      limits,
      createContext,
      formatError: countedFormatError('http'),
      publicUrl: config.PUBLIC_URL,
    }),
  );
  app.use(
    '/graphql',
    jsonBody(),
    requestGate(formatError, config.MAX_QUERY_TOKENS),
    (_req, _res, next) => (config.EXPOSE_SQL_COUNT ? withSqlCounter(() => next()) : next()),
    ...(limits.allowList ? [allowListGate(limits.allowList, formatError)] : []),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          const context = await createContext({
            authorization: req.headers.authorization,
            acceptLanguage: req.headers['accept-language'],
            clientAddress: req.ip ?? null,
          });
          observeGraphQLRequest(context, res);
          return context;
        } catch (e) {
          throw contextError(e);
        }
      },
    }),
  );
  const fallbacks = jsonFallbacks(formatError);
  app.use(fallbacks.notFound);
  app.use(fallbacks.errorHandler);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, () => resolve());
  });
  const metricsServer =
    config.METRICS_PORT && !cluster.isWorker
      ? await startMetricsServer(metrics.registry, config.METRICS_PORT, config.HOST)
      : null;
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://localhost:${port}/graphql`;
  log.info(cluster.isWorker ? `Worker ${process.pid} listening at ${url}` : `Vaatu Hub ready at ${url}`);
  const retention = new RetentionJob(orm, retentionSettings(config), log);
  retention.start();
  return {
    url,
    port,
    db,
    schema,
    announcements,
    metrics,
    metricsPort: metricsServer?.port ?? null,
    responseCache,
    retention,
    compiledOperations: () => compiled?.size ?? 0,
    async stop() {
      // First, before any await: responses still in flight say `Connection: close`.
      draining.start();
      stopForgetting();
      await retention.stop();
      log.info('Stopping: HTTP and WebSocket');
      await metricsServer?.close();
      await apollo.stop();
      log.info('Stopping: announcements');
      await announcements.stop();
      log.info('Stopping: database');
      await db.close();
    },
  };
}
