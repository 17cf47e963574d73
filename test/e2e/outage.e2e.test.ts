/**
 * A database outage says so: HTTP 503 with Retry-After and SERVICE_UNAVAILABLE within 5 s, for
 * queries and mutations alike (through the response cache, the staff record of a new token, and
 * execution), WebSocket connection_init closes with 1013 Try Again Later, a failed subscribe is
 * not acknowledged, and everything works again once the database is back, with nothing lost.
 *
 * PostgreSQL is stopped for real: a private server of this test's own (the shared one serves the
 * other test workers). A second hub reaches it through a proxy that can stop answering, for
 * connections that hang instead of being refused.
 */
import { Hub, startHub } from '../../src/app';
import { Role } from '../../src/common/context';
import { silentLogger } from '../../src/common/logger';
import { loadConfig } from '../../src/config';
import { signDevToken } from '../../src/modules/auth/token';
import { staffService } from '../../src/modules/staff/staff.instance';
import { TEST_JWT_SECRET } from '../support/hub';
import { PrivateCluster, startPrivateCluster } from '../support/pg-cluster';
import { openRawWs } from '../support/raw-ws';
import { startTcpProxy, TcpProxy } from '../support/tcp-proxy';

let cluster: PrivateCluster;
let proxy: TcpProxy;
let direct: Hub;
let proxied: Hub;
let coordinator: string;

const CREATE_ACTOR = 'mutation ($input: CreateActorInput!) { createActor(input: $input) { actor { slug } } }';
const ACTORS = '{ actors { totalCount nodes { slug } } }';

function token(sub: string, roles: Role[] = [Role.COORDINATOR]): Promise<string> {
  return signDevToken(TEST_JWT_SECRET, { sub, name: 'Koordinaattori', roles }, 600);
}

function hubUrl(hub: Hub): string {
  return `http://127.0.0.1:${hub.port}/graphql`;
}

interface Answer {
  status: number;
  ms: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(hub: Hub, query: string, variables: unknown = {}, bearer?: string): Promise<Answer> {
  const started = Date.now();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const res = await fetch(hubUrl(hub), {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  expect(res.headers.get('content-type')).toMatch(/json/);
  expect(text).not.toMatch(/ECONN|knex|Knex|pg_|MikroORM|node_modules|\bat \S+ \(/);
  return {
    status: res.status,
    ms: Date.now() - started,
    retryAfter: res.headers.get('retry-after'),
    body: JSON.parse(text) as Answer['body'],
  };
}

function expectUnavailable(answer: Answer): void {
  expect(answer.status).toBe(503);
  expect(answer.retryAfter).toBe('5');
  expect(answer.ms).toBeLessThan(5000);
  expect(answer.body.errors?.[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfter: 5 });
}

/** Retries until the hub answers 200 again (its pool renews dead connections on failure). */
async function whenBack(hub: Hub, query: string, bearer?: string): Promise<Answer> {
  for (let i = 0; ; i++) {
    const answer = await post(hub, query, {}, bearer);
    if (answer.status === 200 || i >= 40) return answer;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function start(databaseUrl: string): Promise<Hub> {
  staffService.clearCache();
  return startHub(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SEED_DEMO: 'false',
      JWT_SECRET: TEST_JWT_SECRET,
      RATE_LIMIT_ENABLED: 'false',
      RESPONSE_CACHE_MB: '8',
      DB_POOL_MAX: '3',
    }),
    silentLogger(),
  );
}

beforeAll(async () => {
  cluster = await startPrivateCluster();
  const port = Number(new URL(cluster.url()).port);
  proxy = await startTcpProxy({ host: '127.0.0.1', port });
  direct = await start(cluster.url('vaatu'));
  proxied = await start(`postgresql://postgres@127.0.0.1:${proxy.port}/vaatu`);
  coordinator = await token('outage-coordinator');
}, 120_000);

afterAll(async () => {
  await cluster?.start().catch(() => undefined);
  await direct?.stop().catch(() => undefined);
  await proxied?.stop().catch(() => undefined);
  await proxy?.close();
  await cluster?.destroy();
});

it('answers 503 SERVICE_UNAVAILABLE within 5 s while PostgreSQL is down, then recovers with nothing lost', async () => {
  const created = await post(
    direct,
    CREATE_ACTOR,
    { input: { kind: 'VALTERI', slug: 'ennen', name: { fi: 'Ennen' } } },
    coordinator,
  );
  expect(created.body.errors).toBeUndefined();
  expect((await post(direct, ACTORS)).status).toBe(200);

  await cluster.stop();

  // A query: the response cache reads the content version first.
  expectUnavailable(await post(direct, ACTORS));
  // A new token: its staff record is written when the context is built.
  expectUnavailable(await post(direct, '{ viewer { name } }', {}, await token('outage-newcomer')));
  // A mutation with a known token: the transaction cannot begin.
  const mutation = await post(
    direct,
    CREATE_ACTOR,
    { input: { kind: 'VALTERI', slug: 'aikana', name: { fi: 'Aikana' } } },
    coordinator,
  );
  expectUnavailable(mutation);
  const ready = await fetch(new URL('/readyz', hubUrl(direct)));
  expect(ready.status).toBe(503);

  // WebSocket: a token whose staff record must be written cannot connect: "try again later".
  const refused = await openRawWs(hubUrl(direct), null);
  refused.send({ type: 'connection_init', payload: { authorization: `Bearer ${await token('outage-ws')}` } });
  expect((await refused.closed).code).toBe(1013);
  // An anonymous connection is accepted; its subscribe fails, and is not acknowledged.
  const anonymous = await openRawWs(hubUrl(direct));
  anonymous.send({
    id: 's',
    type: 'subscribe',
    payload: { query: 'subscription { materialPublished { cursor } }' },
  });
  const failed = await anonymous.waitFor((f) => f.id === 's' && (f.type === 'next' || f.type === 'error'));
  expect(JSON.stringify(failed.payload)).toContain('SERVICE_UNAVAILABLE');
  await anonymous.waitFor((f) => f.id === 's' && f.type === 'complete');
  expect(anonymous.frames.filter((f) => f.type === 'pong')).toEqual([]);
  anonymous.close();

  await cluster.start();
  const back = await whenBack(direct, ACTORS);
  expect(back.status).toBe(200);
  expect(back.body.data).toEqual({ actors: { totalCount: 1, nodes: [{ slug: 'ennen' }] } });
  const after = await whenBack(direct, '{ viewer { name } }', await token('outage-newcomer'));
  expect(after.body.data).toEqual({ viewer: { name: 'Koordinaattori' } });
  const socket = await openRawWs(hubUrl(direct), { authorization: `Bearer ${await token('outage-ws')}` });
  socket.close();
}, 60_000);

it('answers 503 within 5 s when connections to the database hang instead of being refused', async () => {
  expect((await whenBack(proxied, ACTORS)).status).toBe(200);
  proxy.blackHole();
  try {
    expectUnavailable(await post(proxied, ACTORS));
    expectUnavailable(
      await post(
        proxied,
        CREATE_ACTOR,
        { input: { kind: 'VALTERI', slug: 'jumissa', name: { fi: 'Jumissa' } } },
        coordinator,
      ),
    );
  } finally {
    proxy.restore();
  }
  expect((await whenBack(proxied, ACTORS)).status).toBe(200);
}, 60_000);
