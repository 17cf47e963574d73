import { Role } from '../../src/common/context';
import { PublicationStatus } from '../../src/common/enums';
import { fromGlobalId } from '../../src/common/node';
import { Actor } from '../../src/modules/actor/actor.entity';
import { loadDemoData } from '../../src/seed/demo-data';
import { Fixtures } from '../support/fixtures';
import { hsdsSchemas } from '../support/hsds-schemas';
import { startTestHub, TestHub } from '../support/hub';

/*
 * The HSDS 3.0 API over the whole demo data set: every answer validates against Open Referral's
 * own compiled schemas (ajv), the services are exactly the published offerings in force that
 * GraphQL lists, contacts reach signed-in staff only, and bad input is a JSON 4xx.
 */

let t: TestHub;
let base: string;
let staff: string;
const schemas = hsdsSchemas();

interface Page<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}
type Json = Record<string, unknown>;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Json };
}

/** Every item of a paged HSDS list, each page validated against the schema of its items. */
async function all(
  path: string,
  item: 'service_list' | 'service' | 'organization_list' | 'organization',
  headers = {},
) {
  const items: Json[] = [];
  for (let page = 1; ; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await get(`${path}${sep}page=${page}&per_page=7`, headers);
    expect(res.status).toBe(200);
    expect(schemas.checkPage(item, res.body)).toBeNull();
    const body = res.body as unknown as Page<Json>;
    expect(body.page_number).toBe(page);
    items.push(...body.contents);
    if (body.last_page) {
      expect(items).toHaveLength(body.total_items);
      return items;
    }
  }
}

beforeAll(async () => {
  t = await startTestHub('hsds');
  base = t.url.replace(/\/graphql$/, '');
  await loadDemoData(t.em());
  const em = t.em();
  const f = new Fixtures(em);
  const valteri = await em.findOneOrFail(Actor, { slug: 'valteri' });
  // Neither a draft nor an expired offering is open data.
  await f.offering(valteri, { title: { fi: 'Luonnospalvelu' }, status: PublicationStatus.DRAFT });
  const expired = await f.offering(valteri, { title: { fi: 'Päättynyt palvelu' } });
  expired.validUntil = '2020-01-01';
  await em.flush();
  staff = await t.token({ actor: 'valteri', roles: [Role.EDITOR] });
});

afterAll(() => t.stop());

test('the validator itself refuses what HSDS forbids (nulls, missing required fields, bad ids)', () => {
  const ok = { id: '3f7b145d-84af-42d7-8fae-eaca714b02b2', name: 'x', status: 'active' };
  expect(schemas.check('service', ok)).toBeNull();
  expect(schemas.check('service', { ...ok, id: 'x' })).toMatch(/uuid/);
  expect(schemas.check('service', { ...ok, description: null })).toMatch(/string/);
  expect(schemas.check('service', { id: ok.id, name: 'x' })).toMatch(/status/);
  expect(schemas.check('organization', { id: ok.id, name: 'x' })).toMatch(/description/);
});

test('GET /hsds/ tells the HSDS version and where the API is described', async () => {
  const res = await get('/hsds/');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toMatchObject({ version: '3.0', openapi_url: expect.stringMatching(/openapi\.json$/) });
  expect(() => new URL(res.body.profile as string)).not.toThrow();
});

test('the services are the published offerings in force, each valid against service.json', async () => {
  const gql = await t.request<
    { serviceOfferings: { totalCount: number; nodes: { id: string; title: string }[] } },
    object
  >(`{ serviceOfferings(filter: { status: [PUBLISHED] }, first: 100) { totalCount nodes { id title } } }`);
  const expected = gql.data!.serviceOfferings.nodes.map((n) => fromGlobalId(n.id)!.id).sort();
  expect(expected.length).toBeGreaterThan(10);

  const list = await all('/hsds/services', 'service_list');
  expect(list.map((s) => s.id).sort()).toEqual(expected);
  expect(list.map((s) => s.name)).not.toContain('Luonnospalvelu');
  expect(list.map((s) => s.name)).not.toContain('Päättynyt palvelu');

  const full = await all('/hsds/services?full=true', 'service');
  expect(full.map((s) => s.id).sort()).toEqual(expected);
  for (const s of full) {
    const one = await get(`/hsds/services/${String(s.id)}`);
    expect(one.status).toBe(200);
    expect(schemas.check('service', one.body)).toBeNull();
    expect(one.body).toEqual(s);
    expect((s.service_areas as unknown[]).length + (s.attributes as unknown[]).length).toBeGreaterThan(0);
    expect(s.status).toBe('active');
  }
});

