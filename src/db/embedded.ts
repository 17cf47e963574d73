import fs from 'node:fs';
import path from 'node:path';

/** A running embedded PostgreSQL (PGlite) reachable over a local socket. */
export interface EmbeddedDatabase {
  url: string;
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
 * Starts PGlite (PostgreSQL compiled to WASM) on `dataDir` behind pglite-socket, so the unchanged
 * PostgreSQL driver connects to it on 127.0.0.1. Used when no DATABASE_URL is configured.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  maxConnections: number,
  port: number,
): Promise<EmbeddedDatabase> {
  const dir = path.resolve(dataDir, 'pg');
  fs.mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(path.resolve(dataDir));
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
    const db = await PGlite.create({ dataDir: dir, extensions: { pg_trgm, unaccent } });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections });
    await server.start();
    return {
      url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        await server.stop();
        await db.close();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}
