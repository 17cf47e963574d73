import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError, OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { RequestContext, Viewer } from '../../common/context';
import { compactWhenDue, CONTENT_DATA, readVersion } from '../../common/data-version';
import { finnishToday } from '../../common/dates';
import { isDatabaseUnavailable } from '../../db/unavailable';

/** The response header that tells whether a query was answered from the cache (`hit`) or not. */
export const CACHE_HEADER = 'x-response-cache';

/** What decides what a viewer may see: the same for two viewers means the same answers. */
export function viewerKey(viewer: Viewer | null): string {
  if (!viewer) return 'anonymous';
  return JSON.stringify([viewer.staffId, viewer.actorId, [...viewer.roles].sort()]);
}

/**
 * The variables the operation declares: only they can change its result (graphql-js ignores the
 * rest), and only they have passed the request checks' nesting limit before the key is built.
 */
function declaredVariables(
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (variables && Object.hasOwn(variables, name)) out[name] = variables[name];
  }
  return out;
}

export interface ResponseCacheOptions {
  /** Memory for cached results (their JSON size), in bytes. */
  maxBytes: number;
  /** Longest time an entry is kept, in milliseconds (a bound on memory, not on freshness). */
  ttlMs: number;
  /** The server's formatError, for an error answered by the cache itself (an outage). */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
}

interface Entry {
  version: string;
  data: Record<string, unknown>;
}

/** The response cache of one instance: its Apollo plugin, and a way to empty it. */
export interface ResponseCache {
  plugin: ApolloServerPlugin<RequestContext>;
  /** Drops every entry (an erasure: cached answers may hold the erased person's data). */
  purge(): void;
  /** The cached results (tests check what the memory holds). */
  entries(): Record<string, unknown>[];
}

/**
 * Whole-response caching of queries over HTTP. A result is stored under the operation's text,
 * operation name, variables, viewer (staff member, actor, roles) and language, together with the
 * content version read before it was executed; it is served again only while that version is
 * still the current one, so a write committed by any instance is visible to the next read of every
 * instance. The limits run first (the cost is charged and reported on hits too); results with
 * errors, mutations and subscriptions are never stored. Answers carry `x-response-cache: hit|miss`.
 *
 * Apollo's own response-cache plugin expires entries by time (cache hints) and cannot tell that
 * the data changed, hence this plugin; lru-cache keeps the entries within `maxBytes`.
 *
 * Entries of an older version are never served again, so they are dropped as soon as a newer
 * version is seen: stale answers (which may hold data since changed or erased) do not linger in
 * memory until they expire.
 */
export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const cache = new LRUCache<string, Entry>({
    maxSize: options.maxBytes,
    ttl: options.ttlMs,
    sizeCalculation: (entry) => Math.max(1, JSON.stringify(entry.data).length),
  });
  /** The newest content version seen; entries of any other version are stale. */
  let current = -1n;
  const plugin: ApolloServerPlugin<RequestContext> = {
    async requestDidStart() {
      let key: string | null = null;
      let version: string | null = null;
      let hit = false;
      return {
        async responseForOperation({ operation, request, queryHash, contextValue }) {
          // No operation (several in the document and no operationName, say): execution reports it.
          if (operation?.operation !== 'query') return null;
          key = createHash('sha256')
            .update(
              JSON.stringify([
                queryHash,
                request.operationName ?? null,
                declaredVariables(operation, request.variables),
                viewerKey(contextValue.viewer),
                contextValue.lang,
                // Offerings in force depend on the day: a response never outlives its Finnish date.
                finnishToday(contextValue.loaders),
              ]),
            )
            .digest('base64url');
          // The content version (see CONTENT_DATA), read before anything is executed.
          try {
            const read = await readVersion(contextValue.em, CONTENT_DATA);
            await compactWhenDue(contextValue.em, CONTENT_DATA, read.changes);
            version = read.version;
          } catch (e) {
            // Apollo answers an error thrown from here with a bare 500: an outage is answered
            // here as elsewhere (SERVICE_UNAVAILABLE, made 503 by the HTTP transport plugin),
            // without a second wait for the database by executing the operation.
            if (!isDatabaseUnavailable(e)) throw e;
            const error = new GraphQLError('The database cannot be reached', { originalError: e as Error });
            return {
              http: { status: undefined, headers: new HeaderMap() },
              body: {
                kind: 'single',
                singleResult: { errors: [options.formatError(error.toJSON(), error)] },
              },
            };
          }
          if (BigInt(version) > current) {
            current = BigInt(version);
            cache.clear();
          }
          const entry = cache.get(key);
          if (!entry || entry.version !== version) return null;
          hit = true;
          return {
            http: { status: undefined, headers: new HeaderMap([[CACHE_HEADER, 'hit']]) },
            body: { kind: 'single', singleResult: { data: entry.data } },
          };
        },
        async willSendResponse({ response }) {
          if (key === null || version === null || hit) return;
          response.http.headers.set(CACHE_HEADER, 'miss');
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (errors?.length || !data || (response.http.status ?? 200) !== 200) return;
          // A write committed while this ran: its answer is stale already.
          if (BigInt(version) !== current) return;
          cache.set(key, { version, data });
        },
      };
    },
  };
  return {
    plugin,
    purge: () => {
      cache.clear();
      // Answers being computed now read an older version: they are not kept either.
      current += 1n;
    },
    entries: () => [...cache.values()].map((e) => e.data),
  };
}
