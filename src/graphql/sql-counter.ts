import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from '@mikro-orm/postgresql';

const store = new AsyncLocalStorage<{ statements: number }>();

/** Counts the SQL statements each request runs (knex's `query` event, per async context). */
export function installSqlCounter(knex: Knex): void {
  knex.on('query', () => {
    const s = store.getStore();
    if (s) s.statements++;
  });
}

/** Runs `fn` with a fresh statement counter. */
export function withSqlCounter<T>(fn: () => T): T {
  return store.run({ statements: 0 }, fn);
}

export function sqlStatementsSoFar(): number | null {
  return store.getStore()?.statements ?? null;
}

/** Counts one statement run outside knex (the read path's own statements, see `db/query.ts`). */
export function countStatement(): void {
  const s = store.getStore();
  if (s) s.statements++;
}