test('regions become service areas and taxonomy links in the language asked for', async () => {
  const list = (await get('/hsds/services?full=true&per_page=100&lang=sv')).body as unknown as Page<Json>;
  const valteriConsultation = list.contents.find((s) =>
    (s.attributes as { taxonomy_term: { code: string } }[]).some(
      (a) => a.taxonomy_term.code === 'CONSULTATION',
    ),
  )!;
  expect(valteriConsultation).toBeDefined();
  const attribute = (valteriConsultation.attributes as Json[]).find(
    (a) => (a.taxonomy_term as Json).code === 'CONSULTATION',
  )!;
  expect(attribute).toMatchObject({
    link_type: 'service_category',
    link_entity: 'service',
    link_id: valteriConsultation.id,
    taxonomy_term: { name: 'Konsultation och handledning', language: 'sv' },
  });
  const areas = list.contents.flatMap((s) => s.service_areas as { name: string }[]);
  expect(areas.map((a) => a.name)).toContain('Norra Savolax välfärdsområde');
  // Ids of derived rows are stable from one answer to the next.
  const again = (await get('/hsds/services?full=true&per_page=100&lang=sv')).body as unknown as Page<Json>;
  expect(again.contents).toEqual(list.contents);
});

test('filters: taxonomy term, taxonomy, organization, search, modified_after (cumulative)', async () => {
  const terms = (await get('/hsds/taxonomy_terms?per_page=100')).body as unknown as Page<Json>;
  const consultation = terms.contents.find((x) => x.code === 'CONSULTATION')!;
  const placed = terms.contents.find((x) => x.code === 'PLACED_CHILDREN')!;

  const byTerm = await all(`/hsds/services?full=true&taxonomy_term_id=${String(consultation.id)}`, 'service');
  expect(byTerm.length).toBeGreaterThan(0);
  for (const s of byTerm) {
    expect((s.attributes as Json[]).map((a) => a.taxonomy_term_id)).toContain(consultation.id);
  }
  const byTaxonomy = await all(
    `/hsds/services?full=true&taxonomy_id=${String(placed.taxonomy_id)}`,
    'service',
  );
  for (const s of byTaxonomy) {
    expect((s.attributes as Json[]).some((a) => a.link_type === 'support_need')).toBe(true);
  }
  const gql = await t.request<{ actor: { id: string; services: { totalCount: number } } }, object>(
    `{ actor(slug: "valteri") { id services(filter: { status: [PUBLISHED] }) { totalCount } } }`,
  );
  const valteriId = fromGlobalId(gql.data!.actor.id)!.id;
  const byOrganization = await all(`/hsds/services?organization_id=${valteriId}`, 'service_list');
  expect(byOrganization).toHaveLength(gql.data!.actor.services.totalCount);
  expect(new Set(byOrganization.map((s) => s.organization_id))).toEqual(new Set([valteriId]));

  const both = await all(
    `/hsds/services?organization_id=${valteriId}&taxonomy_term_id=${String(consultation.id)}`,
    'service_list',
  );
  expect(both.length).toBeLessThan(byOrganization.length);

  const searched = await all('/hsds/services?search=konsultaatio', 'service_list');
  expect(searched.length).toBeGreaterThan(0);
  expect(searched.length).toBeLessThan(byOrganization.length + byTerm.length + 50);

  expect((await get('/hsds/services?modified_after=2999-01-01')).body).toMatchObject({
    total_items: 0,
    empty: true,
  });
  const recent = (await get('/hsds/services?modified_after=2000-01-01T00:00:00Z&per_page=1')).body;
  expect(recent.total_items).toBeGreaterThan(10);
});

