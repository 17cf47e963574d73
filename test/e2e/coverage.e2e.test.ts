import { Role } from '../../src/common/context';
import { AgeGroup, Language, PublicationStatus } from '../../src/common/enums';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import { NeedStatus, ServiceNeed } from '../../src/modules/need/service-need.entity';
import { Fixtures } from '../support/fixtures';
import { ServiceCoverageDocument, ServiceCoverageQuery } from '../support/generated/graphql';
import { startTestHub, TestHub } from '../support/hub';

/*
 * A hand-built map of the KYS area (counties 12 South Savo, 13 North Savo, 14 North Karelia,
 * 15 Central Finland) plus a little outside it, where every expected cell is known:
 *
 *   O1 valteri-a  (VALTERI)  CONSULTATION             KYS      PRIMARY, LOWER_SECONDARY
 *   O2 valteri-b  (VALTERI)  CONSULTATION             13       PRIMARY
 *   O3 elmeri     (ELMERI)   CONSULTATION             14       PRIMARY
 *   O4 valteri-a  (VALTERI)  CONSULTATION, ASSESSMENT KYS, 12  UPPER_SECONDARY
 *   O5 valteri-b  (VALTERI)  CONSULTATION             15       PRIMARY            DRAFT
 *   O6 hospital   (HOSPITAL) HOSPITAL_TEACHING        19       LOWER_SECONDARY    SV
 *   O7 school-home(SSH)      SCHOOL_HOME_EDUCATION    13       LOWER_SECONDARY    PLACED_CHILDREN
 *   O8 elmeri     (ELMERI)   TRAINING                 HYKS     PRIMARY
 *
 *   N1 open  CONSULTATION at 13;  N2 MET  CONSULTATION at 14;  N3 open  ASSESSMENT at KYS (area)
 */

type Coverage = ServiceCoverageQuery['serviceCoverage'];

let t: TestHub;
let coordinator: string;
const needIds: Record<string, string> = {};

function cell(c: Coverage, region: string, category: string) {
  const found = c.cells.find((x) => x.region.code === region && x.category.code === category);
  if (!found) throw new Error(`no cell ${region} × ${category}`);
  return {
    offeringCount: found.offeringCount,
    providers: found.providers.map((p) => p.slug).sort(),
    openNeeds: found.openNeeds.map((n) => n.id).sort(),
    gap: found.gap,
    overlap: found.overlap,
  };
}

async function coverage(
  variables: Parameters<TestHub['request']>[1] & object,
  token?: string,
): Promise<{ data: Coverage; sqlStatements: number }> {
  const res = await t.request(
    ServiceCoverageDocument,
    variables as { level: 'WELLBEING_COUNTY' | 'COLLABORATION_AREA' | 'MUNICIPALITY' },
    { token },
  );
  expect(res.errors).toBeUndefined();
  return { data: res.data!.serviceCoverage, sqlStatements: res.extensions?.sqlStatements as number };
}

const KYS_FILTER = { regionCodes: ['KYS'], categoryCodes: ['CONSULTATION', 'ASSESSMENT', 'FAMILY_SUPPORT'] };

