import { Hub, startHub } from '../../src/app';
import { Role } from '../../src/common/context';
import { silentLogger } from '../../src/common/logger';
import { PublicationStatus } from '../../src/common/enums';
import { loadConfig } from '../../src/config';
import { CACHE_HEADER } from '../../src/graphql/response-cache/response-cache';
import { toGlobalId } from '../../src/common/node';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TEST_JWT_SECRET, TestHub } from '../support/hub';

/*
 * The response cache against a real database and two hub instances on it: hits only while nothing
 * has been written (by this instance, the other one, or plain SQL), never shared between viewers or
 * languages, never for errors or mutations.
 */

let a: TestHub;
let b: Hub;
let bUrl: string;
let offeringId: string;
let editorToken: string;

const SERVICES = `query Services {
  serviceOfferings(first: 50) { nodes { id title version } }
}`;

async function post(
  url: string,
  query: string,
  options: { token?: string; lang?: string; variables?: Record<string, unknown> } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.lang) headers['accept-language'] = options.lang;
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const body = (await res.json()) as {
    data?: { serviceOfferings?: { nodes: { id: string; title: string; version: number }[] } } | null;
    errors?: { extensions?: { code?: string } }[];
    extensions?: { sqlStatements?: number; cost?: { requestedQueryCost: number } };
  };
  return { status: res.status, cache: res.headers.get(CACHE_HEADER), ...body };
}

const titles = (r: Awaited<ReturnType<typeof post>>) =>
  (r.data?.serviceOfferings?.nodes ?? []).map((n) => n.title).sort();

beforeAll(async () => {
  a = await startTestHub('response_cache', { RESPONSE_CACHE_MB: '8' });
  const f = new Fixtures(a.em());
  const actor = await f.actor({ slug: 'cache-school' });
  const offering = await f.offering(actor, { title: { fi: 'Konsultaatio', sv: 'Konsultation' } });
  await f.offering(actor, { title: { fi: 'Luonnos' }, status: PublicationStatus.DRAFT });
  offeringId = toGlobalId('ServiceOffering', offering.id);
  editorToken = await a.token({ actor: 'cache-school', roles: [Role.EDITOR] });
  // A second instance on the same database, as when several run behind a load balancer.
  b = await startHub(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: a.hub.db.url,
      MIGRATE: 'false',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      JWT_SECRET: TEST_JWT_SECRET,
      EXPOSE_SQL_COUNT: 'true',
      DB_POOL_MAX: '3',
      RATE_LIMIT_ENABLED: 'false',
      RESPONSE_CACHE_MB: '8',
    }),
    silentLogger(),
  );
  bUrl = `http://127.0.0.1:${b.port}/graphql`;
});

afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('response cache', () => {
  it('answers a repeated query from the cache with one SQL statement (the version)', async () => {
    const first = await post(a.url, SERVICES);
    const second = await post(a.url, SERVICES);
    expect(first.cache).toBe('miss');
    expect(second.cache).toBe('hit');
    expect(second.data).toEqual(first.data);
    expect(titles(second)).toEqual(['Konsultaatio']);
    expect(first.extensions?.sqlStatements).toBeGreaterThan(1);
    expect(second.extensions?.sqlStatements).toBe(1);
    // The limits still run on hits: the cost is charged and reported.
    expect(second.extensions?.cost?.requestedQueryCost).toBe(first.extensions?.cost?.requestedQueryCost);
  });

  it('serves the other instance’s committed mutation on the next read', async () => {
    await post(a.url, SERVICES);
    expect((await post(a.url, SERVICES)).cache).toBe('hit');
    const current = await post(a.url, SERVICES);
    const version = current.data!.serviceOfferings!.nodes.find((n) => n.id === offeringId)!.version;
    const updated = await post(
      bUrl,
      `mutation U($id: ID!, $version: Int!) {
        updateServiceOffering(id: $id, version: $version, input: { title: { fi: "Konsultaatio 2" } }) {
          serviceOffering { title }
        }
      }`,
      { token: editorToken, variables: { id: offeringId, version } },
    );
    expect(updated.errors).toBeUndefined();
    const after = await post(a.url, SERVICES);
    expect(after.cache).toBe('miss');
    expect(titles(after)).toEqual(['Konsultaatio 2']);
  });

  it('sees writes made with plain SQL (the triggers, not the ORM)', async () => {
    await post(a.url, SERVICES);
    expect((await post(a.url, SERVICES)).cache).toBe('hit');
    await a
      .em()
      .execute(`update service_offering set title_fi = 'Konsultaatio 3' where title_fi = 'Konsultaatio 2'`);
    const after = await post(a.url, SERVICES);
    expect(after.cache).toBe('miss');
    expect(titles(after)).toEqual(['Konsultaatio 3']);
  });

  it('never shares an answer between viewers or languages', async () => {
    await post(a.url, SERVICES, { token: editorToken });
    const editor = await post(a.url, SERVICES, { token: editorToken });
    expect(editor.cache).toBe('hit');
    expect(titles(editor)).toEqual(['Konsultaatio 3', 'Luonnos']);
    const anonymous = await post(a.url, SERVICES);
    expect(titles(anonymous)).toEqual(['Konsultaatio 3']);

    await post(a.url, SERVICES, { lang: 'sv' });
    const swedish = await post(a.url, SERVICES, { lang: 'sv' });
    expect(swedish.cache).toBe('hit');
    expect(titles(swedish)).toEqual(['Konsultation']);
    expect(titles(await post(a.url, SERVICES, { lang: 'fi' }))).toEqual(['Konsultaatio 3']);
  });

  it('does not keep errors, and leaves mutations alone', async () => {
    const bad = `query { serviceOffering(id: "not-an-id") { id } }`;
    const first = await post(a.url, bad);
    const second = await post(a.url, bad);
    expect(first.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(second.cache).toBe('miss');
    expect(second.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const mutation = await post(
      a.url,
      `mutation { updateServiceOffering(id: "${offeringId}", version: 1, input: {}) { serviceOffering { id } } }`,
    );
    expect(mutation.cache).toBeNull();
    expect(mutation.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('folds piled-up changes into the base without changing the version', async () => {
    await post(a.url, SERVICES);
    expect((await post(a.url, SERVICES)).cache).toBe('hit');
    const em = a.em();
    // Pretend 1,500 transactions were recorded, as part of the version the cached answer has.
    await em.execute(
      `with d as (delete from content_change returning 1)
       update data_version set base = base + (select count(*) from d) - 1500 where name = 'content'`,
    );
    await em.execute(`insert into content_change (txid) select -g from generate_series(1, 1500) g`);
    const afterPile = await post(a.url, SERVICES);
    expect(afterPile.cache).toBe('hit');
    const [{ changes }] = await em.execute<{ changes: number }[]>(
      `select count(*)::int as changes from content_change`,
    );
    expect(changes).toBe(0);
    expect((await post(a.url, SERVICES)).cache).toBe('hit');
  });

  it('has the change trigger on every table the API reads', async () => {
    const rows = await a.em().execute<{ table: string; triggered: boolean }[]>(
      `select c.relname as table,
              exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = c.relname || '_content_change') as triggered
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind in ('r', 'p')`,
    );
    const bookkeeping = [
      'announcement',
      'content_change',
      'data_change',
      'data_version',
      'mikro_orm_migrations',
      // The coverage tallies: derived from offering tables that have the trigger, written in the
      // same transactions, or moved to a new day (a response never outlives its Finnish date).
      'coverage_actor',
      'coverage_change',
      'coverage_dirty',
      'coverage_offering',
      'coverage_state',
      'coverage_tally',
    ];
    const missing = rows.filter((r) => !r.triggered && !bookkeeping.includes(r.table)).map((r) => r.table);
    expect(rows.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});
