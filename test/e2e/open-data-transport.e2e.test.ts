import { Writable } from 'node:stream';
import { Client } from 'pg';
import { Hub, startHub } from '../../src/app';
import { Role } from '../../src/common/context';
import { createLogger, silentLogger } from '../../src/common/logger';
import { loadConfig } from '../../src/config';
import { staffService } from '../../src/modules/staff/staff.instance';
import { loadDemoData } from '../../src/seed/demo-data';
import { startTestHub, TEST_JWT_SECRET, TestHub } from '../support/hub';
import { startTcpProxy, TcpProxy } from '../support/tcp-proxy';

/*
 * What every route of the hub gets, on the open-data routes (HSDS, CSV, calendar, feed): the
 * per-client budget shared with GraphQL (RATE_LIMITED 429 with Retry-After), log lines with the
 * viewer's id and no personal data, metrics by route, CORS, masked internal errors, and 503 while
 * the database cannot be reached.
 */

const ROUTES = [
  '/hsds/services?full=true&per_page=50',
  '/export/service-offerings.csv',
  '/export/coverage.csv',
  '/calendar.ics',
  '/feeds/materials.atom',
];

type Line = Record<string, unknown>;

let t: TestHub;
let base: string;
const lines: Line[] = [];

beforeAll(async () => {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  t = await startTestHub(
    'open_data_transport',
    {
      RATE_LIMIT_ENABLED: 'true',
      MAX_QUERY_COST: '3000',
      RATE_LIMIT_POINTS: '3000',
      RATE_LIMIT_RESTORE_RATE: '0.001',
      CORS_ORIGINS: 'https://app.example.fi',
      LOG_LEVEL: 'info',
    },
    createLogger({ level: 'info', destination }),
  );
  base = t.url.replace(/\/graphql$/, '');
  await loadDemoData(t.em());
});

afterAll(() => t.stop());