beforeAll(async () => {
  t = await startTestHub('coverage');
  const em = t.em();
  const fx = new Fixtures(em);
  const valteriA = await fx.actor({ slug: 'valteri-a', kind: ActorKind.VALTERI });
  const valteriB = await fx.actor({ slug: 'valteri-b', kind: ActorKind.VALTERI });
  const elmeri = await fx.actor({ slug: 'elmeri', kind: ActorKind.ELMERI_SCHOOL });
  const hospital = await fx.actor({ slug: 'hospital', kind: ActorKind.HOSPITAL_TEACHING_UNIT });
  const schoolHome = await fx.actor({ slug: 'school-home', kind: ActorKind.STATE_SCHOOL_HOME });
  await fx.offering(valteriA, {
    categoryCodes: ['CONSULTATION'],
    regionCodes: ['KYS'],
    ageGroups: [AgeGroup.PRIMARY, AgeGroup.LOWER_SECONDARY],
  });
  await fx.offering(valteriB, { categoryCodes: ['CONSULTATION'], regionCodes: ['13'] });
  await fx.offering(elmeri, { categoryCodes: ['CONSULTATION'], regionCodes: ['14'] });
  await fx.offering(valteriA, {
    categoryCodes: ['CONSULTATION', 'ASSESSMENT'],
    regionCodes: ['KYS', '12'],
    ageGroups: [AgeGroup.UPPER_SECONDARY],
  });
  await fx.offering(valteriB, {
    categoryCodes: ['CONSULTATION'],
    regionCodes: ['15'],
    status: PublicationStatus.DRAFT,
  });
  await fx.offering(hospital, {
    categoryCodes: ['HOSPITAL_TEACHING'],
    regionCodes: ['19'],
    ageGroups: [AgeGroup.LOWER_SECONDARY],
    languages: [Language.SV],
  });
  await fx.offering(schoolHome, {
    categoryCodes: ['SCHOOL_HOME_EDUCATION'],
    regionCodes: ['13'],
    ageGroups: [AgeGroup.LOWER_SECONDARY],
    supportNeedCodes: ['PLACED_CHILDREN'],
  });
  await fx.offering(elmeri, { categoryCodes: ['TRAINING'], regionCodes: ['HYKS'] });
  needIds.N1 = (await fx.need('13', ['CONSULTATION'])).id;
  const met = await fx.need('14', ['CONSULTATION']);
  met.status = NeedStatus.MET;
  await em.flush();
  needIds.N2 = met.id;
  needIds.N3 = (await fx.need('KYS', ['ASSESSMENT'])).id;
  coordinator = await t.token({ roles: [Role.COORDINATOR], sub: 'coverage-coordinator' });
});
afterAll(async () => {
  await t?.stop();
});

/** The global id the API shows for a need. */
function gid(id: string): string {
  return Buffer.from(`ServiceNeed:${id}`, 'utf8').toString('base64url');
}

