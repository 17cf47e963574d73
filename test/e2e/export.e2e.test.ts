import { parse } from 'csv-parse/sync';
import { Role } from '../../src/common/context';
import { PublicationStatus } from '../../src/common/enums';
import { Actor } from '../../src/modules/actor/actor.entity';
import { loadDemoData } from '../../src/seed/demo-data';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';
import { expectBadParameters } from '../support/open-data';

/*
 * CSV exports for analysts, parsed back with a real CSV parser and compared with what the GraphQL
 * queries return to the same viewer with the same filter.
 */

let t: TestHub;
let base: string;
let editor: string;
let coordinator: string;

type Row = Record<string, string>;

async function csv(path: string, token?: string, delimiter = ',') {
  const res = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  const rows =
    res.status === 200
      ? (parse(text, { bom: true, columns: true, delimiter, record_delimiter: '\r\n' }) as Row[])
      : [];
  return { res, bytes, text, rows };
}

interface Offering {
  id: string;
  title: string;
  status: string;
  actor: { slug: string };
  categories: { code: string }[];
  regions: { code: string }[];
  ageGroups: string[];
  validUntil: string | null;
  contact: { email: string | null } | null;
}

async function gqlOfferings(filter: object, token?: string, first = 100, after?: string) {
  const res = await t.request<
    { serviceOfferings: { totalCount: number; nodes: Offering[]; pageInfo: { endCursor: string } } },
    object
  >(
    `query($filter: ServiceOfferingFilter, $first: Int, $after: String) {
      serviceOfferings(filter: $filter, first: $first, after: $after) {
        totalCount pageInfo { endCursor }
        nodes { id title status actor { slug } categories { code } regions { code } ageGroups validUntil
          contact { email } }
      }
    }`,
    { filter, first, after },
    { token },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.serviceOfferings;
}

/** The language-neutral columns of a row, as GraphQL gives them. */
function neutral(o: Offering) {
  return {
    id: o.id,
    actor: o.actor.slug,
    categories: o.categories.map((c) => c.code).join(','),
    regions: o.regions.map((r) => r.code).join(','),
    ageGroups: o.ageGroups.join(','),
    validUntil: o.validUntil ?? '',
  };
}

function neutralRow(r: Row, lang: 'fi' | 'en' = 'fi') {
  return lang === 'fi'
    ? {
        id: r.id,
        actor: r['Toimijan tunnus'],
        categories: r['Palveluluokkien koodit'],
        regions: r.Aluekoodit,
        ageGroups: r['Ikäryhmien koodit'],
        validUntil: r['Voimassa asti'],
      }
    : {
        id: r.id,
        actor: r['Actor slug'],
        categories: r['Category codes'],
        regions: r['Region codes'],
        ageGroups: r['Age group codes'],
        validUntil: r['Valid until'],
      };
}

beforeAll(async () => {
  t = await startTestHub('export');
  base = t.url.replace(/\/graphql$/, '');
  await loadDemoData(t.em());
  const em = t.em();
  const valteri = await em.findOneOrFail(Actor, { slug: 'valteri' });
  const f = new Fixtures(em);
  await f.offering(valteri, { title: { fi: 'Valterin luonnos' }, status: PublicationStatus.DRAFT });
  await f.offering(valteri, {
    title: { fi: '=HYPERLINK("https://example.org","klikkaa")' },
    regionCodes: ['13'],
  });
  editor = await t.token({ actor: 'valteri', roles: [Role.EDITOR] });
  coordinator = await t.token({ roles: [Role.COORDINATOR] });
});

afterAll(() => t.stop());

test('service-offerings.csv: RFC 4180 in UTF-8 with a BOM, a download, rows equal to the GraphQL list', async () => {
  const { res, bytes, text, rows } = await csv('/export/service-offerings.csv');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="service-offerings.csv"');
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(text.split('\r\n').length).toBeGreaterThan(rows.length);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/(?<!")\n(?!")/); // records end in CRLF

  const gql = await gqlOfferings({});
  expect(rows.map((r) => neutralRow(r))).toEqual(gql.nodes.map(neutral));
  expect(rows.map((r) => r.Nimi)).toEqual(
    gql.nodes.map((o) => (o.title.startsWith('=') ? `'${o.title}` : o.title)),
  );
  expect(res.headers.get('x-total-count')).toBe(String(gql.totalCount));
  expect(rows.map((r) => r.Nimi)).not.toContain('Valterin luonnos');
  // Localised values: the cost and the status in Finnish, no personal data for anonymous readers.
  expect(new Set(rows.map((r) => r.Tila))).toEqual(new Set(['Julkaistu']));
  expect(Object.keys(rows[0])).not.toContain('Sähköposti');
  expect(text).not.toContain('@example.org');
});

