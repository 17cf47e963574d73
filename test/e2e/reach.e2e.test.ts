import { AgeGroup, PublicationStatus } from '../../src/common/enums';
import { Role } from '../../src/common/context';
import { LocalizedString } from '../../src/common/localized';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import { Region, RegionKind } from '../../src/modules/region/region.entity';
import { loadDemoData } from '../../src/seed/demo-data';
import { Fixtures } from '../support/fixtures';
import {
  CoverageCellsDocument,
  ReachListsDocument,
  ReachNeedsDocument,
  ServiceCoverageDocument,
  ServiceOfferingChangedDocument,
  type RegionMatch,
} from '../support/generated/graphql';
import { startTestHub, TestHub } from '../support/hub';
import { connectWs } from '../support/ws';

/**
 * One definition of reach: a record serves region R when one of its regions is R, lies inside R
 * or contains R. The lists and coverage must agree on it for every county and category.
 */

let t: TestHub;

const MATCHES: RegionMatch[] = ['SERVES', 'WITHIN', 'EXACT'];

/** The list's totalCount for every region × category: many aliases per request, within the alias limit. */
async function listCounts(
  hub: TestHub,
  regions: readonly string[],
  categories: readonly string[],
  extra: string,
): Promise<Map<string, number>> {
  const keys = regions.flatMap((region) => categories.map((cat) => [region, cat] as const));
  const out = new Map<string, number>();
  for (let start = 0; start < keys.length; start += 25) {
    const chunk = keys.slice(start, start + 25);
    const fields = chunk
      .map(
        ([region, cat], i) =>
          `c${i}: serviceOfferings(first: 0, filter: { regionCodes: ["${region}"], categoryCodes: ["${cat}"]${extra} }) { totalCount }`,
      )
      .join('\n');
    const res = await hub.request<Record<string, { totalCount: number }>, object>(`{ ${fields} }`);
    expect(res.errors).toBeUndefined();
    chunk.forEach(([region, cat], i) => out.set(`${region}:${cat}`, res.data![`c${i}`].totalCount));
  }
  return out;
}

/** The coverage cells' offeringCount by `region:category`. */
async function matrixCounts(hub: TestHub, level: RegionKind, filter: object): Promise<Map<string, number>> {
  const res = await hub.request(ServiceCoverageDocument, { level, filter });
  expect(res.errors).toBeUndefined();
  return new Map(
    res.data!.serviceCoverage.cells.map((c) => [`${c.region.code}:${c.category.code}`, c.offeringCount]),
  );
}

async function expectListEqualsMatrix(hub: TestHub, level: RegionKind, match: RegionMatch, extra = '') {
  const matrix = await matrixCounts(hub, level, { regionMatch: match });
  const keys = [...matrix.keys()];
  const regions = [...new Set(keys.map((k) => k.split(':')[0]))];
  const categories = [...new Set(keys.map((k) => k.split(':')[1]))];
  const list = await listCounts(hub, regions, categories, `, regionMatch: ${match}${extra}`);
  expect(Object.fromEntries(list)).toEqual(Object.fromEntries(matrix));
  return matrix;
}