describe('serviceCoverage by wellbeing county', () => {
  it('gives a cell for every county of the area × every chosen category, in order', async () => {
    const { data } = await coverage({ level: 'WELLBEING_COUNTY', filter: KYS_FILTER }, coordinator);
    expect(data.level).toBe('WELLBEING_COUNTY');
    expect(data.regions.map((r) => r.code)).toEqual(['12', '13', '14', '15']);
    expect(data.categories.map((c) => c.code)).toEqual(['CONSULTATION', 'ASSESSMENT', 'FAMILY_SUPPORT']);
    expect(data.cells.map((c) => `${c.region.code}:${c.category.code}`)).toEqual([
      '12:CONSULTATION',
      '12:ASSESSMENT',
      '12:FAMILY_SUPPORT',
      '13:CONSULTATION',
      '13:ASSESSMENT',
      '13:FAMILY_SUPPORT',
      '14:CONSULTATION',
      '14:ASSESSMENT',
      '14:FAMILY_SUPPORT',
      '15:CONSULTATION',
      '15:ASSESSMENT',
      '15:FAMILY_SUPPORT',
    ]);
  });

  it('counts an area offering in each county, once per cell, and leaves drafts out', async () => {
    const { data } = await coverage({ level: 'WELLBEING_COUNTY', filter: KYS_FILTER }, coordinator);
    // O1 (KYS) and O4 (KYS and 12, counted once); O5 is a draft.
    expect(cell(data, '12', 'CONSULTATION')).toEqual({
      offeringCount: 2,
      providers: ['valteri-a'],
      openNeeds: [],
      gap: false,
      overlap: false,
    });
    expect(cell(data, '15', 'CONSULTATION')).toEqual({
      offeringCount: 2,
      providers: ['valteri-a'],
      openNeeds: [],
      gap: false,
      overlap: false,
    });
  });

  it('marks two actors of any kind for the same age group as overlap', async () => {
    const { data } = await coverage({ level: 'WELLBEING_COUNTY', filter: KYS_FILTER }, coordinator);
    // valteri-a (O1, PRIMARY) and valteri-b (O2, PRIMARY); N1 is open there: a gap despite providers.
    expect(cell(data, '13', 'CONSULTATION')).toEqual({
      offeringCount: 3,
      providers: ['valteri-a', 'valteri-b'],
      openNeeds: [gid(needIds.N1)],
      gap: true,
      overlap: true,
    });
    // O1, O3 and O4: VALTERI and ELMERI_SCHOOL for PRIMARY is duplicate work too; N2 is MET: no gap.
    expect(cell(data, '14', 'CONSULTATION')).toEqual({
      offeringCount: 3,
      providers: ['elmeri', 'valteri-a'],
      openNeeds: [],
      gap: false,
      overlap: true,
    });
  });

  it('lets a need reported for the area make a gap in each of its counties', async () => {
    const { data } = await coverage({ level: 'WELLBEING_COUNTY', filter: KYS_FILTER }, coordinator);
    for (const county of ['12', '13', '14', '15']) {
      expect(cell(data, county, 'ASSESSMENT')).toEqual({
        offeringCount: 1,
        providers: ['valteri-a'],
        openNeeds: [gid(needIds.N3)],
        gap: true,
        overlap: false,
      });
    }
    const need = data.cells.find((c) => c.region.code === '12' && c.category.code === 'ASSESSMENT')!
      .openNeeds[0];
    expect(need).toEqual({ id: gid(needIds.N3), status: 'OPEN', region: { code: 'KYS' } });
  });

  it('calls a cell with nothing a gap', async () => {
    const { data } = await coverage({ level: 'WELLBEING_COUNTY', filter: KYS_FILTER }, coordinator);
    expect(cell(data, '14', 'FAMILY_SUPPORT')).toEqual({
      offeringCount: 0,
      providers: [],
      openNeeds: [],
      gap: true,
      overlap: false,
    });
  });

  it('sums up regions, categories and the whole matrix', async () => {
    const { data } = await coverage({ level: 'WELLBEING_COUNTY', filter: KYS_FILTER }, coordinator);
    expect(data.regionTotals.map(({ region, ...rest }) => ({ region: region.code, ...rest }))).toEqual([
      {
        region: '12',
        offeringCount: 2,
        providerCount: 1,
        gapCount: 2,
        overlapCount: 0,
        openNeedCount: 1,
        categoriesCovered: 2,
      },
      {
        region: '13',
        offeringCount: 3,
        providerCount: 2,
        gapCount: 3,
        overlapCount: 1,
        openNeedCount: 2,
        categoriesCovered: 2,
      },
      {
        region: '14',
        offeringCount: 3,
        providerCount: 2,
        gapCount: 2,
        overlapCount: 1,
        openNeedCount: 1,
        categoriesCovered: 2,
      },
      {
        region: '15',
        offeringCount: 2,
        providerCount: 1,
        gapCount: 2,
        overlapCount: 0,
        openNeedCount: 1,
        categoriesCovered: 2,
      },
    ]);
    expect(
      data.categoryTotals.map(({ category, ...rest }) => ({ category: category.code, ...rest })),
    ).toEqual([
      {
        category: 'CONSULTATION',
        offeringCount: 4,
        providerCount: 3,
        gapCount: 1,
        overlapCount: 2,
        openNeedCount: 1,
        regionsCovered: 4,
      },
      {
        category: 'ASSESSMENT',
        offeringCount: 1,
        providerCount: 1,
        gapCount: 4,
        overlapCount: 0,
        openNeedCount: 1,
        regionsCovered: 4,
      },
      {
        category: 'FAMILY_SUPPORT',
        offeringCount: 0,
        providerCount: 0,
        gapCount: 4,
        overlapCount: 0,
        openNeedCount: 0,
        regionsCovered: 0,
      },
    ]);
    expect(data.total).toEqual({
      cellCount: 12,
      coveredCellCount: 8,
      gapCount: 9,
      overlapCount: 2,
      offeringCount: 4,
      providerCount: 3,
      openNeedCount: 2,
    });
  });

  it('covers all 22 counties × 11 categories without a filter', async () => {
    const { data } = await coverage({ level: 'WELLBEING_COUNTY' }, coordinator);
    expect(data.regions).toHaveLength(22);
    expect(data.categories).toHaveLength(11);
    expect(data.cells).toHaveLength(242);
    expect(cell(data, '19', 'HOSPITAL_TEACHING')).toMatchObject({
      offeringCount: 1,
      providers: ['hospital'],
    });
    // The HYKS offering reaches each of the area's eight counties (Helsinki among them).
    expect(
      data.cells
        .filter((c) => c.category.code === 'TRAINING' && c.offeringCount === 1)
        .map((c) => c.region.code),
    ).toEqual(['01', '02', '03', '04', '09', '10', '11', '90']);
    expect(data.total.offeringCount).toBe(7);
  });
});

