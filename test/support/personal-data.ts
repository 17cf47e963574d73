import type { EntityManager } from '@mikro-orm/postgresql';

export interface Finding {
  table: string;
  column: string;
  needle: string;
}

/** Every column of every table that can hold text: text, varchar, char, their arrays, json, jsonb. */
async function textColumns(em: EntityManager): Promise<{ table: string; column: string }[]> {
  const rows = await em.getConnection().execute<{ table_name: string; column_name: string }[]>(
    `select c.table_name, c.column_name
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
             or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar', '_bpchar')))`,
  );
  return rows.map((r) => ({ table: r.table_name, column: r.column_name }));
}

/**
 * A full-database scan: where any of `needles` occurs (in any case) in any text column of any
 * table. Checks its own reach first: the columns it reads must include the known personal ones.
 */
export async function findInDatabase(em: EntityManager, needles: string[]): Promise<Finding[]> {
  const columns = await textColumns(em);
  for (const known of ['contact.email', 'contact.phone', 'staff_member.name', 'audit_entry.changes']) {
    if (!columns.some((c) => `${c.table}.${c.column}` === known)) throw new Error(`scan misses ${known}`);
  }
  const findings: Finding[] = [];
  for (const { table, column } of columns) {
    for (const needle of needles) {
      const [row] = await em
        .getConnection()
        .execute<{ n: number }[]>(
          `select count(*)::int as n from "${table}" where "${column}"::text ilike ?`,
          [`%${needle.replace(/[\\%_]/g, '\\$&')}%`],
        );
      if (row.n > 0) findings.push({ table, column, needle });
    }
  }
  return findings;
}

/** A hash of every row of every table: equal before and after means nothing was written. */
export async function databaseHash(em: EntityManager): Promise<string> {
  const tables = await em.getConnection().execute<{ table_name: string }[]>(
    `select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  const parts = tables.map(
    ({ table_name: t }) =>
      `(select coalesce(md5(string_agg(x::text, ',' order by x::text)), '-') from "${t}" x)`,
  );
  const [row] = await em
    .getConnection()
    .execute<{ h: string }[]>(`select md5(concat(${parts.join(', ')})) as h`);
  return row.h;
}
