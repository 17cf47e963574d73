import fc from 'fast-check';
import { Role } from '../../src/common/context';
import { loadDemoData } from '../../src/seed/demo-data';
import { nastyString } from '../support/graphql-arbitraries';
import { startTestHub, TestHub } from '../support/hub';

/*
 * Query strings generated with fast-check against every open-data route: the parameters each
 * route takes (and others), with good, hostile and broken values, raw percent-escapes and
 * repeated keys. Every answer is 200/304 with the route's own type, or a JSON 4xx with a code:
 * never a 5xx, never a hang, never internals. FUZZ_RUNS and FUZZ_SEED as in fuzz.e2e.test.ts.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 19);

const ROUTES: Record<string, { type: RegExp; params: string[] }> = {
  '/hsds/': { type: /^application\/json/, params: ['lang'] },
  '/hsds/services': {
    type: /^application\/json/,
    params: [
      'page',
      'per_page',
      'search',
      'taxonomy_term_id',
      'taxonomy_id',
      'organization_id',
      'modified_after',
      'full',
      'format',
      'lang',
    ],
  },
  '/hsds/services/00000000-0000-4000-8000-000000000000': { type: /^application\/json/, params: ['lang'] },
  '/hsds/organizations': {
    type: /^application\/json/,
    params: ['page', 'per_page', 'search', 'full', 'full_service', 'lang'],
  },
  '/hsds/taxonomy_terms': {
    type: /^application\/json/,
    params: ['page', 'per_page', 'search', 'taxonomy_id', 'top_only', 'parent_id'],
  },
  '/export/service-offerings.csv': {
    type: /^text\/csv/,
    params: [
      'regionCodes',
      'regionMatch',
      'categoryCodes',
      'ageGroups',
      'actorKinds',
      'actorIds',
      'validity',
      'search',
      'first',
      'after',
      'orderBy',
      'direction',
      'delimiter',
      'lang',
      'status',
      'costs',
    ],
  },
  '/export/coverage.csv': {
    type: /^text\/csv/,
    params: [
      'level',
      'regionCodes',
      'categoryCodes',
      'regionMatch',
      'validity',
      'ageGroups',
      'vaatu',
      'delimiter',
      'lang',
    ],
  },
  '/calendar.ics': {
    type: /^text\/calendar/,
    params: ['region', 'regionMatch', 'kind', 'initiative', 'lang'],
  },
  '/feeds/materials.atom': {
    type: /^application\/atom\+xml/,
    params: ['region', 'regionMatch', 'kind', 'publisher', 'lang'],
  },
};

/** Values that are right somewhere, so that the fuzzer also reaches the reads behind the checks. */
const GOOD = [
  '1',
  '2',
  '0',
  '-1',
  '100',
  '101',
  '1000000',
  '99999999999',
  'true',
  'false',
  'fi',
  'SV',
  'en',
  'de',
  '13',
  'KYS',
  '13,14',
  'NOPE',
  'CONSULTATION',
  'FAMILY_SUPPORT,ASSESSMENT',
  'PRIMARY',
  'WEBINAR',
  'VIDEO',
  'SERVES',
  'EXACT',
  'ANY',
  'EXPIRED',
  'WELLBEING_COUNTY',
  'MUNICIPALITY',
  'TITLE',
  'DESC',
  ';',
  'tab',
  'json',
  'ndjson',
  '2026-01-01',
  '2026-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01',
  '00000000-0000-4000-8000-000000000000',
  'valteri',
  'QWN0b3I6MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAw',
  'koulu',
  '"konsultaatio" -aikuiset',
  'a'.repeat(300),
];

/** Raw pieces of a query string that no encoder would write. */
const RAW = [
  '%',
  '%zz',
  '%FF%FE',
  '%C3%28',
  '%00',
  '%ED%A0%80',
  '&&',
  '==',
  '=&=',
  '[]=1',
  'a[b]=1',
  '+',
  '%2C%2C',
];

function encode(text: string): string {
  // Lone surrogates have no UTF-8 form: send what a careless client would.
  return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, (c) => `%${c.charCodeAt(0).toString(16)}`));
}

let t: TestHub;
let base: string;
let token: string;

beforeAll(async () => {
  t = await startTestHub('open_data_fuzz');
  base = t.url.replace(/\/graphql$/, '');
  await loadDemoData(t.em());
  token = await t.token({ actor: 'valteri', roles: [Role.EDITOR] });
});

afterAll(() => t.stop());

test('any query string on any open-data route: the route’s answer or a JSON 4xx, never a 5xx', async () => {
  const route = fc.constantFrom(...Object.keys(ROUTES));
  const value = fc.oneof(
    { arbitrary: fc.constantFrom(...GOOD), weight: 4 },
    { arbitrary: nastyString, weight: 2 },
    { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
  );
  const piece = (path: string) =>
    fc.oneof(
      {
        arbitrary: fc
          .tuple(fc.constantFrom(...ROUTES[path].params), value)
          .map(([k, v]) => `${k}=${encode(v)}`),
        weight: 6,
      },
      { arbitrary: fc.tuple(nastyString, value).map(([k, v]) => `${encode(k)}=${encode(v)}`), weight: 1 },
      { arbitrary: fc.constantFrom(...RAW), weight: 1 },
    );
  const request = route.chain((path) =>
    fc.record({
      path: fc.constant(path),
      query: fc.array(piece(path), { maxLength: 5 }),
      staff: fc.boolean(),
    }),
  );
  await fc.assert(
    fc.asyncProperty(request, async ({ path, query, staff }) => {
      const url = `${base}${path}${query.length ? `?${query.join('&')}` : ''}`;
      const res = await fetch(url, { headers: staff ? { authorization: `Bearer ${token}` } : {} });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      if (res.status === 200) {
        expect(type).toMatch(ROUTES[path].type);
        return;
      }
      expect([400, 404]).toContain(res.status);
      expect(type).toMatch(/^application\/json/);
      const body = JSON.parse(text) as { errors: { message: string; extensions: { code: string } }[] };
      expect(['BAD_USER_INPUT', 'BAD_REQUEST', 'NOT_FOUND']).toContain(body.errors[0].extensions.code);
      expect(body.errors[0].message).not.toMatch(/select |postgres|mikro|knex|zod|stack|\.ts:\d/i);
    }),
    { numRuns: RUNS, seed: SEED },
  );
}, 300_000);
