import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Pool, TypeOverrides, types as driverTypes } from 'pg';
import type { Sql, SqlValue } from '../common/sql';
import { countStatement } from '../graphql/sql-counter';

/** A pooled connection of the driver (pg), as knex's pool hands it out. */
interface PgConnection {
  query(config: { text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface KnexClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
}

/** `?` placeholders as PostgreSQL's `$1, $2, …`; a list value expands to one placeholder per item (as knex does). */
export function toPositional(piece: Sql): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  let text = '';
  let from = 0;
  let i = 0;
  for (let at = piece.text.indexOf('?'); at !== -1; at = piece.text.indexOf('?', at + 1)) {
    text += piece.text.slice(from, at);
    from = at + 1;
    const value: SqlValue = piece.params[i++];
    if (Array.isArray(value)) {
      text += value.length ? value.map((v) => `$${values.push(v)}`).join(', ') : 'null';
    } else {
      text += `$${values.push(value)}`;
    }
  }
  if (i !== piece.params.length) throw new Error('SQL placeholders and values do not match');
  return { text: text + piece.text.slice(from), values };
}

/** The read pools of open databases, by their ORM's configuration (shared by every fork). */
const readPools = new WeakMap<object, Pool>();

/**
 * The ORM's text parsing of dates and timestamps (PostgreSQL's text, parsed as the ORM hydrates
 * them), so that rows read here map exactly as the ORM's would; text arrays as `plainTextArray`.
 */
export function ormTypes(): TypeOverrides {
  const types = new TypeOverrides();
  for (const oid of [1082, 1114, 1184, 1186]) types.setTypeParser(oid, (text: string) => text);
  // The driver's type ids name no array type, hence the cast.
  const driverParser = driverTypes.getTypeParser(TEXT_ARRAY as never, 'text') as (text: string) => unknown;
  types.setTypeParser(TEXT_ARRAY, plainTextArray(driverParser));
  return types;
}

/** The type oid of `text[]`, the type of every array column (age groups, languages, tags, …). */
const TEXT_ARRAY = 1009;

/**
 * The parser of `text[]` values: a one-dimensional array whose items PostgreSQL printed without
 * quotes (codes such as age groups and languages, the common case) is split at its commas, an
 * unquoted `NULL` being a null item; any other (quoted items, nested arrays, bounds) is read by
 * the driver's parser, `fallback`. The same values: the driver's reads the text a character at a
 * time, which was a tenth of what a list of offerings allocated.
 */
function plainTextArray(fallback: (text: string) => unknown): (text: string) => unknown {
  return (text) => {
    if (text === '{}') return [];
    if (text.charCodeAt(0) !== 123 || text.charCodeAt(1) === 123 || text.includes('"') || text.includes('\\'))
      return fallback(text);
    const items: (string | null)[] = text.slice(1, -1).split(',');
    for (let i = 0; i < items.length; i++) if (items[i] === 'NULL') items[i] = null;
    return items;
  };
}

export interface ReadPoolOptions {
  url: string;
  max: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

/**
 * Gives the read path of `orm` a `pg` pool of its own on the PostgreSQL server. Measured on the
 * benchmark's Q2, the same three statements cost twice the CPU on connections of the ORM's knex
 * pool as on a plain `pg` pool. Same server, same bounds (`statement_timeout`, the connect
 * timeout) and at most `max` connections besides the ORM's. Without one (the embedded database,
 * whose connection slots are few), reads use the ORM's pool. Returns a function that closes it.
 */
export function attachReadPool(orm: MikroORM, options: ReadPoolOptions): () => Promise<void> {
  const pool = new Pool({
    connectionString: options.url,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    ...(options.statementTimeoutMs > 0 ? { statement_timeout: options.statementTimeoutMs } : {}),
    types: ormTypes(),
  });
  // An idle connection the server ended (a restart): the pool drops it; the next read reconnects.
  pool.on('error', () => undefined);
  readPools.set(orm.config, pool);
  return async () => {
    readPools.delete(orm.config);
    await pool.end();
  };
}

/** The read pool of `orm`'s database, if it has one (for its metrics). */
export function readPoolOf(orm: MikroORM): Pool | null {
  return readPools.get(orm.config) ?? null;
}

/** Names of the statements read views prepare, by their text (see {@link statementName}). */
const statementNames = new Map<string, string>();
/** At most this many statement texts are prepared; others are parsed and planned every time. */
export const PREPARED_STATEMENTS_MAX = 500;

/**
 * The name under which `text` is prepared on each read connection, or undefined once
 * {@link PREPARED_STATEMENTS_MAX} texts have names. A prepared statement is parsed and planned
 * once per connection instead of on every execution: on the batched loads of a nested list
 * (hundreds of keys in one array parameter) the planning was most of the server's time, about
 * 1.2 ms of 1.7 ms per statement. PostgreSQL still plans the first five executions for their
 * values and keeps a generic plan only when it is no costlier. The bound keeps the server's
 * memory per connection bounded whatever operations clients send.
 */
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < PREPARED_STATEMENTS_MAX) {
    name = `read_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Runs a read statement and returns its rows as the driver gives them (column names, PostgreSQL
 * types converted by the ORM's type parsers). The statement goes straight to a pooled connection:
 * no query builder and no entity mapping on the way, which is most of what a read costs in the
 * ORM. Inside a transaction it runs on the transaction's connection. Counted by the SQL counter
 * (`EXPOSE_SQL_COUNT`) and logged by `DEBUG_SQL` (with placeholders, never the values) as the
 * ORM's own statements are.
 */
export async function readRows<T = Record<string, unknown>>(
  em: EntityManager,
  piece: Sql,
  options: { prepare?: boolean } = {},
): Promise<T[]> {
  if (em.isInTransaction()) return em.execute<T[]>(piece.text, [...piece.params] as never[]);
  const statement = toPositional(piece);
  const logger = em.config.getLogger();
  const started = logger.isEnabled('query') ? Date.now() : 0;
  countStatement();
  try {
    const pool = readPools.get(em.config);
    if (pool) {
      const name = options.prepare ? statementName(statement.text) : undefined;
      return (await pool.query(name ? { ...statement, name } : statement)).rows as T[];
    }
    const client = em.getKnex().client as unknown as KnexClient;
    const connection = await client.acquireConnection();
    try {
      return (await connection.query(statement)).rows as T[];
    } finally {
      void client.releaseConnection(connection);
    }
  } finally {
    if (started) logger.logQuery({ query: statement.text, took: Date.now() - started, level: 'info' });
  }
}
