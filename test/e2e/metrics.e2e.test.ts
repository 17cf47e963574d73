import { Client } from 'pg';
import { Role } from '../../src/common/context';
import { PublicationStatus } from '../../src/common/enums';
import { toGlobalId } from '../../src/common/node';
import { MaterialPublishedDocument, PublishSharedMaterialDocument } from '../support/generated/graphql';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';
import { freePort } from '../support/process';
import { connectWs } from '../support/ws';

/** Prometheus metrics at /metrics: each named metric is there and moves with what it counts. */
let t: TestHub;
let origin: string;

beforeAll(async () => {
  t = await startTestHub('metrics', {
    RESPONSE_CACHE_MB: '8',
    RATE_LIMIT_ENABLED: 'true',
    MAX_QUERY_COST: '100',
    RATE_LIMIT_POINTS: '100',
    RATE_LIMIT_RESTORE_RATE: '0.001',
    ANNOUNCE_POLL_MS: '60000',
  });
  origin = new URL(t.url).origin;
});

afterAll(() => t.stop());

async function scrape(base = origin): Promise<string> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

/** A sample's value (0 when the series is not there yet). */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

async function sql(text: string, params: unknown[] = []): Promise<void> {
  const pg = new Client({ connectionString: t.hub.db.url });
  await pg.connect();
  try {
    await pg.query(text, params);
  } finally {
    await pg.end();
  }
}

it("has Node's default metrics and the event-loop delay", async () => {
  const text = await scrape();
  expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
  expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
  expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
});

it('times requests by operation and outcome, counts errors by code, cache hits and misses, pool use', async () => {
  const before = await scrape();
  const query = 'query RegionCount { regions(first: 1) { totalCount } }';
  expect((await t.request(query)).errors).toBeUndefined();
  expect((await t.request(query)).errors).toBeUndefined();
  expect((await t.request('query Bad { nope }')).errors?.[0].extensions?.code).toBe(
    'GRAPHQL_VALIDATION_FAILED',
  );
  const after = await scrape();

  const ok = { route: '/graphql', operation: 'RegionCount', outcome: 'ok' };
  expect(value(after, 'vaatu_http_request_duration_seconds_count', ok)).toBe(
    value(before, 'vaatu_http_request_duration_seconds_count', ok) + 2,
  );
  const bad = { route: '/graphql', outcome: 'error' };
  expect(value(after, 'vaatu_http_request_duration_seconds_count', bad)).toBeGreaterThan(
    value(before, 'vaatu_http_request_duration_seconds_count', bad),
  );
  const validation = { code: 'GRAPHQL_VALIDATION_FAILED', transport: 'http' };
  expect(value(after, 'vaatu_graphql_errors_total', validation)).toBe(
    value(before, 'vaatu_graphql_errors_total', validation) + 1,
  );
  for (const result of ['hit', 'miss']) {
    expect(value(after, 'vaatu_response_cache_requests_total', { result })).toBe(
      value(before, 'vaatu_response_cache_requests_total', { result }) + 1,
    );
  }
  expect(value(after, 'vaatu_db_pool_acquire_seconds_count')).toBeGreaterThan(
    value(before, 'vaatu_db_pool_acquire_seconds_count'),
  );
  expect(after).toMatch(/^vaatu_db_pool_connections\{state="used"\} \d/m);
  expect(after).toMatch(/^vaatu_db_pool_connections\{state="free"\} [1-9]/m);
  expect(after).toMatch(/^vaatu_db_pool_connections\{state="pending"\} 0/m);
});

it('counts budget refusals', async () => {
  const before = value(await scrape(), 'vaatu_budget_refusals_total', { transport: 'http' });
  let status = 200;
  for (let i = 0; i < 10 && status !== 429; i++) {
    status = (await t.request('{ actors(first: 40) { nodes { slug } } }')).status;
  }
  expect(status).toBe(429);
  const after = await scrape();
  expect(value(after, 'vaatu_budget_refusals_total', { transport: 'http' })).toBe(before + 1);
  expect(
    value(after, 'vaatu_graphql_errors_total', { code: 'RATE_LIMITED', transport: 'http' }),
  ).toBeGreaterThan(0);
});

it('counts open sockets and subscriptions, the announcement delay and the outbox backlog', async () => {
  const em = t.em();
  const f = new Fixtures(em);
  const publisher = await f.actor({ slug: 'metrics-publisher' });
  const material = await f.material(publisher, { status: PublicationStatus.DRAFT, title: 'Mittari' });
  await em.flush();
  const token = await t.token({ roles: [Role.COORDINATOR] });
  const before = await scrape();

  const ws = connectWs(t.url);
  const sub = ws.subscribe(MaterialPublishedDocument, {});
  await sub.ready;
  const open = await scrape();
  expect(value(open, 'vaatu_websocket_connections')).toBe(value(before, 'vaatu_websocket_connections') + 1);
  expect(value(open, 'vaatu_subscriptions_active')).toBe(value(before, 'vaatu_subscriptions_active') + 1);

  await t.request(
    PublishSharedMaterialDocument,
    { id: toGlobalId('SharedMaterial', material.id), version: material.version },
    { token },
  );
  await sub.waitFor(1);
  const delivered = await scrape();
  expect(value(delivered, 'vaatu_announcement_delay_seconds_count')).toBe(
    value(before, 'vaatu_announcement_delay_seconds_count') + 1,
  );

  await ws.dispose();
  const deadline = Date.now() + 10_000;
  while (
    value(await scrape(), 'vaatu_websocket_connections') !== value(before, 'vaatu_websocket_connections')
  ) {
    if (Date.now() > deadline) throw new Error('the socket was not counted as closed');
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(value(await scrape(), 'vaatu_subscriptions_active')).toBe(
    value(before, 'vaatu_subscriptions_active'),
  );

  // Committed without a NOTIFY, and the hub polls once a minute here: one announcement waits.
  await sql(
    "insert into announcement (topic, change, entity_id) values ('MATERIAL_PUBLISHED', 'PUBLISHED', $1)",
    [material.id],
  );
  expect(value(await scrape(), 'vaatu_outbox_backlog')).toBe(1);
  t.hub.announcements.poke();
  const drained = Date.now() + 10_000;
  while (value(await scrape(), 'vaatu_outbox_backlog') !== 0) {
    if (Date.now() > drained) throw new Error('the backlog was not read');
    await new Promise((r) => setTimeout(r, 50));
  }
});

it('serves /metrics on METRICS_PORT only, when set', async () => {
  const port = await freePort();
  const other = await startTestHub('metrics-port', { METRICS_PORT: String(port) });
  try {
    expect(other.hub.metricsPort).toBe(port);
    const main = await fetch(`${new URL(other.url).origin}/metrics`);
    expect(main.status).toBe(404);
    expect(await scrape(`http://127.0.0.1:${port}`)).toMatch(/^vaatu_websocket_connections 0/m);
    const elsewhere = await fetch(`http://127.0.0.1:${port}/graphql`);
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  } finally {
    await other.stop();
  }
});