describe('the list equals the coverage matrix', () => {
  let demo: TestHub;
  beforeAll(async () => {
    demo = await startTestHub('reach-demo');
    await loadDemoData(demo.em());
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it.each(MATCHES)('for every county × category of the demo data (%s)', async (match) => {
    const matrix = await expectListEqualsMatrix(demo, RegionKind.WELLBEING_COUNTY, match);
    expect(matrix.size).toBe(22 * 11);
    // Not vacuous: area-wide offerings count in each county when serving; otherwise only the
    // counties' own (the demo data has no municipalities, so WITHIN and EXACT agree there).
    const total = [...matrix.values()].reduce((a, b) => a + b, 0);
    if (match === 'SERVES') expect(total).toBeGreaterThan(100);
    else expect(total).toBeLessThan(40);
  });

  it('answers the issue’s county 08 the same way in the list and the matrix', async () => {
    const list = await demo.request(ReachListsDocument, { regionCodes: ['08'] });
    const titles = list.data!.serviceOfferings.nodes.map((n) => n.title);
    // The TAYS hospital teaching and the all-area offerings serve Pirkanmaa, not only its own.
    expect(titles).toEqual(expect.arrayContaining(['Sairaalaopetus ja paluu omaan kouluun']));
    expect(list.data!.events.nodes.map((e) => e.title)).toEqual(
      expect.arrayContaining(['VIP-verkostopäivä, TAYS-alue']),
    );
    const within = await demo.request(ReachListsDocument, { regionCodes: ['08'], regionMatch: 'WITHIN' });
    expect(within.data!.events.nodes.map((e) => e.title)).not.toContain('VIP-verkostopäivä, TAYS-alue');
  });

  it('shows the partners in the demo data: cross-kind overlap in 13, an expired pilot in Kainuu', async () => {
    const cell = async (region: string, category: string, validity?: 'ANY') => {
      const res = await demo.request(CoverageCellsDocument, {
        level: 'WELLBEING_COUNTY',
        filter: { regionCodes: [region], categoryCodes: [category], validity },
        first: 0,
      });
      return res.data!.serviceCoverage.cells[0];
    };
    const savo = await cell('13', 'CONSULTATION');
    expect(savo.overlap).toBe(true);
    expect(savo.overlappingProviders.map((p) => p.kind)).toEqual(
      expect.arrayContaining(['VALTERI', 'WELLBEING_SERVICES_COUNTY', 'MUNICIPALITY']),
    );
    expect((await cell('20', 'FAMILY_SUPPORT')).offeringCount).toBe(0);
    expect((await cell('20', 'FAMILY_SUPPORT', 'ANY')).offeringCount).toBeGreaterThan(0);
  });

  it('for a generated set of areas, counties and municipalities mixed', async () => {
    // Nine matrices and their lists: more than a default test's minute on a busy machine.
    const gen = await startTestHub('reach-generated');
    try {
      const em = gen.em();
      const fx = new Fixtures(em);
      const counties = await em.find(Region, { kind: RegionKind.WELLBEING_COUNTY });
      // Two municipalities under each of a few counties (codes as Statistics Finland's: 3 digits).
      const municipalities: Region[] = [];
      counties.slice(0, 6).forEach((county, i) => {
        for (const j of [0, 1]) {
          municipalities.push(
            em.create(Region, {
              code: String(100 + i * 2 + j),
              kind: RegionKind.MUNICIPALITY,
              nameI18n: new LocalizedString({ fi: `Kunta ${i}-${j}` }),
              parent: county,
            }),
          );
        }
      });
      await em.flush();
      const areas = await em.find(Region, { kind: RegionKind.COLLABORATION_AREA });
      const pool = [...areas, ...counties, ...municipalities].map((r) => r.code);
      const categories = ['CONSULTATION', 'ASSESSMENT', 'FAMILY_SUPPORT', 'TRAINING'];
      const kinds = Object.values(ActorKind);
      // A fixed pseudo-random sequence: the same data set every run.
      let seed = 15;
      const next = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const actors = [];
      for (let i = 0; i < 8; i++)
        actors.push(await fx.actor({ slug: `gen-${i}`, kind: kinds[i % kinds.length] }));
      for (let i = 0; i < 60; i++) {
        const regionCodes = [
          ...new Set([pool[next(pool.length)], pool[next(pool.length)]].slice(0, 1 + next(2))),
        ];
        await fx.offering(actors[next(actors.length)], {
          categoryCodes: [...new Set([categories[next(4)], categories[next(4)]])],
          regionCodes,
          ageGroups: [Object.values(AgeGroup)[next(5)]],
          status: next(5) === 0 ? PublicationStatus.DRAFT : PublicationStatus.PUBLISHED,
        });
      }
      for (const match of MATCHES) {
        await expectListEqualsMatrix(gen, RegionKind.WELLBEING_COUNTY, match);
        await expectListEqualsMatrix(gen, RegionKind.MUNICIPALITY, match);
        await expectListEqualsMatrix(gen, RegionKind.COLLABORATION_AREA, match);
      }
    } finally {
      await gen.stop();
    }
  }, 180_000);
});

describe('reach up, down and across', () => {
  let staff: string;
  beforeAll(async () => {
    t = await startTestHub('reach');
    const em = t.em();
    const fx = new Fixtures(em);
    // A municipality inside county 13 (North Savo, KYS area).
    em.create(Region, {
      code: '297',
      kind: RegionKind.MUNICIPALITY,
      nameI18n: new LocalizedString({ fi: 'Kuopio' }),
      parent: await fx.region('13'),
    });
    await em.flush();
    // One record of each type at the area, the county, the municipality and a sibling county.
    for (const code of ['KYS', '13', '297', '14']) {
      const actor = await fx.actor({ slug: `at-${code.toLowerCase()}`, regionCodes: [code] });
      await fx.offering(actor, { title: { fi: `at ${code}` }, regionCodes: [code] });
      await fx.event([actor], { title: `at ${code}`, regionCodes: [code] });
      await fx.initiative(actor, [], { title: `at ${code}`, regionCodes: [code] });
      const need = await fx.need(code);
      need.descriptionI18n = new LocalizedString({ fi: `at ${code}` });
    }
    await em.flush();
    staff = await t.token({ roles: [Role.COORDINATOR] });
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function reached(regionCodes: string[], regionMatch?: RegionMatch) {
    const res = await t.request(ReachListsDocument, { regionCodes, regionMatch });
    expect(res.errors).toBeUndefined();
    const needs = await t.request(ReachNeedsDocument, { regionCodes, regionMatch }, { token: staff });
    expect(needs.errors).toBeUndefined();
    const codes = (titles: (string | null | undefined)[]) =>
      titles.map((s) => String(s).replace('at ', '')).sort();
    return {
      offerings: codes(res.data!.serviceOfferings.nodes.map((n) => n.title)),
      events: codes(res.data!.events.nodes.map((n) => n.title)),
      initiatives: codes(res.data!.initiatives.nodes.map((n) => n.title)),
      actors: res.data!.actors.nodes.map((n) => n.slug.replace('at-', '').toUpperCase()).sort(),
      needs: codes(needs.data!.serviceNeeds.nodes.map((n) => n.description)),
    };
  }

  const each = (codes: string[]) => ({
    offerings: codes,
    events: codes,
    initiatives: codes,
    actors: codes,
    needs: codes,
  });

  it.each([
    // county 13: its area (up), itself, its municipality (down); never the sibling county 14 (across)
    [['13'], 'SERVES', ['13', '297', 'KYS']],
    [['13'], 'WITHIN', ['13', '297']],
    [['13'], 'EXACT', ['13']],
    // the municipality: served by its county and area
    [['297'], 'SERVES', ['13', '297', 'KYS']],
    [['297'], 'WITHIN', ['297']],
    // the area: everything inside it
    [['KYS'], 'SERVES', ['13', '14', '297', 'KYS']],
    [['KYS'], 'EXACT', ['KYS']],
    // the sibling county: its area, not county 13 or its municipality
    [['14'], 'SERVES', ['14', 'KYS']],
    // default SERVES
    [['13'], undefined, ['13', '297', 'KYS']],
  ] as [string[], RegionMatch | undefined, string[]][])(
    'regionCodes %j with %s reach the same records of every type',
    async (codes, match, expected) => {
      expect(await reached(codes, match)).toEqual(each([...expected].sort()));
    },
  );

  it('rejects unknown region codes and a regionMatch without regions with the field', async () => {
    for (const filter of [
      'serviceOfferings(filter: { regionCodes: ["ATLANTIS"] })',
      'events(filter: { regionCodes: ["ATLANTIS"] })',
      'initiatives(filter: { regionCodes: ["ATLANTIS"] })',
      'actors(filter: { regionCodes: ["ATLANTIS"] })',
    ]) {
      const res = await t.request(`{ ${filter} { totalCount } }`);
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: ['filter.regionCodes'],
      });
      expect(res.status).toBe(200);
    }
    const bad = await t.request('{ serviceOfferings(filter: { regionMatch: EXACT }) { totalCount } }');
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['filter.regionMatch'],
    });
    const search = await t.request('{ search(query: "at", filter: { regionCodes: ["X"] }) { totalCount } }');
    expect(search.errors?.[0].extensions).toMatchObject({ fields: ['filter.regionCodes'] });
    const stats = await t.request('{ statistics(filter: { regionMatch: WITHIN }) { offeringCount } }');
    expect(stats.errors?.[0].extensions).toMatchObject({ fields: ['filter.regionMatch'] });
  });

  it('rejects an unknown region in a subscription filter when subscribing', async () => {
    const ws = connectWs(t.url);
    try {
      const sub = ws.subscribe(ServiceOfferingChangedDocument, { filter: { regionCodes: ['ATLANTIS'] } });
      const [result] = await sub.waitFor(1);
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: ['filter.regionCodes'],
      });
    } finally {
      await ws.dispose();
    }
  });
});
