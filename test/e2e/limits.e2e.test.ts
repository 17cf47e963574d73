/**
 * Query cost, document limits, the per-client budget, hidden suggestions, statement_timeout and
 * persisted queries, over HTTP and WebSocket against the real server.
 *
 * Most operations here are deliberately oversized or invalid, so they are written inline rather
 * than in test/operations (which codegen checks against the schema and types).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { Client } from 'pg';
import { Role } from '../../src/common/context';
import { sha256 } from '../../src/graphql/limits/persisted-queries';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import { ActorsWithServicesDocument } from '../support/generated/graphql';
import { Fixtures } from '../support/fixtures';
import { GraphQLResponse, startTestHub, TestHub } from '../support/hub';
import { connectWs, Received, TestWsClient } from '../support/ws';

type Body = Record<string, unknown>;
interface Raw extends GraphQLResponse<Record<string, unknown>> {
  headers: Headers;
}

const clients: TestWsClient[] = [];
function ws(t: TestHub, token?: string, headers?: Record<string, string>): TestWsClient {
  const c = connectWs(t.url, { token, headers });
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

async function post(
  t: TestHub,
  body: Body,
  token?: string,
  extra: Record<string, string> = {},
): Promise<Raw> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(t.url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, ...((await res.json()) as Body) };
}

async function get(t: TestHub, params: Body): Promise<Raw> {
  const url = new URL(t.url);
  for (const [k, v] of Object.entries(params))
    url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  // A non-simple header: Apollo's CSRF prevention refuses GETs a browser could send cross-site.
  const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
  return { status: res.status, headers: res.headers, ...((await res.json()) as Body) };
}

/** `actors → parent → parent ...`: the selection is `depth` fields deep. */
function deepQuery(depth: number): string {
  return `{ actors { nodes { ${'parent { '.repeat(depth - 3)}slug${' }'.repeat(depth - 3)} } } }`;
}

const OVER_COST = '{ actors(first: 100) { nodes { services(first: 100) { nodes { regions { code } } } } } }';
// 1 + 100 × (nodes 1 + services (1 + 100 × (nodes 1 + regions 1)))
const OVER_COST_VALUE = 20201;

/** Q2 of the benchmark: 20 actors → 10 offerings each → their regions. */
const REALISTIC = `{
  actors(first: 20) {
    nodes { id name kind services(first: 10) { nodes { id title ageGroups deliveryModes regions { code name } } } }
  }
}`;

function firstError(r: { errors?: Received<unknown>['errors'] }) {
  return r.errors?.[0];
}

