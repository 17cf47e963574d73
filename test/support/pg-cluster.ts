import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './process';

const run = promisify(execFile);

/**
 * A private PostgreSQL server of the test's own (initdb in a temporary directory, its own port),
 * so a test may stop and restart it without disturbing the other test workers' databases.
 */
export interface PrivateCluster {
  url(database?: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** The directory of PostgreSQL's server binaries (`pg_config --bindir`). */
async function binDir(): Promise<string> {
  const { stdout } = await run('pg_config', ['--bindir']);
  return stdout.trim();
}

/** PostgreSQL refuses to run as root: run its tools as the `postgres` user then. */
async function asPostgres(file: string, args: string[]): Promise<void> {
  if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', file, ...args]);
  else await run(file, args);
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bin = await binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vaatu-pg-'));
  const dataDir = path.join(dir, 'data');
  if (process.getuid?.() === 0) await run('chown', ['postgres', dir]);
  await asPostgres(path.join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const pgCtl = (action: string, extra: string[] = []) =>
    asPostgres(path.join(bin, 'pg_ctl'), [
      '-D',
      dataDir,
      '-w',
      '-l',
      path.join(dir, 'log'),
      ...extra,
      action,
    ]);
  const cluster: PrivateCluster = {
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    start: () => pgCtl('start', ['-o', options]),
    stop: () => pgCtl('stop', ['-m', 'fast']),
    async destroy() {
      await cluster.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  const admin = new Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('create database vaatu');
  await admin.end();
  return cluster;
}
