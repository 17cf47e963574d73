import type { EntityManager } from '@mikro-orm/postgresql';
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

/**
 * Runs a read statement and returns its rows as the driver gives them (column names, PostgreSQL
 * types converted by the ORM's type parsers). The statement goes straight to a pooled connection:
 * no query builder and no entity mapping on the way, which is most of what a read costs in the
 * ORM. Inside a transaction it runs on the transaction's connection. Counted by the SQL counter
 * (`EXPOSE_SQL_COUNT`) and logged by `DEBUG_SQL` (with placeholders, never the values) as the
 * ORM's own statements are.
 */
export async function readRows<T = Record<string, unknown>>(em: EntityManager, piece: Sql): Promise<T[]> {
  if (em.isInTransaction()) return em.execute<T[]>(piece.text, [...piece.params] as never[]);
  const statement = toPositional(piece);
  const client = em.getKnex().client as unknown as KnexClient;
  const logger = em.config.getLogger();
  const started = logger.isEnabled('query') ? Date.now() : 0;
  const connection = await client.acquireConnection();
  countStatement();
  try {
    const result = await connection.query(statement);
    return result.rows as T[];
  } finally {
    void client.releaseConnection(connection);
    if (started) logger.logQuery({ query: statement.text, took: Date.now() - started, level: 'info' });
  }
}