describe('serviceCoverage for anonymous readers', () => {
  it('leaves needs out: no open needs, and a gap only where no actor offers the category', async () => {
    const { data } = await coverage({ level: 'WELLBEING_COUNTY', filter: KYS_FILTER });
    expect(data.needsIncluded).toBe(false);
    expect(cell(data, '13', 'CONSULTATION')).toEqual({
      offeringCount: 3,
      providers: ['valteri-a', 'valteri-b'],
      openNeeds: [],
      gap: false,
      overlap: true,
    });
    expect(cell(data, '12', 'ASSESSMENT').gap).toBe(false);
    expect(cell(data, '12', 'FAMILY_SUPPORT').gap).toBe(true);
    expect(data.total).toMatchObject({ gapCount: 4, openNeedCount: 0, offeringCount: 4 });
  });

  it('includes needs for any authenticated staff member', async () => {
    const staff = await t.token({ sub: 'coverage-staff' });
    const { data } = await coverage({ level: 'WELLBEING_COUNTY', filter: KYS_FILTER }, staff);
    expect(data.needsIncluded).toBe(true);
    expect(cell(data, '13', 'CONSULTATION').openNeeds).toEqual([gid(needIds.N1)]);
  });
});

describe('serviceCoverage filters', () => {
  it('compares only the chosen age groups', async () => {
    const primary = await coverage(
      {
        level: 'WELLBEING_COUNTY',
        filter: { regionCodes: ['KYS'], categoryCodes: ['CONSULTATION'], ageGroups: ['PRIMARY'] },
      },
      coordinator,
    );
    expect(cell(primary.data, '13', 'CONSULTATION')).toMatchObject({
      offeringCount: 2,
      providers: ['valteri-a', 'valteri-b'],
      overlap: true,
    });
    expect(cell(primary.data, '12', 'CONSULTATION')).toMatchObject({ offeringCount: 1 });
    const older = await coverage(
      {
        level: 'WELLBEING_COUNTY',
        filter: { regionCodes: ['KYS'], categoryCodes: ['CONSULTATION'], ageGroups: ['LOWER_SECONDARY'] },
      },
      coordinator,
    );
    // Only O1 teaches grades 7-9; N1 names no age group, so it still applies.
    expect(cell(older.data, '13', 'CONSULTATION')).toEqual({
      offeringCount: 1,
      providers: ['valteri-a'],
      openNeeds: [gid(needIds.N1)],
      gap: true,
      overlap: false,
    });
  });

  it('counts only offerings of the chosen actor kinds', async () => {
    const { data } = await coverage(
      {
        level: 'WELLBEING_COUNTY',
        filter: { regionCodes: ['KYS'], categoryCodes: ['CONSULTATION'], actorKinds: ['ELMERI_SCHOOL'] },
      },
      coordinator,
    );
    expect(data.cells.map((c) => [c.region.code, c.offeringCount, c.gap])).toEqual([
      ['12', 0, true],
      ['13', 0, true],
      ['14', 1, false],
      ['15', 0, true],
    ]);
  });

  it('restricts the rows to the given regions and what lies inside them', async () => {
    const { data } = await coverage(
      { level: 'WELLBEING_COUNTY', filter: { regionCodes: ['13', '19'], categoryCodes: ['CONSULTATION'] } },
      coordinator,
    );
    expect(data.regions.map((r) => r.code)).toEqual(['13', '19']);
    expect(data.cells.map((c) => [c.region.code, c.offeringCount])).toEqual([
      ['13', 3],
      ['19', 0],
    ]);
  });

  it('filters by language and support need', async () => {
    const swedish = await coverage(
      { level: 'WELLBEING_COUNTY', filter: { languages: ['SV'], categoryCodes: ['HOSPITAL_TEACHING'] } },
      coordinator,
    );
    expect(swedish.data.total.offeringCount).toBe(1);
    expect(cell(swedish.data, '19', 'HOSPITAL_TEACHING').providers).toEqual(['hospital']);
    const placed = await coverage(
      { level: 'WELLBEING_COUNTY', filter: { supportNeedCodes: ['PLACED_CHILDREN'], regionCodes: ['KYS'] } },
      coordinator,
    );
    expect(placed.data.total.offeringCount).toBe(1);
    expect(cell(placed.data, '13', 'SCHOOL_HOME_EDUCATION')).toMatchObject({
      offeringCount: 1,
      providers: ['school-home'],
    });
  });
});

