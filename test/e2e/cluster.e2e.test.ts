import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Client } from 'pg';
import { Role } from '../../src/common/context';
import { signDevToken } from '../../src/modules/auth/token';
import {
  CreateSharedMaterialDocument,
  MaterialPublishedDocument,
  PublishSharedMaterialDocument,
} from '../support/generated/graphql';
import { createEmptyDatabase, dropDatabase, testDatabaseName } from '../support/db';
import { gqlAt } from '../support/http';
import { TEST_JWT_SECRET } from '../support/hub';
import { freePort, HubProcess, startHubProcess } from '../support/process';
import { connectWs, LiveSubscription, TestWsClient } from '../support/ws';

/**
 * `WORKERS=2`: the real entry point (`npm start`) as a node:cluster primary with two worker
 * processes on one port. The primary migrates and seeds once; every worker is a full instance
 * (its own LISTEN connection, its own subscribers); a worker that dies is replaced; SIGTERM stops
 * them all.
 */
const dbName = testDatabaseName('cluster');
let dbUrl: string;
let hub: HubProcess | undefined;
let token: string;
const clients: TestWsClient[] = [];

function gql<T, V>(doc: TypedDocumentNode<T, V>, variables: V): Promise<T> {
  return gqlAt(hub!.url, token, doc, variables);
}

async function sql<T>(text: string): Promise<T[]> {
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  try {
    return (await pg.query(text)).rows as T[];
  } finally {
    await pg.end();
  }
}

/** The hub's LISTEN connections: one per running instance. */
async function listeners(): Promise<number> {
  const rows = await sql<{ n: number }>(
    "select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen %'",
  );
  return rows[0].n;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function workerPids(): number[] {
  return [...hub!.output().matchAll(/Worker (\d+) listening at/g)].map((m) => Number(m[1]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function publish(publisherId: string, title: string): Promise<string> {
  const created = await gql(CreateSharedMaterialDocument, {
    input: { publisherId, kind: 'GUIDE', title: { fi: title }, url: 'https://example.org/opas' },
  });
  const m = created.createSharedMaterial.sharedMaterial;
  await gql(PublishSharedMaterialDocument, { id: m.id, version: m.version });
  return m.id;
}

beforeAll(async () => {
  dbUrl = await createEmptyDatabase(dbName);
  token = await signDevToken(
    TEST_JWT_SECRET,
    { sub: 'cluster-coordinator', name: 'Koordinaattori', roles: [Role.COORDINATOR] },
    600,
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await hub?.stop();
  await dropDatabase(dbName);
});

it('runs two workers on one port that share the work, replace a dead one and stop together', async () => {
  const metricsPort = await freePort();
  hub = await startHubProcess({
    METRICS_PORT: String(metricsPort),
    DATABASE_URL: dbUrl,
    WORKERS: '2',
    SEED_DEMO: 'true',
    JWT_SECRET: TEST_JWT_SECRET,
    ANNOUNCE_POLL_MS: '60000',
  });
  // Ready means every worker listens; the primary prepared the database once.
  expect(hub.output()).toContain('(2 workers)');
  expect(hub.output().match(/Loaded demo data/g)).toHaveLength(1);
  const [first, second] = workerPids();
  expect(new Set([first, second]).size).toBe(2);
  expect(await listeners()).toBe(2);
  const actors = await sql<{ n: number }>('select count(*)::int as n from actor');
  expect(actors[0].n).toBe(23);
  const publisher = await sql<{ id: string }>('select id from actor order by slug limit 1');
  const publisherId = Buffer.from(`Actor:${publisher[0].id}`, 'utf8').toString('base64url');

  // Connections are handed to the workers in turn: each worker delivers to its own subscribers.
  const subs: LiveSubscription<unknown>[] = [];
  const closedCodes: (number | null)[] = [];
  for (let i = 0; i < 4; i++) {
    const c = connectWs(hub.url, { token });
    clients.push(c);
    closedCodes.push(null);
    void c.closed.then((code) => (closedCodes[i] = code));
    const sub = c.subscribe(MaterialPublishedDocument, {});
    await sub.ready;
    subs.push(sub);
  }
  // METRICS_PORT: the primary sums the workers' metrics (each worker holds some of the sockets).
  const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  expect(metrics).toMatch(/^vaatu_websocket_connections 4$/m);
  expect(metrics).toMatch(/^vaatu_subscriptions_active 4$/m);
  const before = await publish(publisherId, 'Klusteri 1');
  await Promise.all(subs.map((s) => s.waitFor(1, 20_000)));
  for (const s of subs) {
    expect(
      (s.received[0].data as { materialPublished: { material: { id: string } } }).materialPublished.material
        .id,
    ).toBe(before);
  }

  // A worker dies: its clients lose their connection, the other worker's keep theirs, and the
  // primary starts a replacement.
  process.kill(first, 'SIGKILL');
  await until('a replacement worker', () => workerPids().length === 3);
  await until('the dead worker’s clients to see their connection end', () =>
    closedCodes.some((c) => c != null),
  );
  expect(closedCodes.some((c) => c == null)).toBe(true);
  await until('two listeners again', async () => (await listeners()) === 2);
  const after = await publish(publisherId, 'Klusteri 2');
  const survivors = subs.filter((_, i) => closedCodes[i] == null);
  await Promise.all(survivors.map((s) => s.waitFor(2, 20_000)));
  for (const s of survivors) {
    expect(
      (s.received[1].data as { materialPublished: { material: { id: string } } }).materialPublished.material
        .id,
    ).toBe(after);
  }

  // SIGTERM to the primary stops every worker gracefully.
  const pids = workerPids().filter((p) => p !== first);
  const code = await hub.stop();
  hub = undefined;
  expect(code).toBe(0);
  for (const pid of pids) await until(`worker ${pid} to exit`, () => !alive(pid), 5000);
}, 120_000);

it('stops with exit code 1 when the database cannot be prepared', async () => {
  // Nothing listens on port 1: the primary cannot even connect.
  const unreachable = 'postgresql://postgres@127.0.0.1:1/vaatu';
  await expect(startHubProcess({ DATABASE_URL: unreachable, WORKERS: '2' })).rejects.toThrow(
    /hub exited with 1[\s\S]*Preparing the database failed/,
  );
});

it('refuses more than one worker on the embedded database', async () => {
  await expect(startHubProcess({ DATABASE_URL: '', WORKERS: '2', DATA_DIR: 'unused' })).rejects.toThrow(
    /WORKERS: more than 1 needs DATABASE_URL/,
  );
});