test('a cell that Excel would run as a formula is written as text', async () => {
  const { rows } = await csv('/export/service-offerings.csv?search=HYPERLINK');
  expect(rows.map((r) => r.Nimi)).toContain('\'=HYPERLINK("https://example.org","klikkaa")');
});

test('filters, order and language as query parameters, with the same rows as GraphQL', async () => {
  const filter = {
    regionCodes: ['13'],
    categoryCodes: ['CONSULTATION', 'FAMILY_SUPPORT'],
    actorKinds: ['VALTERI', 'WELLBEING_SERVICES_COUNTY', 'MUNICIPALITY'],
    validity: 'ANY',
  };
  const { rows } = await csv(
    '/export/service-offerings.csv?regionCodes=13&categoryCodes=CONSULTATION,FAMILY_SUPPORT' +
      '&actorKinds=valteri,WELLBEING_SERVICES_COUNTY,MUNICIPALITY&validity=ANY&lang=en&delimiter=;',
    undefined,
    ';',
  );
  const gql = await gqlOfferings(filter);
  expect(gql.nodes.length).toBeGreaterThan(2);
  expect(rows.map((r) => neutralRow(r, 'en'))).toEqual(gql.nodes.map(neutral));
  expect(Object.keys(rows[0]).slice(0, 3)).toEqual(['id', 'Title', 'Description']);

  const sv = await csv('/export/service-offerings.csv?orderBy=TITLE&direction=DESC&lang=sv');
  const ordered = await t.request<{ serviceOfferings: { nodes: { id: string; title: string }[] } }, object>(
    '{ serviceOfferings(orderBy: { field: TITLE, direction: DESC }, first: 100) { nodes { id title(lang: SV) } } }',
  );
  expect(sv.rows.map((r) => r.id)).toEqual(ordered.data!.serviceOfferings.nodes.map((n) => n.id));
  expect(sv.rows[0].Namn).toBe(ordered.data!.serviceOfferings.nodes[0].title);
});

test('staff get what GraphQL shows them: their drafts and contact columns', async () => {
  const { rows } = await csv('/export/service-offerings.csv?validity=ANY', editor);
  const gql = await gqlOfferings({ validity: 'ANY' }, editor);
  expect(rows.map((r) => r.id)).toEqual(gql.nodes.map((o) => o.id));
  expect(rows.map((r) => r.Nimi)).toContain('Valterin luonnos');
  expect(rows.map((r) => r['Sähköposti'])).toEqual(gql.nodes.map((o) => o.contact?.email ?? ''));
  expect(rows.some((r) => r['Sähköposti'] === 'yhteys@example.org')).toBe(true);
});