describe('with the default limits', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub('limits', { RATE_LIMIT_ENABLED: 'true' });
    const fx = new Fixtures(t.em());
    const actor = await fx.actor({ slug: 'kuulo', kind: ActorKind.VALTERI });
    await fx.offering(actor, { regionCodes: ['05', '21'] });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('reports the cost of a normal query in extensions.cost, well under the limit', async () => {
    const res = await t.request(ActorsWithServicesDocument, { first: 20, servicesFirst: 10 });
    expect(res.errors).toBeUndefined();
    expect(res.data?.actors.nodes.map((a) => a.slug)).toEqual(['kuulo']);
    expect(res.extensions?.cost).toEqual({
      requestedQueryCost: 441,
      maximumQueryCost: 5000,
      throttleStatus: { maximumAvailable: 10000, currentlyAvailable: expect.any(Number), restoreRate: 500 },
    });
    const realistic = await post(t, { query: REALISTIC });
    expect(realistic.errors).toBeUndefined();
    const cost = realistic.extensions?.cost as {
      requestedQueryCost: number;
      throttleStatus: { currentlyAvailable: number };
    };
    expect(cost.requestedQueryCost).toBe(441);
    // Both operations were charged; at most what flowed back since the first (500 points/s) returned.
    expect(cost.throttleStatus.currentlyAvailable).toBeLessThan(10000 - 441);
  });

  it('refuses an over-cost operation before running it, on HTTP and on WebSocket', async () => {
    const res = await post(t, { query: OVER_COST });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(firstError(res)?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      cost: OVER_COST_VALUE,
      limit: 5000,
    });
    expect(res.extensions?.sqlStatements).toBe(0);
    expect(res.extensions?.cost).toMatchObject({
      requestedQueryCost: OVER_COST_VALUE,
      maximumQueryCost: 5000,
    });

    const [over] = await ws(t).run({ query: OVER_COST });
    expect(firstError(over)?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      cost: OVER_COST_VALUE,
      limit: 5000,
    });
  });

  it('refuses too deep, too many aliases, too many directives and too many tokens, with value and limit', async () => {
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `r${i}: regions(first: 1) { totalCount }`).join(' ')} }`;
    const directives = `{ ${Array.from({ length: 21 }, () => '__typename @include(if: true)').join(' ')} }`;
    const tokens = `{ ${'__typename '.repeat(5001)}}`;
    const cases: [string, Record<string, unknown>][] = [
      [deepQuery(12), {}],
      [deepQuery(13), { code: 'QUERY_TOO_COMPLEX', depth: 13, limit: 12 }],
      [aliases, { code: 'QUERY_TOO_COMPLEX', aliases: 31, limit: 30 }],
      [directives, { code: 'QUERY_TOO_COMPLEX', directives: 21, limit: 20 }],
      [tokens, { code: 'QUERY_TOO_COMPLEX', tokens: 5003, limit: 5000 }],
    ];
    const c = ws(t);
    for (const [query, expected] of cases) {
      const http = await post(t, { query });
      const [socket] = await c.run({ query });
      if (!expected.code) {
        expect(http.errors).toBeUndefined();
        expect(socket.errors).toBeUndefined();
        continue;
      }
      expect(http.status).toBe(400);
      expect(firstError(http)?.extensions).toEqual(expected);
      expect(firstError(socket)?.extensions).toEqual(expected);
    }
  });

  it('refuses `first` over 100 with BAD_USER_INPUT before running anything', async () => {
    const query = '{ actors(first: 500) { nodes { slug } } }';
    const http = await post(t, { query });
    expect(http.status).toBe(400);
    expect(firstError(http)).toMatchObject({
      message: 'first must be between 0 and 100',
      extensions: { code: 'BAD_USER_INPUT', fields: ['first'] },
    });
    expect(http.extensions?.sqlStatements).toBe(0);
    const viaVariable = await post(t, {
      query: 'query($n: Int) { regions(first: $n) { totalCount } }',
      variables: { n: 500 },
    });
    expect(firstError(viaVariable)?.extensions?.code).toBe('BAD_USER_INPUT');
    const [socket] = await ws(t).run({ query });
    expect(firstError(socket)?.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['first'] });
  });

  it('lets the full introspection query through (depth and cost do not count it)', async () => {
    const res = await post(t, { query: getIntrospectionQuery() });
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cost).toMatchObject({ requestedQueryCost: 1 });
  });

  it('shows field suggestions outside production', async () => {
    const query = '{ actors { nodes { slgu } } }';
    const http = await post(t, { query });
    expect(firstError(http)?.message).toBe('Cannot query field "slgu" on type "Actor". Did you mean "slug"?');
    const [socket] = await ws(t).run({ query });
    expect(firstError(socket)?.message).toContain('Did you mean "slug"?');
  });

  it('serves automatic persisted queries by POST and GET', async () => {
    const posted = '{ regions(first: 2) { nodes { code } } }';
    const hash = sha256(posted);
    const apq = { persistedQuery: { version: 1, sha256Hash: hash } };
    const unknown = await post(t, { extensions: apq });
    expect(firstError(unknown)?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(t, { query: posted, extensions: apq });
    expect(registered.errors).toBeUndefined();
    expect((registered.data?.regions as { nodes: unknown[] }).nodes).toHaveLength(2);
    const byHash = await get(t, { extensions: apq });
    expect(byHash.status).toBe(200);
    expect(byHash.data).toEqual(registered.data);
    expect(byHash.extensions?.cost).toMatchObject({ requestedQueryCost: 3 });

    const viaGet = '{ regions(first: 1) { nodes { code } } }';
    const getApq = { persistedQuery: { version: 1, sha256Hash: sha256(viaGet) } };
    expect(firstError(await get(t, { extensions: getApq }))?.extensions?.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect((await get(t, { query: viaGet, extensions: getApq })).errors).toBeUndefined();
    const later = await post(t, { extensions: getApq });
    expect((later.data?.regions as { nodes: unknown[] }).nodes).toHaveLength(1);
  });

  it('bounds statements with statement_timeout (10 s by default)', async () => {
    const rows = await t.hub.db.orm.em.getConnection().execute('show statement_timeout');
    expect(rows).toEqual([{ statement_timeout: '10s' }]);
  });
});

describe('the per-client budget', () => {
  let t: TestHub;
  // The budget's clock is the test's: no points flow back until the test moves it, so every
  // figure is exact and a refill takes no real time.
  let now = Date.now();
  // 100 points, given back in full 5 s after a client's first operation.
  beforeAll(async () => {
    t = await startTestHub(
      'limits-budget',
      {
        RATE_LIMIT_ENABLED: 'true',
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_POINTS: '100',
        RATE_LIMIT_RESTORE_RATE: '20',
        MAX_QUERY_COST: '100',
      },
      undefined,
      { budgetClock: () => now },
    );
  });
  afterAll(async () => {
    await t?.stop();
  });

  const available = (res: { extensions?: Record<string, unknown> }): number =>
    (res.extensions?.cost as { throttleStatus: { currentlyAvailable: number } }).throttleStatus
      .currentlyAvailable;
  const COSTS_31 = '{ regions(first: 30) { nodes { code } } }';
  const COSTS_100 = '{ regions(first: 99) { nodes { code } } }';

  it('spends each operation’s cost, on both transports, then answers RATE_LIMITED until refilled', async () => {
    const first = await post(t, { query: COSTS_31 });
    expect(first.extensions?.cost).toEqual({
      requestedQueryCost: 31,
      maximumQueryCost: 100,
      throttleStatus: { maximumAvailable: 100, currentlyAvailable: 69, restoreRate: 20 },
    });
    const c = ws(t);
    const [viaSocket] = await c.run({ query: COSTS_31 });
    expect(viaSocket.errors).toBeUndefined();
    // The socket reports the cost as HTTP does, from the same bucket.
    expect(viaSocket.extensions?.cost).toMatchObject({ requestedQueryCost: 31, maximumQueryCost: 100 });
    expect(available(viaSocket)).toBe(38);
    const third = await post(t, { query: COSTS_31 });
    // 100 − 3 × 31 = 7 (the clock stands still: nothing flowed back meanwhile).
    const left = available(third);
    expect(left).toBe(7);

    const refused = await post(t, { query: COSTS_31 });
    expect(refused.status).toBe(429);
    const error = firstError(refused);
    expect(error?.extensions).toEqual({ code: 'RATE_LIMITED', cost: 31, retryAfter: expect.any(Number) });
    // 24 points missing at 20 points/s: 1.2 s, rounded up.
    const retryAfter = error?.extensions?.retryAfter as number;
    expect(retryAfter).toBe(2);
    expect(refused.headers.get('retry-after')).toBe('2');
    // A refused operation spends nothing.
    expect(available(refused)).toBe(left);
    const [refusedOnSocket] = await c.run({ query: COSTS_31 });
    expect(firstError(refusedOnSocket)?.extensions).toMatchObject({ code: 'RATE_LIMITED', cost: 31 });
    // What the bucket still holds can be spent.
    const cheap = await post(t, { query: '{ regions(first: 6) { nodes { code } } }' });
    expect(cheap.errors).toBeUndefined();

    const cheapCost = (cheap.extensions?.cost as { requestedQueryCost: number }).requestedQueryCost;
    expect(cheapCost).toBe(7);
    expect(available(cheap)).toBe(0);

    // Points flow back continuously at 20/s: 1.5 s later, 30 points are one short of 31.
    now += 1500;
    const notYet = await post(t, { query: COSTS_31 });
    expect(notYet.status).toBe(429);
    expect(available(notYet)).toBe(30);
    now += 100;
    const again = await post(t, { query: COSTS_31 });
    expect(again.status).toBe(200);
    expect(again.errors).toBeUndefined();
    // Refilled drop by drop (32 − 31), not reset to a full bucket.
    expect(available(again)).toBe(1);
  });

  it('keeps a separate bucket for each token subject', async () => {
    const alice = await t.token({ sub: 'alice', roles: [Role.COORDINATOR] });
    const bob = await t.token({ sub: 'bob', roles: [Role.COORDINATOR] });
    expect((await post(t, { query: COSTS_100 }, alice)).errors).toBeUndefined();
    const aliceAgain = await post(t, { query: COSTS_100 }, alice);
    expect(firstError(aliceAgain)?.extensions?.code).toBe('RATE_LIMITED');
    const bobsTurn = await post(t, { query: COSTS_100 }, bob);
    expect(bobsTurn.errors).toBeUndefined();
    expect(bobsTurn.extensions?.cost).toMatchObject({
      requestedQueryCost: 100,
      throttleStatus: { currentlyAvailable: 0 },
    });
    const [bobOnSocket] = await ws(t, bob).run({ query: COSTS_100 });
    expect(firstError(bobOnSocket)?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('tells anonymous clients apart by address, through a trusted proxy, on both transports', async () => {
    const first = { 'x-forwarded-for': '203.0.113.5' };
    const second = { 'x-forwarded-for': '198.51.100.7, 203.0.113.6' };
    expect((await post(t, { query: COSTS_100 }, undefined, first)).errors).toBeUndefined();
    const again = await post(t, { query: COSTS_100 }, undefined, first);
    expect(firstError(again)?.extensions?.code).toBe('RATE_LIMITED');
    const [sameClientOnSocket] = await ws(t, undefined, first).run({ query: COSTS_100 });
    expect(firstError(sameClientOnSocket)?.extensions?.code).toBe('RATE_LIMITED');
    // The proxy (loopback) appended the address it saw last: that is the client.
    const other = await post(t, { query: COSTS_100 }, undefined, second);
    expect(other.errors).toBeUndefined();
    const [otherOnSocket] = await ws(t, undefined, { 'x-forwarded-for': '203.0.113.9' }).run({
      query: COSTS_100,
    });
    expect(otherOnSocket.errors).toBeUndefined();
  });
});

describe('in production', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub('limits-production', { NODE_ENV: 'production', DB_STATEMENT_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('hides field suggestions on both transports', async () => {
    const query = '{ actors { nodes { slgu } } }';
    const http = await post(t, { query });
    expect(firstError(http)).toMatchObject({
      message: 'Cannot query field "slgu" on type "Actor".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const [socket] = await ws(t).run({ query });
    expect(firstError(socket)?.message).toBe('Cannot query field "slgu" on type "Actor".');
  });

  it('cancels a statement over DB_STATEMENT_TIMEOUT_MS and answers with a masked error', async () => {
    const rows = await t.hub.db.orm.em.getConnection().execute('show statement_timeout');
    expect(rows).toEqual([{ statement_timeout: '300ms' }]);
    // A lock held elsewhere makes the API's read wait past the timeout.
    const locker = new Client({ connectionString: t.hub.db.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table actor in access exclusive mode');
      const res = await post(t, { query: '{ actors { totalCount nodes { slug } } }' });
      expect(res.errors).toHaveLength(1);
      expect(firstError(res)).toMatchObject({
        message: 'The operation took too long and was cancelled',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(JSON.stringify(res)).not.toMatch(/select|actor"|statement timeout/i);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    const after = await post(t, { query: '{ actors { totalCount } }' });
    expect(after.errors).toBeUndefined();
  });
});

describe('the persisted-query allow-list', () => {
  let t: TestHub;
  let dir: string;
  const registered =
    'query Areas {\n  regions(kind: COLLABORATION_AREA) {\n    nodes {\n      code\n    }\n  }\n}';
  const subscription = 'subscription Published {\n  materialPublished {\n    cursor\n  }\n}';
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vaatu-manifest-'));
    const file = path.join(dir, 'persisted-query-manifest.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [
          { id: sha256(registered), name: 'Areas', type: 'query', body: registered },
          { id: 'published-v1', name: 'Published', type: 'subscription', body: subscription },
        ],
      }),
    );
    t = await startTestHub('limits-allow-list', {
      PERSISTED_QUERIES_ONLY: 'true',
      PERSISTED_QUERIES_FILE: file,
    });
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts registered operations by body, by hash alone and in another layout', async () => {
    const byBody = await post(t, { query: registered });
    expect(byBody.errors).toBeUndefined();
    expect((byBody.data?.regions as { nodes: unknown[] }).nodes).toHaveLength(5);
    const byHash = await post(t, {
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(registered) } },
    });
    expect(byHash.data).toEqual(byBody.data);
    const byGet = await get(t, {
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(registered) } },
    });
    expect(byGet.data).toEqual(byBody.data);
    const reformatted = await post(t, {
      query: 'query Areas { regions(kind: COLLABORATION_AREA) { nodes { code } } }',
    });
    expect(reformatted.data).toEqual(byBody.data);
  });

  it('refuses anything unregistered with FORBIDDEN, on HTTP and on WebSocket', async () => {
    const unregistered = '{ regions(kind: COLLABORATION_AREA) { nodes { code name } } }';
    const res = await post(t, { query: unregistered });
    expect(res.status).toBe(403);
    expect(res.data).toBeUndefined();
    expect(firstError(res)).toMatchObject({
      message: 'Only registered (persisted) operations are accepted by this server',
      extensions: { code: 'FORBIDDEN' },
    });
    // Registering through APQ is not possible either.
    const apq = await post(t, {
      query: unregistered,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(unregistered) } },
    });
    expect(firstError(apq)?.extensions?.code).toBe('FORBIDDEN');
    const unknownHash = await post(t, {
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(unregistered) } },
    });
    expect(firstError(unknownHash)?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const c = ws(t);
    const [refused] = await c.run({ query: unregistered });
    expect(firstError(refused)?.extensions?.code).toBe('FORBIDDEN');
    const [refusedHash] = await c.run({
      query: '',
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(unregistered) } },
    });
    expect(firstError(refusedHash)?.extensions?.code).toBe('FORBIDDEN');
    const [accepted] = await c.run({ query: registered });
    expect(accepted.errors).toBeUndefined();
    const codes = (accepted.data?.regions as { nodes: { code: string }[] }).nodes.map((n) => n.code);
    expect(codes.sort()).toEqual(['HYKS', 'KYS', 'OYS', 'TAYS', 'TYKS']);
  });

  it('accepts a registered subscription over WebSocket by its manifest id alone', async () => {
    const c = ws(t);
    // The server acknowledges an operation only once it has accepted and registered it.
    let acknowledged!: () => void;
    const ack = new Promise<void>((resolve) => (acknowledged = resolve));
    c.client.on('pong', (received, payload) => {
      if (received && payload?.subscribed) acknowledged();
    });
    const errors: unknown[] = [];
    const stop = c.client.subscribe(
      { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: 'published-v1' } } },
      { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined },
    );
    await ack;
    stop();
    expect(errors).toEqual([]);
  });
});
