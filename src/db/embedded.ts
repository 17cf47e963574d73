import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** A running embedded PostgreSQL (PGlite) reachable over a local socket. */
export interface EmbeddedDatabase {
  url: string;
  /** Connections the hub's pool may open to it. */
  poolMax: number;
  stop(): Promise<void>;
}

/** Takes a pid lock on the data directory: PGlite does not lock it, and two processes would lose rows. */
function lockDataDir(dir: string): () => void {
  const lockFile = path.join(dir, 'hub.pid');
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    let alive = false;
    try {
      if (pid && pid !== process.pid) {
        process.kill(pid, 0);
        alive = true;
      }
    } catch {
      alive = false;
    }
    if (alive) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${pid}. Stop it, or set DATABASE_URL to run several instances on a PostgreSQL server.`,
      );
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => {
    try {
      if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  };
}

/**
 * The database thread: PGlite and its socket server. Plain JavaScript, so that it runs the same
 * under ts-node, the build and jest; the packages' CommonJS builds are resolved by the caller.
 */
const DATABASE_THREAD = `
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const freePort = () => new Promise((resolve, reject) => {
  const probe = net.createServer();
  probe.on('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
(async () => {
  const { PGlite } = require(workerData.modules.pglite);
  const { PGLiteSocketServer } = require(workerData.modules.socket);
  const { pg_trgm } = require(workerData.modules.pgTrgm);
  const { unaccent } = require(workerData.modules.unaccent);
  const db = await PGlite.create({ dataDir: workerData.dir, extensions: { pg_trgm, unaccent } });
  const port = await freePort();
  const server = new PGLiteSocketServer({
    db, host: '127.0.0.1', port, maxConnections: workerData.maxConnections,
  });
  await server.start();
  parentPort.on('message', async (message) => {
    if (message !== 'stop') return;
    await server.stop();
    await db.close();
    parentPort.postMessage({ type: 'stopped' });
  });
  parentPort.postMessage({ type: 'ready', port });
})().catch((e) => parentPort.postMessage({ type: 'failed', message: String((e && e.message) || e) }));
`;

type ThreadMessage =
  { type: 'ready'; port: number } | { type: 'stopped' } | { type: 'failed'; message: string };

/**
 * Starts PGlite (PostgreSQL compiled to WASM) on DATA_DIR behind pglite-socket, on a free local
 * port, so the unchanged PostgreSQL driver connects to it on 127.0.0.1. Used when no DATABASE_URL
 * is configured. PGlite serves one session at a time: the pool is kept small, and below its
 * connection limit. Light to load (no ORM), so that the zero-setup start can begin it before
 * loading the rest of the hub.
 *
 * PGlite runs on a thread of its own: its start (about half a second of WASM on one core) overlaps
 * the hub's own loading, and its statements no longer hold up the event loop that serves HTTP and
 * WebSocket. Should the thread end while the hub runs, the process stops with a message: it would
 * otherwise serve errors only.
 */
export async function startEmbeddedFor(config: {
  DATA_DIR: string;
  DB_POOL_MAX: number;
}): Promise<EmbeddedDatabase> {
  const poolMax = Math.min(config.DB_POOL_MAX, 5);
  const maxConnections = poolMax * 2;
  const dir = path.resolve(config.DATA_DIR, 'pg');
  fs.mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(path.resolve(config.DATA_DIR));
  let stopping = false;
  const worker = new Worker(DATABASE_THREAD, {
    eval: true,
    workerData: {
      dir,
      maxConnections,
      modules: {
        pglite: require.resolve('@electric-sql/pglite'),
        socket: require.resolve('@electric-sql/pglite-socket'),
        pgTrgm: require.resolve('@electric-sql/pglite/contrib/pg_trgm'),
        unaccent: require.resolve('@electric-sql/pglite/contrib/unaccent'),
      },
    },
  });
  const next = (expected: ThreadMessage['type']) =>
    new Promise<ThreadMessage>((resolve, reject) => {
      const onMessage = (m: ThreadMessage) => {
        off();
        if (m.type === expected) resolve(m);
        else reject(new Error(`The embedded database failed: ${m.type === 'failed' ? m.message : m.type}`));
      };
      const onError = (e: Error) => {
        off();
        reject(new Error(`The embedded database failed: ${e.message}`));
      };
      const onExit = (code: number) => {
        off();
        reject(new Error(`The embedded database stopped (exit code ${code})`));
      };
      const off = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
    });
  let port: number;
  try {
    port = ((await next('ready')) as Extract<ThreadMessage, { type: 'ready' }>).port;
  } catch (e) {
    await worker.terminate();
    unlock();
    throw e;
  }
  worker.once('exit', (code) => {
    if (stopping) return;
    unlock();
    console.error(`The embedded database stopped unexpectedly (exit code ${code}); the hub stops too.`);
    process.exit(1);
  });
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    poolMax,
    async stop() {
      stopping = true;
      try {
        const stopped = next('stopped');
        worker.postMessage('stop');
        await stopped;
      } finally {
        await worker.terminate();
        unlock();
      }
    },
  };
}
