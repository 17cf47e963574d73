import type { MikroORM } from '@mikro-orm/postgresql';
import type { Histogram } from 'prom-client';

/** The parts of knex's connection pool (tarn) read here. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  on(event: 'acquireRequest', listener: (eventId: number) => void): void;
  on(event: 'acquireSuccess' | 'acquireFail', listener: (eventId: number) => void): void;
}

function poolOf(orm: MikroORM): TarnPool | null {
  const client = orm.em.getKnex().client as { pool?: TarnPool };
  return client.pool ?? null;
}

/** The pool's connections in use, idle and waited for, when Prometheus scrapes. */
export function poolUsage(orm: MikroORM): () => { used: number; free: number; pending: number } | null {
  return () => {
    const pool = poolOf(orm);
    return pool ? { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires() } : null;
  };
}

/** Times every acquisition of a pooled connection, from request to connection (the wait). */
export function watchPoolWaits(orm: MikroORM, waits: Histogram): void {
  const pool = poolOf(orm);
  if (!pool) return;
  const started = new Map<number, bigint>();
  pool.on('acquireRequest', (id) => started.set(id, process.hrtime.bigint()));
  const done = (id: number) => {
    const t0 = started.get(id);
    if (t0 === undefined) return;
    started.delete(id);
    waits.observe(Number(process.hrtime.bigint() - t0) / 1e9);
  };
  pool.on('acquireSuccess', done);
  pool.on('acquireFail', done);
}