test('each route is charged to the budget GraphQL uses, and refused with 429 when it is spent', async () => {
  const headers = { 'x-forwarded-for': 'ignored' };
  const costs: number[] = [];
  const etags: string[] = [];
  for (const path of ROUTES) {
    const res = await fetch(`${base}${path}`, { headers });
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    costs.push(Number(res.headers.get('x-cost')));
    etags.push(res.headers.get('etag')!);
  }
  expect(costs.every((c) => c > 0)).toBe(true);
  // Spend the rest: the same client is refused everywhere, GraphQL included.
  let refused: Response | null = null;
  for (let i = 0; i < 200 && !refused; i++) {
    const res = await fetch(`${base}/export/service-offerings.csv?first=1000&validity=ANY`);
    if (res.status === 429) refused = res;
    else expect(res.status).toBe(200);
  }
  expect(refused).not.toBeNull();
  expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(refused!.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await refused!.json()) as { errors: { extensions: { code: string; retryAfter: number } }[] };
  expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
  const gql = await t.request('{ actors(first: 100) { nodes { slug regions { code } } } }');
  expect(gql.status).toBe(429);
  expect(gql.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  // A conditional request whose copy is current costs nothing: still 304.
  const conditional = await fetch(`${base}${ROUTES[3]}`, { headers: { 'if-none-match': etags[3] } });
  expect(conditional.status).toBe(304);
  // Signed-in staff have a budget of their own.
  const token = await t.token({ roles: [Role.COORDINATOR], sub: 'budget-coordinator' });
  const staff = await fetch(`${base}/hsds/services`, { headers: { authorization: `Bearer ${token}` } });
  expect(staff.status).toBe(200);
  expect(staff.headers.get('cache-control')).toBe('private, no-cache');
});

test('log lines name the route and the viewer id, with the cost, and no personal data', async () => {
  const name = 'Kaisa Koordinaattori';
  const email = 'kaisa@example.fi';
  const token = await t.token({ roles: [Role.COORDINATOR], sub: 'logged-coordinator', name });
  lines.length = 0;
  const res = await fetch(`${base}/export/coverage.csv?regionCodes=KYS`, {
    headers: { authorization: `Bearer ${token}`, 'x-request-id': 'csv-request-1' },
  });
  expect(res.status).toBe(200);
  await new Promise<void>(
    (resolve) =>
      res.body?.cancel().then(
        () => resolve(),
        () => resolve(),
      ) ?? resolve(),
  );
  const line = lines.find((l) => l.reqId === 'csv-request-1')!;
  expect(line).toMatchObject({
    path: '/export/coverage.csv',
    status: 200,
    operation: 'exportCoverage',
    viewer: expect.stringMatching(/^[0-9a-f-]{36}$/),
    cost: expect.any(Number),
  });
  const text = JSON.stringify(lines);
  expect(text).not.toContain(name);
  expect(text).not.toContain(email);
  expect(text).not.toContain(token);
});

test('metrics count the routes by their first path segment and operation', async () => {
  const metrics = await (await fetch(`${base}/metrics`)).text();
  for (const [route, operation] of [
    ['/hsds', 'hsdsServices'],
    ['/export', 'exportServiceOfferings'],
    ['/calendar.ics', 'calendar'],
    ['/feeds', 'feedMaterials'],
  ]) {
    expect(metrics).toMatch(
      new RegExp(
        `vaatu_http_request_duration_seconds_count\\{route="${route.replace('.', '\\.')}",operation="${operation}"`,
      ),
    );
  }
});

test('CORS: an allowed page may read the routes, another origin gets no Access-Control header', async () => {
  const preflight = await fetch(`${base}/hsds/services`, {
    method: 'OPTIONS',
    headers: {
      origin: 'https://app.example.fi',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.fi');
  const allowed = await fetch(`${base}/feeds/materials.atom`, {
    headers: { origin: 'https://app.example.fi' },
  });
  expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.fi');
  expect(allowed.headers.get('access-control-expose-headers')).toContain('link');
  expect(allowed.headers.get('vary')).toBe('Origin, Authorization, Accept-Language');
  expect(allowed.headers.get('access-control-expose-headers')).toContain('x-total-count');
  const other = await fetch(`${base}/calendar.ics`, { headers: { origin: 'https://evil.example' } });
  expect(other.headers.get('access-control-allow-origin')).toBeNull();
});

test('an unexpected failure is a JSON 500 with no SQL, and the details go to the log', async () => {
  const pg = new Client({ connectionString: t.hub.db.url });
  await pg.connect();
  try {
    await pg.query('alter table actor rename to actor_gone');
    const token = await t.token({ roles: [Role.COORDINATOR], sub: 'broken-coordinator' });
    const res = await fetch(`${base}/hsds/organizations?lang=en`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    expect(text).not.toMatch(/actor|select|relation/i);
  } finally {
    await pg.query('alter table actor_gone rename to actor');
    await pg.end();
  }
  expect(lines.some((l) => l.msg === 'Unexpected error')).toBe(true);
});

describe('while the database cannot be reached', () => {
  let proxy: TcpProxy;
  let hub: Hub;

  beforeAll(async () => {
    const target = new URL(t.hub.db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    staffService.clearCache();
    hub = await startHub(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${proxy.port}${target.pathname}`,
        SEED_DEMO: 'false',
        JWT_SECRET: TEST_JWT_SECRET,
        RATE_LIMIT_ENABLED: 'false',
        DB_POOL_MAX: '3',
      }),
      silentLogger(),
    );
  }, 60_000);

  afterAll(async () => {
    proxy?.restore();
    await hub?.stop();
    await proxy?.close();
  });

  test('every route answers 503 SERVICE_UNAVAILABLE with Retry-After, then works again', async () => {
    const at = `http://127.0.0.1:${hub.port}`;
    expect((await fetch(`${at}/hsds/services`)).status).toBe(200);
    proxy.blackHole();
    try {
      for (const path of ROUTES) {
        const started = Date.now();
        const res = await fetch(`${at}${path}`);
        expect({ path, status: res.status }).toEqual({ path, status: 503 });
        expect(res.headers.get('retry-after')).toBe('5');
        expect(Date.now() - started).toBeLessThan(6000);
        const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
        expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      }
    } finally {
      proxy.restore();
    }
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await fetch(`${at}/hsds/services`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  }, 60_000);
});
