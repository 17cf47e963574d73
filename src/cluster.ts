import cluster, { Worker } from 'node:cluster';
import type { Logger } from './common/logger';

/** Messages between the primary and its workers (over node:cluster's IPC channel). */
const WORKER_LOADED = 'vaatu:worker-loaded';
const DATABASE_PREPARED = 'vaatu:database-prepared';
const CLUSTER_READY = 'vaatu:cluster-ready';

export interface PrimaryOptions {
  workers: number;
  /** Migrations and demo data, once, before any worker opens the database. */
  prepare(): Promise<void>;
  /** How long a stop waits for the workers' own graceful stop before killing them. */
  stopTimeoutMs?: number;
  /** A worker that dies after it has listened is replaced after this many milliseconds. */
  restartDelayMs?: number;
}

/**
 * The primary of `WORKERS` > 1: it forks that many workers and prepares the database once while
 * they load (they wait for it before opening the database). Each worker is a full hub instance on
 * the same port (node:cluster hands accepted connections to them in turn), exactly like separate
 * instances behind a load balancer: every one LISTENs for announcements and delivers them to its
 * own subscribers. The primary serves nothing itself.
 *
 * - Workers answer `/readyz` with 503 until all of them listen (the primary tells them).
 * - A worker that dies once listening is replaced; one that dies before it ever listened (bad
 *   configuration, port taken), or a failed preparation, stops the whole cluster with exit code 1.
 * - SIGTERM or SIGINT: each worker stops gracefully (see README, "Stopping an instance"); those
 *   still running after `stopTimeoutMs` are killed. The primary exits once all have exited.
 */
export async function runPrimary(log: Logger, options: PrimaryOptions): Promise<void> {
  const live = new Set<Worker>();
  let prepared = false;
  /** Workers loaded and waiting for the database to be prepared. */
  const waiting = new Set<Worker>();
  const listened = new Set<Worker>();
  let allReady = false;
  let stopping = false;
  let exitCode = 0;

  const finish = () => {
    if (stopping && live.size === 0) process.exit(exitCode);
  };

  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const worker of live) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of live) worker.process.kill('SIGKILL');
    }, options.stopTimeoutMs ?? 30_000).unref();
    finish();
  };

  const fork = () => {
    // The primary migrates and seeds (workers wait for it: `preparedByPrimary`); workers only check.
    const worker = cluster.fork({ MIGRATE: 'false', SEED_DEMO: 'false', WORKERS: '1' });
    live.add(worker);
    worker.on('message', (m) => {
      if (m !== WORKER_LOADED) return;
      if (prepared) tell(worker, DATABASE_PREPARED);
      else waiting.add(worker);
    });
    worker.on('listening', (address) => {
      listened.add(worker);
      if (!allReady && listened.size >= options.workers) {
        allReady = true;
        for (const w of listened) tell(w, CLUSTER_READY);
        log.info(`Vaatu Hub ready at http://localhost:${address.port}/graphql (${options.workers} workers)`);
      } else if (allReady) {
        tell(worker, CLUSTER_READY);
      }
    });
    worker.on('exit', (code, signal) => {
      live.delete(worker);
      waiting.delete(worker);
      const hadListened = listened.delete(worker);
      if (stopping) {
        finish();
        return;
      }
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (!hadListened) {
        log.error(`Worker ${worker.process.pid} exited with ${how} before it listened: stopping`);
        stop(1);
        return;
      }
      log.error(`Worker ${worker.process.pid} exited with ${how}: starting another`);
      setTimeout(() => {
        if (!stopping) fork();
      }, options.restartDelayMs ?? 1000);
    });
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      log.info(`${signal}: stopping the workers`);
      stop(0);
    });
  }
  for (let i = 0; i < options.workers; i++) fork();
  try {
    await options.prepare();
  } catch (e) {
    log.error('Preparing the database failed', e);
    stop(1);
    return;
  }
  prepared = true;
  for (const worker of waiting) tell(worker, DATABASE_PREPARED);
  waiting.clear();
}

/** A message to a worker, unless it is already gone (its exit is handled on its own). */
function tell(worker: Worker, message: string): void {
  if (worker.isConnected()) worker.send(message);
}

/** In a worker: resolves once the primary has prepared the database (migrations, demo data). */
export function preparedByPrimary(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      if (m !== DATABASE_PREPARED) return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
    process.send?.(WORKER_LOADED);
  });
}

/** In a worker: whether the primary has said that every worker listens. */
export function clusterReadiness(): () => boolean {
  let ready = false;
  process.on('message', (m) => {
    if (m === CLUSTER_READY) ready = true;
  });
  return () => ready;
}
