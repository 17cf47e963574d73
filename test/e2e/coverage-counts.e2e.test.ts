import { Role } from '../../src/common/context';
import { AgeGroup, PublicationStatus } from '../../src/common/enums';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';

/*
 * A coverage query that selects no providers runs the cheaper statement (no grouping by actor).
 * Its counts, gaps and overlaps must equal those of the statement with providers, for every level
 * and filter, for anonymous readers and staff, and follow writes at once (the coverage cache on).
 */

let t: TestHub;
let coordinator: string;
let fx: Fixtures;

interface Cell {
  region: { code: string };
  category: { code: string };
  offeringCount: number;
  gap: boolean;
  overlap: boolean;
  providerCount?: number;
}
type Answer = { serviceCoverage: { cells: Cell[] } };

const COUNTS = `query ($level: RegionKind!, $filter: CoverageFilter) {
  serviceCoverage(level: $level, filter: $filter) { cells { region { code } category { code } offeringCount gap overlap } } }`;
const FULL = `query ($level: RegionKind!, $filter: CoverageFilter) {
  serviceCoverage(level: $level, filter: $filter) { cells { region { code } category { code } offeringCount gap overlap providerCount } } }`;

async function cells(query: string, variables: Record<string, unknown>, token?: string): Promise<Cell[]> {
  const res = await t.request<Answer, Record<string, unknown>>(query, variables, { token });
  expect(res.errors).toBeUndefined();
  return res.data!.serviceCoverage.cells;
}

/** The counts-only answer, and the full one stripped to the same fields: they must be equal. */
async function bothForms(variables: Record<string, unknown>, token?: string): Promise<Cell[]> {
  const counts = await cells(COUNTS, variables, token);
  const full = await cells(FULL, variables, token);
  expect(counts).toEqual(full.map(({ providerCount: _p, ...rest }) => rest));
  return counts;
}

function at(c: Cell[], region: string, category: string): Cell {
  const found = c.find((x) => x.region.code === region && x.category.code === category);
  if (!found) throw new Error(`no cell ${region} × ${category}`);
  return found;
}

beforeAll(async () => {
  t = await startTestHub('coverage_counts');
  fx = new Fixtures(t.em());
  const a = await fx.actor({ slug: 'counts-a', kind: ActorKind.VALTERI });
  const b = await fx.actor({ slug: 'counts-b', kind: ActorKind.ELMERI_SCHOOL });
  const c = await fx.actor({ slug: 'counts-c', kind: ActorKind.HOSPITAL_TEACHING_UNIT });
  // Two offerings of one actor for the same age group: no overlap.
  await fx.offering(a, {
    categoryCodes: ['CONSULTATION'],
    regionCodes: ['13'],
    ageGroups: [AgeGroup.PRIMARY],
  });
  await fx.offering(a, {
    categoryCodes: ['CONSULTATION'],
    regionCodes: ['KYS'],
    ageGroups: [AgeGroup.PRIMARY],
  });
  // Two actors, different age groups: no overlap; then the same age group: overlap.
  await fx.offering(b, { categoryCodes: ['ASSESSMENT'], regionCodes: ['14'], ageGroups: [AgeGroup.PRIMARY] });
  await fx.offering(c, {
    categoryCodes: ['ASSESSMENT'],
    regionCodes: ['14'],
    ageGroups: [AgeGroup.UPPER_SECONDARY],
  });
  await fx.offering(b, {
    categoryCodes: ['TRAINING'],
    regionCodes: ['12', '15'],
    ageGroups: [AgeGroup.LOWER_SECONDARY],
  });
  await fx.offering(c, {
    categoryCodes: ['TRAINING'],
    regionCodes: ['KYS'],
    ageGroups: [AgeGroup.LOWER_SECONDARY],
  });
  await fx.offering(c, { categoryCodes: ['TRAINING'], regionCodes: ['15'], status: PublicationStatus.DRAFT });
  await fx.need('14', ['CONSULTATION']);
  coordinator = await t.token({ roles: [Role.COORDINATOR], sub: 'counts-coordinator' });
});

afterAll(async () => {
  await t?.stop();
});

describe('a coverage query without providers', () => {
  it.each([
    ['counties', { level: 'WELLBEING_COUNTY' }],
    ['areas', { level: 'COLLABORATION_AREA' }],
    [
      'counties of KYS, three categories',
      {
        level: 'WELLBEING_COUNTY',
        filter: { regionCodes: ['KYS'], categoryCodes: ['CONSULTATION', 'ASSESSMENT', 'TRAINING'] },
      },
    ],
    ['an age group', { level: 'WELLBEING_COUNTY', filter: { regionCodes: ['KYS'], ageGroups: ['PRIMARY'] } }],
    [
      'actor kinds',
      {
        level: 'WELLBEING_COUNTY',
        filter: { regionCodes: ['KYS'], actorKinds: ['VALTERI', 'ELMERI_SCHOOL'] },
      },
    ],
    ['exact regions', { level: 'WELLBEING_COUNTY', filter: { regionCodes: ['KYS'], regionMatch: 'EXACT' } }],
  ])('answers %s as the query with providers does', async (_name, variables) => {
    await bothForms(variables);
    await bothForms(variables, coordinator);
  });

  it('counts, gaps and overlaps as expected', async () => {
    const c = await bothForms({ level: 'WELLBEING_COUNTY', filter: { regionCodes: ['KYS'] } }, coordinator);
    expect(at(c, '13', 'CONSULTATION')).toMatchObject({ offeringCount: 2, overlap: false, gap: false });
    expect(at(c, '14', 'CONSULTATION')).toMatchObject({ offeringCount: 1, gap: true });
    expect(at(c, '14', 'ASSESSMENT')).toMatchObject({ offeringCount: 2, overlap: false });
    expect(at(c, '15', 'TRAINING')).toMatchObject({ offeringCount: 2, overlap: true });
    expect(at(c, '12', 'TRAINING')).toMatchObject({ offeringCount: 2, overlap: true });
    expect(at(c, '12', 'ASSESSMENT')).toMatchObject({ offeringCount: 0, gap: true, overlap: false });
  });

  it('follows a write at once', async () => {
    const before = at(await bothForms({ level: 'WELLBEING_COUNTY' }), '14', 'ASSESSMENT');
    const d = await fx.actor({ slug: 'counts-d', kind: ActorKind.STATE_SCHOOL_HOME });
    await fx.offering(d, {
      categoryCodes: ['ASSESSMENT'],
      regionCodes: ['14'],
      ageGroups: [AgeGroup.UPPER_SECONDARY],
    });
    const after = at(await bothForms({ level: 'WELLBEING_COUNTY' }), '14', 'ASSESSMENT');
    expect(after.offeringCount).toBe(before.offeringCount + 1);
    expect(before.overlap).toBe(false);
    expect(after.overlap).toBe(true);
  });
});
