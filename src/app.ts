import 'reflect-metadata';
import cluster from 'node:cluster';
import http from 'node:http';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, GraphQLSchema } from 'graphql';
import type { Config } from './config';
import { RequestContext } from './common/context';
import { DomainError } from './common/errors';
import { Database, openDatabase } from './db/database';
import type { EmbeddedDatabase } from './db/embedded';
import { makeFormatError } from './graphql/errors';
import { clientAddress, TrustProxy, trustProxySetting } from './graphql/limits/client-address';
import { limitsPlugin } from './graphql/limits/limits.plugin';
import { OperationLimits } from './graphql/limits/operation-limits';
import { allowListGate } from './graphql/limits/persisted-queries';
import { createResponseCache, ResponseCache } from './graphql/response-cache/response-cache';
import { buildHubSchema } from './graphql/schema';
import { installSqlCounter, sqlStatementsSoFar, withSqlCounter } from './graphql/sql-counter';
import { attachWebSocket } from './graphql/websocket';
import { AnnouncementHub } from './modules/announcement/announcement.hub';
import { configureOutbox } from './modules/announcement/announcement.outbox';
import { topicSpecs } from './modules/announcement/announcement.topics';
import { makeContextFactory } from './modules/auth/request-context';
import { TokenVerifier } from './modules/auth/token';
import { resolvers } from './modules';
import {
  configureErasureBroadcast,
  ERASURE_CHANNEL,
  onErasure,
  parseErasureNotice,
} from './modules/privacy/erasure-events';
import { RetentionJob } from './modules/privacy/retention.job';
import { retentionSettings } from './modules/privacy/retention.service';
import { staffService } from './modules/staff/staff.instance';
import { consoleLogger, Logger } from './common/logger';
import { SeedDemo, seedIfEmpty } from './db/prepare';

export interface Hub {
  url: string;
  port: number;
  db: Database;
  schema: GraphQLSchema;
  announcements: AnnouncementHub;
  /** This instance's response cache, when on (RESPONSE_CACHE_MB > 0). */
  responseCache: ResponseCache | null;
  /** The daily retention job (audit entries, personal data in them, inactive staff). */
  retention: RetentionJob;
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

/** A failed context (bad token) is answered as a GraphQL error with its code, not a 500. */
function contextError(e: unknown): unknown {
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
}

export async function startHub(
  config: Config,
  log: Logger = consoleLogger(config.LOG_LEVEL),
  options: HubOptions = {},
): Promise<Hub> {
  const db = await openDatabase(config, (m) => log.info(m), options.embedded);
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
  configureErasureBroadcast({ crossProcess: !db.embedded });
  const responseCache =
    config.RESPONSE_CACHE_MB > 0
      ? createResponseCache({
          maxBytes: Math.round(config.RESPONSE_CACHE_MB * 1024 * 1024),
          ttlMs: config.RESPONSE_CACHE_TTL_SECONDS * 1000,
        })
      : null;
  // An erasure, here or (by NOTIFY) on another instance: forget what memory holds of the person.
  // `notice` is null when notices may have been missed (the listener reconnected): forget all.
  let announcements: AnnouncementHub | null = null;
  const forgetErased = (notice: ReturnType<typeof parseErasureNotice>) => {
    staffService.clearCache();
    responseCache?.purge();
    if (notice?.type === 'StaffMember') announcements?.endSubscriptionsOf(notice.id);
  };
  const stopForgetting = onErasure(forgetErased);
  announcements = new AnnouncementHub(orm, topicSpecs, {
    listenUrl: db.embedded ? null : db.url,
    pollMs: config.ANNOUNCE_POLL_MS,
    log: (m, e) => log.error(m, e),
    channels: { [ERASURE_CHANNEL]: (payload) => forgetErased(parseErasureNotice(payload ?? undefined)) },
  });
  await announcements.start();
  // Deliver at once what this instance committed; other instances hear of it through NOTIFY.
  orm.em.getEventManager().registerSubscriber({ afterTransactionCommit: () => announcements.poke() });
  const createContext = makeContextFactory(orm, verifier, staffService, announcements);
  const formatError = makeFormatError((m, e) => log.error(m, e), {
    hideSuggestions: config.NODE_ENV === 'production',
  });
  const limits = new OperationLimits(schema, config);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  const trustProxy = app.get('trust proxy fn') as TrustProxy;
  const httpServer = http.createServer(app);
  const ws = attachWebSocket(httpServer, {
    schema,
    formatError,
    validationRules: limits.validationRules,
    limits,
    forkEntityManager: () => orm.em.fork({ useContext: false }),
    keepAliveMs: config.WS_KEEPALIVE_SECONDS * 1000,
    clientAddress: (request) => clientAddress(request, trustProxy),
    createContext: (params, address) =>
      createContext({
        authorization: typeof params.authorization === 'string' ? params.authorization : null,
        acceptLanguage: typeof params.acceptLanguage === 'string' ? params.acceptLanguage : null,
        clientAddress: address,
      }),
  });

  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    parseOptions: limits.parseOptions,
    validationRules: [...limits.validationRules],
    // Automatic persisted queries (Apollo's in-memory cache); in allow-list mode, the manifest.
    persistedQueries: limits.allowList ? { cache: limits.allowList.apqCache(), ttl: null } : {},
    // main.ts owns shutdown (HTTP, WebSocket, announcements, database, data-directory lock).
    stopOnTerminationSignals: false,
    introspection: true,
    plugins: [
      // No HTTP caching of GraphQL responses (they depend on the viewer), so no per-field cache hints:
      // the cache-control plugin would otherwise wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
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
  app.use(
    '/graphql',
    express.json({ limit: '256kb' }),
    (_req, _res, next) => (config.EXPOSE_SQL_COUNT ? withSqlCounter(() => next()) : next()),
    ...(limits.allowList ? [allowListGate(limits.allowList, formatError)] : []),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return await createContext({
            authorization: req.headers.authorization,
            acceptLanguage: req.headers['accept-language'],
            clientAddress: req.ip ?? null,
          });
        } catch (e) {
          throw contextError(e);
        }
      },
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, () => resolve());
  });
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
    responseCache,
    retention,
    async stop() {
      stopForgetting();
      await retention.stop();
      log.info('Stopping: HTTP and WebSocket');
      await apollo.stop();
      log.info('Stopping: announcements');
      await announcements.stop();
      log.info('Stopping: database');
      await db.close();
    },
  };
}