describe('serviceCoverage by collaboration area', () => {
  it('counts county offerings in their area, once each', async () => {
    const { data } = await coverage(
      {
        level: 'COLLABORATION_AREA',
        filter: { categoryCodes: ['CONSULTATION', 'TRAINING', 'HOSPITAL_TEACHING'] },
      },
      coordinator,
    );
    expect(data.regions.map((r) => r.code)).toEqual(['HYKS', 'KYS', 'OYS', 'TAYS', 'TYKS']);
    expect(cell(data, 'KYS', 'CONSULTATION')).toEqual({
      offeringCount: 4,
      providers: ['elmeri', 'valteri-a', 'valteri-b'],
      openNeeds: [gid(needIds.N1)],
      gap: true,
      overlap: true,
    });
    expect(cell(data, 'HYKS', 'TRAINING')).toMatchObject({ offeringCount: 1, providers: ['elmeri'] });
    expect(cell(data, 'OYS', 'HOSPITAL_TEACHING')).toMatchObject({ offeringCount: 1, gap: false });
    expect(cell(data, 'TAYS', 'CONSULTATION')).toMatchObject({ offeringCount: 0, gap: true });
    expect(data.regionTotals.find((r) => r.region.code === 'KYS')).toMatchObject({
      offeringCount: 4,
      providerCount: 3,
      openNeedCount: 1,
    });
  });
});

describe('serviceCoverage at a level without regions', () => {
  it('answers an empty matrix with zero totals (no municipalities are seeded)', async () => {
    const { data } = await coverage({ level: 'MUNICIPALITY' }, coordinator);
    expect(data.regions).toEqual([]);
    expect(data.cells).toEqual([]);
    expect(data.categoryTotals.every((c) => c.offeringCount === 0 && c.regionsCovered === 0)).toBe(true);
    expect(data.total).toEqual({
      cellCount: 0,
      coveredCellCount: 0,
      gapCount: 0,
      overlapCount: 0,
      offeringCount: 0,
      providerCount: 0,
      openNeedCount: 0,
    });
  });
});

