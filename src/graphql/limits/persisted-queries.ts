import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PersistedQueryOptions } from '@apollo/server';
import type { RequestHandler } from 'express';
import { GraphQLError, GraphQLFormattedError, parse, ParseOptions, print } from 'graphql';
import { z } from 'zod';
import { OperationNotAllowedError } from './limit-errors';

/** The manifest written by Apollo's `@apollo/generate-persisted-query-manifest`. */
const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});

export type PersistedQueryManifest = z.infer<typeof manifestSchema>;

type KeyValueCache = NonNullable<PersistedQueryOptions['cache']>;

/** The hash clients and Apollo use for a query text (APQ's `sha256Hash`). */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Apollo prefixes the keys it gives a persisted-query cache with this. */
const APQ_KEY_PREFIX = 'apq:';

/**
 * The operations a production frontend registered (PERSISTED_QUERIES_ONLY): only these are
 * executed. An operation is known by its manifest `id`, by the SHA-256 of its body (what Apollo
 * Client's persisted-query link sends, and the manifest generator's default id), or by a body that
 * is the same operation once both are printed in GraphQL's canonical form.
 */
export class PersistedQueryAllowList {
  /** Manifest id and body hash → body. */
  private readonly bodies = new Map<string, string>();
  /** Hashes of the bodies in canonical form. */
  private readonly canonical = new Set<string>();

  constructor(
    manifest: PersistedQueryManifest,
    private readonly parseOptions: ParseOptions = {},
  ) {
    for (const op of manifest.operations) {
      this.bodies.set(op.id, op.body);
      this.bodies.set(sha256(op.body), op.body);
      const printed = this.canonicalHash(op.body);
      if (!printed) throw new Error(`Persisted operation ${op.name || op.id} does not parse`);
      this.canonical.add(printed);
    }
  }

  /** Reads and checks a manifest file; throws a readable message when it is not one. */
  static fromFile(file: string, parseOptions: ParseOptions = {}): PersistedQueryAllowList {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`PERSISTED_QUERIES_FILE ${file}: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      });
    }
    const parsed = manifestSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`PERSISTED_QUERIES_FILE ${file} is not an Apollo persisted-query manifest: ${issues}`);
    }
    return new PersistedQueryAllowList(parsed.data, parseOptions);
  }

  /** The registered body for a manifest id or body hash. */
  body(idOrHash: string): string | undefined {
    return this.bodies.get(idOrHash);
  }

  /**
   * Whether the operation is registered. `hash` is the id or hash the request was resolved by
   * (Apollo's verified `queryHash`); a body with no match by hash is compared in canonical form,
   * which parses it: only unregistered or differently formatted operations pay for that.
   */
  allows(hash: string | undefined, query: string | undefined): boolean {
    if (hash && this.bodies.has(hash)) return true;
    if (!query) return false;
    const printed = this.canonicalHash(query);
    return printed != null && this.canonical.has(printed);
  }

  /**
   * Apollo's persisted-query cache in allow-list mode: it answers hash-only requests from the
   * manifest and registers nothing new.
   */
  apqCache(): KeyValueCache {
    return {
      get: async (key) =>
        this.bodies.get(key.startsWith(APQ_KEY_PREFIX) ? key.slice(APQ_KEY_PREFIX.length) : key),
      set: async () => undefined,
      delete: async () => false,
    };
  }

  private canonicalHash(query: string): string | null {
    try {
      return sha256(print(parse(query, { ...this.parseOptions, noLocation: true })));
    } catch {
      return null;
    }
  }
}

/** The `sha256Hash` of an APQ `persistedQuery` extension (an object, or JSON text in a GET). */
export function persistedQueryHash(extensions: unknown): string | null {
  let ext = extensions;
  if (typeof ext === 'string') {
    try {
      ext = JSON.parse(ext);
    } catch {
      return null;
    }
  }
  const pq: unknown = ext && typeof ext === 'object' && 'persistedQuery' in ext ? ext.persistedQuery : null;
  return pq && typeof pq === 'object' && 'sha256Hash' in pq && typeof pq.sha256Hash === 'string'
    ? pq.sha256Hash
    : null;
}

/**
 * The allow-list on HTTP, in front of Apollo (Apollo's plugins cannot refuse a request before it
 * is parsed and validated, and validation errors would describe the schema to anyone): a request
 * with a query text must be a registered operation, else 403 FORBIDDEN. A request with a hash
 * alone goes on to Apollo, whose persisted-query cache is then the manifest
 * ({@link PersistedQueryAllowList.apqCache}): PERSISTED_QUERY_NOT_FOUND for an unknown hash.
 */
export function allowListGate(
  allowList: PersistedQueryAllowList,
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): RequestHandler {
  return (req, res, next) => {
    const params: unknown = req.method === 'GET' ? req.query : req.body;
    if (!params || typeof params !== 'object' || Array.isArray(params)) return next();
    const query = 'query' in params && typeof params.query === 'string' ? params.query : null;
    if (!query) return next();
    // A hash sent along must be the text's own (Apollo checks that), so the text decides.
    if (allowList.allows(sha256(query), query)) return next();
    const refused = new OperationNotAllowedError();
    const error = new GraphQLError(refused.message, { originalError: refused });
    res.status(403).json({ errors: [formatError(error.toJSON(), error)] });
  };
}