test('at most `first` rows a request, and a Link to the next ones', async () => {
  const first = await csv('/export/service-offerings.csv?first=5');
  expect(first.rows).toHaveLength(5);
  const link = first.res.headers.get('link')!;
  const next = /^<([^>]+)>; rel="next"$/.exec(link)![1];
  expect(next).toMatch(/^\/export\/service-offerings\.csv\?first=5&after=/);
  const second = await csv(next);
  const page1 = await gqlOfferings({}, undefined, 5);
  const page2 = await gqlOfferings({}, undefined, 5, page1.pageInfo.endCursor);
  expect(second.rows.map((r) => r.id)).toEqual(page2.nodes.map((o) => o.id));
  const all = await csv('/export/service-offerings.csv');
  expect(all.res.headers.get('link')).toBeNull();
});

test('coverage.csv: one row per cell, equal to serviceCoverage', async () => {
  const query = `query($filter: CoverageFilter) { serviceCoverage(level: WELLBEING_COUNTY, filter: $filter) {
    cells { region { code } category { code } offeringCount providerCount openNeedCount gap overlap } } }`;
  const filter = {
    regionCodes: ['KYS', 'OYS'],
    categoryCodes: ['CONSULTATION', 'FAMILY_SUPPORT', 'ASSESSMENT'],
  };
  for (const token of [undefined, coordinator]) {
    const { res, rows } = await csv(
      '/export/coverage.csv?level=WELLBEING_COUNTY&regionCodes=KYS,OYS&categoryCodes=CONSULTATION,FAMILY_SUPPORT,ASSESSMENT&lang=en',
      token,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="coverage.csv"');
    const gql = await t.request<
      {
        serviceCoverage: {
          cells: {
            region: { code: string };
            category: { code: string };
            offeringCount: number;
            providerCount: number;
            openNeedCount: number;
            gap: boolean;
            overlap: boolean;
          }[];
        };
      },
      object
    >(query, { filter }, { token });
    const cells = gql.data!.serviceCoverage.cells;
    expect(cells.length).toBe(8 * 3);
    expect(
      rows.map((r) => [r['Region code'], r['Category code'], r.Offerings, r.Providers, r.Gap, r.Overlap]),
    ).toEqual(
      cells.map((c) => [
        c.region.code,
        c.category.code,
        String(c.offeringCount),
        String(c.providerCount),
        c.gap ? 'yes' : 'no',
        c.overlap ? 'yes' : 'no',
      ]),
    );
    if (token) expect(rows.map((r) => r['Open needs'])).toEqual(cells.map((c) => String(c.openNeedCount)));
    else expect(Object.keys(rows[0])).not.toContain('Open needs');
  }
  const finnish = await csv(
    '/export/coverage.csv?regionCodes=13&categoryCodes=CONSULTATION&delimiter=tab',
    undefined,
    '\t',
  );
  expect(finnish.rows).toHaveLength(1);
  expect(finnish.rows[0]).toMatchObject({ Aluekoodi: '13', Alue: 'Pohjois-Savon hyvinvointialue' });
});

test('bad input is a JSON 400 naming the parameter, never a half-written file', async () => {
  const cases: [string, string][] = [
    ['/export/service-offerings.csv?regionCodes=NOWHERE', 'regionCodes'],
    ['/export/service-offerings.csv?regionMatch=WITHIN', 'regionMatch'],
    ['/export/service-offerings.csv?first=0', 'first'],
    ['/export/service-offerings.csv?first=1001', 'first'],
    ['/export/service-offerings.csv?after=garbage', 'after'],
    ['/export/service-offerings.csv?ageGroups=TODDLERS', 'ageGroups'],
    ['/export/service-offerings.csv?actorIds=nope', 'actorIds'],
    ['/export/service-offerings.csv?delimiter=|', 'delimiter'],
    ['/export/service-offerings.csv?region=13', 'region'],
    ['/export/coverage.csv?level=PLANET', 'level'],
    ['/export/coverage.csv?categoryCodes=NOPE', 'categoryCodes'],
    ['/export/coverage.csv?validity=SOMETIMES', 'validity'],
  ];
  await expectBadParameters(base, cases);
  const missing = await fetch(`${base}/export/nothing.csv`);
  expect(missing.status).toBe(404);
});