describe('serviceCoverage errors', () => {
  it('rejects unknown region and category codes with the offending fields', async () => {
    const region = await t.request(ServiceCoverageDocument, {
      level: 'WELLBEING_COUNTY',
      filter: { regionCodes: ['KYS', 'ATLANTIS'] },
    });
    expect(region.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(region.errors?.[0].extensions?.fields).toEqual(['filter.regionCodes']);
    expect(region.errors?.[0].message).toContain('ATLANTIS');
    const category = await t.request(ServiceCoverageDocument, {
      level: 'WELLBEING_COUNTY',
      filter: { categoryCodes: ['NOT_A_CATEGORY'] },
    });
    expect(category.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(category.errors?.[0].extensions?.fields).toEqual(['filter.categoryCodes']);
  });
});

describe('serviceCoverage SQL', () => {
  it('runs the same number of statements for a small and a ten times larger data set', async () => {
    const query = { level: 'WELLBEING_COUNTY' as const, filter: { regionCodes: ['KYS'] } };
    await coverage(query, coordinator); // the token's first use records the staff member
    const em = t.em();
    const fx = new Fixtures(em);
    // A change to the sources, so the next matrix is computed rather than taken from the cache.
    await fx.actor({ slug: 'bulk-first', kind: ActorKind.VALTERI });
    const small = await coverage(query, coordinator);
    const kinds = Object.values(ActorKind);
    const counties = ['12', '13', '14', '15'];
    const categories = ['CONSULTATION', 'ASSESSMENT', 'TEACHING_PERIOD', 'FAMILY_SUPPORT', 'TRAINING'];
    for (let i = 0; i < 20; i++) {
      const actor = await fx.actor({ slug: `bulk-${i}`, kind: kinds[i % kinds.length] });
      for (let j = 0; j < 4; j++) {
        await fx.offering(actor, {
          categoryCodes: [categories[(i + j) % categories.length]],
          regionCodes: [counties[(i + j) % counties.length]],
        });
      }
      if (i % 4 === 0) await fx.need(counties[i % counties.length], [categories[i % categories.length]]);
    }
    expect(await em.count(ServiceNeed, {})).toBeGreaterThan(3);
    const large = await coverage(query, coordinator);
    expect(large.data.total.offeringCount).toBe(small.data.total.offeringCount + 80);
    expect(large.data.total.providerCount).toBeGreaterThan(small.data.total.providerCount + 15);
    expect(small.sqlStatements).toBeGreaterThan(0);
    expect(large.sqlStatements).toBe(small.sqlStatements);
  });
});

describe('serviceCoverage cache', () => {
  it('reuses a computed matrix until its sources change, then recomputes it', async () => {
    const query = { level: 'WELLBEING_COUNTY' as const, filter: { regionCodes: ['KYS'] } };
    const em = t.em();
    const fx = new Fixtures(em);
    await fx.actor({ slug: 'cache-bump', kind: ActorKind.ELMERI_SCHOOL });
    const computed = await coverage(query, coordinator);
    const cached = await coverage(query, coordinator);
    expect(cached.data).toEqual(computed.data);
    // The coverage statement (and its JIT setting) did not run again.
    expect(cached.sqlStatements).toBe(computed.sqlStatements - 2);

    const actor = await fx.actor({ slug: 'cache-new-provider', kind: ActorKind.HOSPITAL_TEACHING_UNIT });
    await fx.offering(actor, { categoryCodes: ['CONSULTATION'], regionCodes: ['13'] });
    const after = await coverage(query, coordinator);
    expect(after.data.total.offeringCount).toBe(computed.data.total.offeringCount + 1);
    expect(after.sqlStatements).toBe(computed.sqlStatements);
  });
});

describe('COVERAGE_CACHE=false', () => {
  it('computes the matrix for every request, with the same answer', async () => {
    // Last in this file: the setting is the process's, and this hub sets it for both.
    const uncached = await startTestHub('coverage-uncached', { COVERAGE_CACHE: 'false' });
    try {
      const fx = new Fixtures(uncached.em());
      const actor = await fx.actor({ slug: 'uncached-provider', kind: ActorKind.VALTERI });
      await fx.offering(actor, { categoryCodes: ['CONSULTATION'], regionCodes: ['13'] });
      const token = await uncached.token({ roles: [Role.COORDINATOR], actor: 'uncached-provider' });
      const ask = async (regionCodes = ['KYS']) => {
        const res = await uncached.request(
          ServiceCoverageDocument,
          { level: 'WELLBEING_COUNTY', filter: { regionCodes } },
          { token },
        );
        expect(res.errors).toBeUndefined();
        return { data: res.data!.serviceCoverage, sql: res.extensions?.sqlStatements as number };
      };
      // Another matrix first: the token's staff record and the per-process lookups are done.
      await ask(['HYKS']);
      const first = await ask();
      const second = await ask();
      expect(first.data.total.offeringCount).toBe(1);
      expect(second.data).toEqual(first.data);
      // The coverage statement and its JIT setting ran again.
      expect(second.sql).toBe(first.sql);
      expect(second.sql).toBeGreaterThan(2);
    } finally {
      await uncached.stop();
    }
  });
});
