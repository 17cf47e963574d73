import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { print } from 'graphql';
import { Hub, HubOptions, startHub } from '../../src/app';
import { Role } from '../../src/common/context';
import { createLogger, Logger, silentLogger } from '../../src/common/logger';
import { loadConfig } from '../../src/config';
import { signDevToken } from '../../src/modules/auth/token';
import { staffService } from '../../src/modules/staff/staff.instance';
import { createEmptyDatabase, dropDatabase, testDatabaseName } from './db';

export const TEST_JWT_SECRET = 'test-secret-for-vaatu-hub-only';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

export interface TestHub {
  hub: Hub;
  url: string;
  /** A fresh EntityManager for arranging and checking data directly. */
  em(): EntityManager;
  request<T, V>(
    doc: TypedDocumentNode<T, V> | string,
    variables?: V,
    options?: { token?: string; lang?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  token(claims: {
    actor?: string;
    roles?: Role[];
    sub?: string;
    name?: string;
    ttl?: number;
  }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the real hub on a random port against a new, empty PostgreSQL database of this worker
 * (migrated from empty at start), with SQL statement counting on.
 */
export async function startTestHub(
  label: string,
  env: Record<string, string> = {},
  log: Logger = process.env.TEST_LOG ? createLogger({ level: 'debug', pretty: true }) : silentLogger(),
  options: HubOptions = {},
): Promise<TestHub> {
  const dbName = testDatabaseName(label);
  const databaseUrl = await createEmptyDatabase(dbName);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    EXPOSE_SQL_COUNT: 'true',
    DB_POOL_MAX: '5',
    // Suites send many costly operations from one address; the limits suite turns the budget on.
    RATE_LIMIT_ENABLED: 'false',
    // Suites count the SQL of executed queries; the response-cache suite turns the cache on.
    RESPONSE_CACHE_MB: '0',
    ...env,
  });
  staffService.clearCache();
  // Every query compiled at once, so that the suites check the compiled execution as much as
  // graphql-js's (compiled-execution.e2e compares the two).
  const hub = await startHub(config, log, { compileAfter: 0, ...options });
  const url = `http://127.0.0.1:${hub.port}/graphql`;
  return {
    hub,
    url,
    em: () => hub.db.orm.em.fork(),
    async request<T, V>(
      doc: TypedDocumentNode<T, V> | string,
      variables?: V,
      options: { token?: string; lang?: string; headers?: Record<string, string> } = {},
    ) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.lang) headers['accept-language'] = options.lang;
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: typeof doc === 'string' ? doc : print(doc), variables }),
      });
      const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
      return { status: res.status, ...body };
    },
    token(claims) {
      return signDevToken(
        TEST_JWT_SECRET,
        {
          sub: claims.sub ?? `test-${claims.actor ?? 'none'}-${(claims.roles ?? []).join('-')}`,
          name: claims.name ?? 'Test Staff',
          actor: claims.actor,
          roles: claims.roles ?? [],
        },
        claims.ttl ?? 600,
      );
    },
    async stop() {
      await hub.stop();
      await dropDatabase(dbName);
    },
  };
}