test('organizations: every actor, units with their parent, valid against organization.json', async () => {
  const list = await all('/hsds/organizations', 'organization_list');
  const gql = await t.request<{ actors: { totalCount: number } }, object>('{ actors { totalCount } }');
  expect(list).toHaveLength(gql.data!.actors.totalCount);
  const valteri = list.find((o) => o.name === 'Oppimis- ja ohjauskeskus Valteri')!;
  const onerva = list.find((o) => o.name === 'Valteri Onerva')!;
  expect(onerva.parent_organization_id).toBe(valteri.id);

  for (const o of list) {
    const one = await get(`/hsds/organizations/${String(o.id)}?full_service=true`);
    expect(one.status).toBe(200);
    expect(schemas.check('organization', one.body)).toBeNull();
    for (const s of one.body.services as Json[]) expect(s.organization_id).toBe(o.id);
  }
  const full = await all('/hsds/organizations?full=true', 'organization');
  expect(full).toHaveLength(list.length);
});

test('contacts (personal data) reach signed-in staff only', async () => {
  const anonymous = [
    (await get('/hsds/organizations?full_service=true&per_page=100')).text,
    (await get('/hsds/services?full=true&per_page=100')).text,
  ].join('\n');
  expect(anonymous).not.toContain('"contacts"');
  expect(anonymous).not.toContain('@example.org');
  expect(anonymous).not.toContain('Demo Yhteyshenkilö');
  expect(anonymous).not.toContain('+358');

  const auth = { authorization: `Bearer ${staff}` };
  const orgs = await all('/hsds/organizations?full=true', 'organization', auth);
  const valteri = orgs.find((o) => o.name === 'Oppimis- ja ohjauskeskus Valteri')!;
  const contacts = valteri.contacts as Json[];
  expect(contacts.map((c) => c.name)).toContain('Demo Yhteyshenkilö');
  expect(contacts.find((c) => c.name === 'Demo Yhteyshenkilö')).toMatchObject({
    email: 'yhteys@example.org',
    organization_id: valteri.id,
    phones: [{ number: '+358 29 000 0000' }],
  });
  const services = await all('/hsds/services?full=true', 'service', auth);
  expect(services.some((s) => (s.contacts as Json[] | undefined)?.[0]?.name === 'Demo Yhteyshenkilö')).toBe(
    true,
  );
  // Signed-in staff still get open data only: no drafts.
  expect(services.map((s) => s.name)).not.toContain('Luonnospalvelu');
});

test('taxonomies and their terms: three named taxonomies with stable ids', async () => {
  const taxonomies = (await get('/hsds/taxonomies')).body as unknown as Page<Json>;
  expect(schemas.checkPage('taxonomy', taxonomies)).toBeNull();
  expect(taxonomies.total_items).toBe(3);
  const terms = (await get('/hsds/taxonomy_terms?per_page=100')).body as unknown as Page<Json>;
  expect(schemas.checkPage('taxonomy_term', terms)).toBeNull();
  const gql = await t.request<
    { serviceCategories: unknown[]; supportNeeds: unknown[]; ageGroups: unknown[] },
    object
  >('{ serviceCategories { code } supportNeeds { code } ageGroups { code } }');
  const d = gql.data!;
  expect(terms.total_items).toBe(d.serviceCategories.length + d.supportNeeds.length + d.ageGroups.length);
  for (const tax of taxonomies.contents) {
    const one = await get(`/hsds/taxonomies/${String(tax.id)}`);
    expect(schemas.check('taxonomy', one.body)).toBeNull();
    const inIt = (await get(`/hsds/taxonomy_terms?per_page=100&taxonomy_id=${String(tax.id)}`)).body;
    expect((inIt.contents as Json[]).every((x) => x.taxonomy_id === tax.id)).toBe(true);
  }
  const term = terms.contents[0];
  const one = await get(`/hsds/taxonomy_terms/${String(term.id)}?lang=en`);
  expect(schemas.check('taxonomy_term', one.body)).toBeNull();
  expect(one.body).toMatchObject({
    id: term.id,
    code: term.code,
    language: 'en',
    taxonomy_detail: { id: term.taxonomy_id },
  });
  expect((await get(`/hsds/taxonomy_terms?parent_id=${String(term.id)}`)).body.total_items).toBe(0);
});

test('paging: Page fields, a page past the end is empty', async () => {
  const first = (await get('/hsds/services?per_page=5')).body as unknown as Page<Json>;
  expect(first).toMatchObject({ page_number: 1, size: 5, first_page: true, last_page: false, empty: false });
  expect(first.total_pages).toBe(Math.ceil(first.total_items / 5));
  const past = (await get(`/hsds/services?per_page=5&page=${first.total_pages + 1}`)).body;
  expect(past).toMatchObject({ size: 0, empty: true, last_page: true, first_page: false, contents: [] });
});

test('bad input is a JSON 4xx naming the parameter', async () => {
  const cases: [string, number, string[] | null][] = [
    ['/hsds/services?page=0', 400, ['page']],
    ['/hsds/services?page=abc', 400, ['page']],
    ['/hsds/services?per_page=101', 400, ['per_page']],
    ['/hsds/services?per_page=-1', 400, ['per_page']],
    ['/hsds/services?page=1&page=2', 400, ['page']],
    ['/hsds/services?perpage=5', 400, ['perpage']],
    ['/hsds/services?format=ndjson', 400, ['format']],
    ['/hsds/services?full=yes', 400, ['full']],
    ['/hsds/services?modified_after=yesterday', 400, ['modified_after']],
    ['/hsds/services?taxonomy_term_id=not-a-uuid', 400, ['taxonomy_term_id']],
    [`/hsds/services?taxonomy_term_id=00000000-0000-4000-8000-000000000000`, 400, ['taxonomy_term_id']],
    ['/hsds/services?lang=de', 400, ['lang']],
    [`/hsds/services?search=${'x'.repeat(201)}`, 400, ['search']],
    ['/hsds/services?search=%00', 400, ['search']],
    ['/hsds/services/123', 400, ['id']],
    ['/hsds/services/00000000-0000-4000-8000-000000000000', 404, null],
    ['/hsds/organizations/00000000-0000-4000-8000-000000000000', 404, null],
    ['/hsds/taxonomies/00000000-0000-4000-8000-000000000000', 404, null],
    ['/hsds/taxonomy_terms/00000000-0000-4000-8000-000000000000', 404, null],
    ['/hsds/service_at_locations', 404, null],
  ];
  for (const [path, status, fields] of cases) {
    const res = await get(path);
    expect({ path, status: res.status }).toEqual({ path, status });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const error = (res.body.errors as { message: string; extensions: Json }[])[0];
    expect(error.extensions.code).toBe(status === 400 ? 'BAD_USER_INPUT' : 'NOT_FOUND');
    if (fields) expect(error.extensions.fields).toEqual(fields);
    expect(error.message).not.toMatch(/select|postgres|mikro|knex|zod|at .*\.ts/i);
  }
  const draft = await t.request<{ serviceOfferings: { nodes: { id: string }[] } }, object>(
    '{ serviceOfferings(filter: { search: "Luonnospalvelu", validity: ANY }) { nodes { id } } }',
    undefined,
    { token: staff },
  );
  const draftId = fromGlobalId(draft.data!.serviceOfferings.nodes[0].id)!.id;
  expect((await get(`/hsds/services/${draftId}`, { authorization: `Bearer ${staff}` })).status).toBe(404);
  const post = await fetch(`${base}/hsds/services`, { method: 'POST' });
  expect(post.status).toBe(405);
  expect(post.headers.get('allow')).toBe('GET, HEAD');
  const badToken = await get('/hsds/services', { authorization: 'Bearer nonsense' });
  expect(badToken.status).toBe(401);
});

test('ETag and Last-Modified: 304 until something is written', async () => {
  const first = await fetch(`${base}/hsds/services?per_page=3`);
  const etag = first.headers.get('etag')!;
  const lastModified = first.headers.get('last-modified')!;
  expect(etag).toMatch(/^"[\w-]+"$/);
  expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
  expect(
    (await fetch(`${base}/hsds/services?per_page=3`, { headers: { 'if-none-match': etag } })).status,
  ).toBe(304);
  expect(
    (await fetch(`${base}/hsds/services?per_page=3`, { headers: { 'if-modified-since': lastModified } }))
      .status,
  ).toBe(304);
  // Another language is another answer.
  expect(
    (await fetch(`${base}/hsds/services?per_page=3&lang=sv`, { headers: { 'if-none-match': etag } })).status,
  ).toBe(200);
  const em = t.em();
  const valteri = await em.findOneOrFail(Actor, { slug: 'valteri' });
  await new Fixtures(em).offering(valteri, { title: { fi: 'Uusi palvelu' } });
  const after = await fetch(`${base}/hsds/services?per_page=3`, { headers: { 'if-none-match': etag } });
  expect(after.status).toBe(200);
  expect(after.headers.get('etag')).not.toBe(etag);
});
