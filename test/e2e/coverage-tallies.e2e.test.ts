import { Role } from '../../src/common/context';
import { AgeGroup } from '../../src/common/enums';
import { finnishToday } from '../../src/common/dates';
import { fromGlobalId, toGlobalId } from '../../src/common/node';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';

/*
 * `serviceCoverage` with no filter and no providers is read from the tallies the database keeps as
 * offerings change (coverage_tally). Every answer must equal the one computed from the offerings
 * (the statement with providers): after creating, publishing, editing, moving, archiving and
 * deleting offerings, after concurrent writers, on another day, and after the regions change.
 * The coverage cache is off, so every request computes its matrix.
 */

let t: TestHub;
let coordinator: string;
let fx: Fixtures;
let actors: string[];

const TOTALS = `total { offeringCount gapCount overlapCount coveredCellCount cellCount openNeedCount }
  regionTotals { region { code } offeringCount gapCount overlapCount categoriesCovered openNeedCount }
  categoryTotals { category { code } offeringCount gapCount overlapCount openNeedCount }`;
const LEAN = `query ($level: RegionKind!) { serviceCoverage(level: $level) {
  cells { region { code } category { code } offeringCount gap overlap }
  ${TOTALS} } }`;
// Selecting providers takes the statement that reads the offerings themselves.
const COMPUTED = `query ($level: RegionKind!) { serviceCoverage(level: $level) {
  cells { region { code } category { code } offeringCount gap overlap providerCount }
  ${TOTALS} total { providerCount } } }`;

interface Coverage {
  cells: {
    region: { code: string };
    category: { code: string };
    offeringCount: number;
    providerCount?: number;
  }[];
  total: { offeringCount: number; providerCount?: number };
  regionTotals: unknown[];
  categoryTotals: unknown[];
}

async function coverage(query: string, level: string, token?: string): Promise<Coverage> {
  const res = await t.request<{ serviceCoverage: Coverage }, { level: string }>(query, { level }, { token });
  expect(res.errors).toBeUndefined();
  return res.data!.serviceCoverage;
}

/** The tallied answer equals the computed one, for both levels, anonymous and as staff (needs in). */
async function expectTalliesAgree(): Promise<Coverage> {
  let first: Coverage | undefined;
  for (const level of ['WELLBEING_COUNTY', 'COLLABORATION_AREA']) {
    for (const token of [undefined, coordinator]) {
      const lean = await coverage(LEAN, level, token);
      const computed = await coverage(COMPUTED, level, token);
      const { providerCount: _p, ...computedTotal } = computed.total;
      expect(lean).toEqual({
        ...computed,
        cells: computed.cells.map(({ providerCount: _c, ...cell }) => cell),
        total: computedTotal,
      });
      first ??= lean;
    }
  }
  return first!;
}

function count(c: Coverage, region: string, category: string): number {
  return c.cells.find((x) => x.region.code === region && x.category.code === category)!.offeringCount;
}

async function mutate<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await t.request<T, Record<string, unknown>>(query, variables, { token: coordinator });
  expect(res.errors).toBeUndefined();
  return res.data!;
}

interface Saved {
  id: string;
  version: number;
}
type Payload<K extends string> = Record<K, { serviceOffering: Saved }>;

async function create(input: Record<string, unknown>): Promise<Saved> {
  const created = await mutate<Payload<'createServiceOffering'>>(
    `mutation ($input: CreateServiceOfferingInput!) { createServiceOffering(input: $input) { serviceOffering { id version } } }`,
    { input },
  );
  const { id, version } = created.createServiceOffering.serviceOffering;
  const published = await mutate<Payload<'publishServiceOffering'>>(
    `mutation ($id: ID!, $version: Int!) { publishServiceOffering(id: $id, version: $version) { serviceOffering { id version } } }`,
    { id, version },
  );
  return published.publishServiceOffering.serviceOffering;
}

async function update(o: Saved, input: Record<string, unknown>): Promise<Saved> {
  const updated = await mutate<Payload<'updateServiceOffering'>>(
    `mutation ($id: ID!, $version: Int!, $input: UpdateServiceOfferingInput!) {
      updateServiceOffering(id: $id, version: $version, input: $input) { serviceOffering { id version } } }`,
    { id: o.id, version: o.version, input },
  );
  return updated.updateServiceOffering.serviceOffering;
}

function offering(actor: number, categoryCodes: string[], regionCodes: string[], ageGroups: AgeGroup[]) {
  return {
    actorId: toGlobalId('Actor', actors[actor]),
    title: { fi: `Tarjonta ${actor}` },
    categoryCodes,
    regionCodes,
    ageGroups,
  };
}

function rawId(o: Saved): string {
  return fromGlobalId(o.id)!.id;
}

function shiftDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

beforeAll(async () => {
  t = await startTestHub('coverage_tallies', { COVERAGE_CACHE: 'false' });
  coordinator = await t.token({ roles: [Role.COORDINATOR], sub: 'tallies-coordinator' });
  fx = new Fixtures(t.em());
  actors = [];
  for (const [slug, kind] of [
    ['tallies-a', ActorKind.VALTERI],
    ['tallies-b', ActorKind.ELMERI_SCHOOL],
    ['tallies-c', ActorKind.HOSPITAL_TEACHING_UNIT],
  ] as const) {
    actors.push((await fx.actor({ slug, kind })).id);
  }
  await fx.need('13', ['CONSULTATION']);
  await fx.need('KYS', ['ASSESSMENT']);
});

afterAll(async () => {
  await t?.stop();
});

describe('coverage tallies', () => {
  it('read the default matrix from the tallies, not from the offerings', async () => {
    const o = await create(offering(0, ['CONSULTATION'], ['13'], [AgeGroup.PRIMARY]));
    expect(count(await expectTalliesAgree(), '13', 'CONSULTATION')).toBe(1);
    // A tally set by hand shows in the lean answer only: that answer is read from the tallies.
    const em = t.em();
    const [cell] = await em.execute<{ id: string }[]>(`select id from region where code = '13'`);
    await em.execute(
      `update coverage_tally set n = n + 40 where cell_id = ? and category_code = 'CONSULTATION' and age_group = ''`,
      [cell.id],
    );
    try {
      expect(count(await coverage(LEAN, 'WELLBEING_COUNTY'), '13', 'CONSULTATION')).toBe(41);
      expect(count(await coverage(COMPUTED, 'WELLBEING_COUNTY'), '13', 'CONSULTATION')).toBe(1);
    } finally {
      await em.execute(
        `update coverage_tally set n = n - 40 where cell_id = ? and category_code = 'CONSULTATION' and age_group = ''`,
        [cell.id],
      );
    }
    await update(o, { ageGroups: [AgeGroup.PRIMARY, AgeGroup.PRE_PRIMARY] });
    await expectTalliesAgree();
  });

  it('follow every kind of write to offerings, their categories, regions and age groups', async () => {
    const a = await create(offering(0, ['ASSESSMENT', 'TRAINING'], ['KYS'], [AgeGroup.PRIMARY]));
    const b = await create(offering(1, ['ASSESSMENT'], ['12', '14'], [AgeGroup.PRIMARY]));
    let c = await create(offering(2, ['TRAINING'], ['HYKS'], [AgeGroup.UPPER_SECONDARY]));
    let before = await expectTalliesAgree();
    // A and B share PRIMARY in ASSESSMENT in 12 and 14 (KYS reaches both): an overlap.
    expect(
      before.cells.find((x) => x.region.code === '14' && x.category.code === 'ASSESSMENT'),
    ).toMatchObject({ offeringCount: 2, overlap: true });

    c = await update(c, { regionCodes: ['13', 'KYS'] });
    await expectTalliesAgree();
    c = await update(c, { categoryCodes: ['ASSESSMENT'], ageGroups: [AgeGroup.PRIMARY] });
    await expectTalliesAgree();
    await update(b, { ageGroups: [AgeGroup.LOWER_SECONDARY] });
    await expectTalliesAgree();
    // A title alone changes nothing the tallies count.
    c = await update(c, { title: { fi: 'Uusi nimi' } });
    before = await expectTalliesAgree();

    await mutate(
      `mutation ($id: ID!, $version: Int!) { archiveServiceOffering(id: $id, version: $version) { serviceOffering { id } } }`,
      { id: a.id, version: a.version },
    );
    const after = await expectTalliesAgree();
    expect(after.total.offeringCount).toBe(before.total.offeringCount - 1);

    // Changed in SQL, several statements in one transaction; and deleted.
    const em = t.em();
    await em.transactional(async (tx) => {
      await tx.execute(`delete from service_offering_region where service_offering_id = ?`, [rawId(c)]);
      await tx.execute(
        `insert into service_offering_region (service_offering_id, region_id) select ?, id from region where code in ('01', 'OYS')`,
        [rawId(c)],
      );
      await tx.execute(`update service_offering set actor_id = ? where id = ?`, [actors[1], rawId(c)]);
    });
    await expectTalliesAgree();
    await em.execute(`delete from service_offering where id = ?`, [rawId(b)]);
    await expectTalliesAgree();
  });

  it('settle concurrent writers one after another', async () => {
    const created = await Promise.all(
      [0, 1, 2, 0, 1, 2].map((actor, i) =>
        create(
          offering(
            actor,
            i % 2 ? ['FAMILY_SUPPORT'] : ['FAMILY_SUPPORT', 'TRAINING'],
            ['KYS', '12'],
            [AgeGroup.PRIMARY],
          ),
        ),
      ),
    );
    await Promise.all(created.map((o, i) => update(o, { regionCodes: i % 2 ? ['TAYS'] : ['11', '12'] })));
    const c = await expectTalliesAgree();
    expect(count(c, '12', 'FAMILY_SUPPORT')).toBeGreaterThanOrEqual(3);
  });

  it('move to another day, counting what comes into force and what expires', async () => {
    const today = finnishToday();
    const starting = await create({
      ...offering(0, ['REHABILITATION_PERIOD'], ['02'], [AgeGroup.PRIMARY]),
      validFrom: shiftDays(today, 3),
    });
    const ending = await create({
      ...offering(1, ['REHABILITATION_PERIOD'], ['02'], [AgeGroup.PRIMARY]),
      validUntil: shiftDays(today, 1),
    });
    expect(starting.id).not.toBe(ending.id);
    const now = await expectTalliesAgree();
    expect(count(now, '02', 'REHABILITATION_PERIOD')).toBe(1);

    // Move the tallies five days on, as a read on that day would: one comes into force, one expires.
    const em = t.em();
    await em.execute(`select coverage_roll(?::date)`, [shiftDays(today, 5)]);
    const [later] = await em.execute<{ n: number }[]>(
      `select t.n from coverage_tally t join region r on r.id = t.cell_id
       where r.code = '02' and t.category_code = 'REHABILITATION_PERIOD' and t.age_group = ''`,
    );
    expect(later.n).toBe(1);
    const [overlap] = await em.execute<{ n: number }[]>(
      `select t.n from coverage_tally t join region r on r.id = t.cell_id
       where r.code = '02' and t.category_code = 'REHABILITATION_PERIOD' and t.age_group = 'PRIMARY'`,
    );
    expect(overlap.n).toBe(1);
    await em.execute(`select coverage_roll(?::date)`, [shiftDays(today, -30)]);
    const [earlier] = await em.execute<{ n: number }[]>(
      `select t.n from coverage_tally t join region r on r.id = t.cell_id
       where r.code = '02' and t.category_code = 'REHABILITATION_PERIOD' and t.age_group = ''`,
    );
    expect(earlier.n).toBe(1);

    // A read today moves them back to today.
    expect(count(await expectTalliesAgree(), '02', 'REHABILITATION_PERIOD')).toBe(1);
    const [state] = await em.execute<{ as_of: string }[]>(`select as_of::text from coverage_state`);
    expect(state.as_of).toBe(today);

    // Only the first reading of a day moves the tallies (it finds them stale and reads again).
    const statements = async () => {
      const res = await t.request(LEAN, { level: 'WELLBEING_COUNTY' });
      expect(res.errors).toBeUndefined();
      return res.extensions?.sqlStatements as number;
    };
    const current = await statements();
    await em.execute(`select coverage_roll(?::date)`, [shiftDays(today, 2)]);
    expect(await statements()).toBeGreaterThan(current);
    expect(await statements()).toBe(current);
    const [moved] = await em.execute<{ as_of: string }[]>(`select as_of::text from coverage_state`);
    expect(moved.as_of).toBe(today);
  });

  it('count again when what reaches what changes (the regions)', async () => {
    await create(offering(2, ['TRANSITION_SUPPORT'], ['OYS'], [AgeGroup.PRIMARY]));
    const before = await expectTalliesAgree();
    const em = t.em();
    const move = (area: string) =>
      em.execute(`update region set parent_id = (select id from region where code = ?) where code = '13'`, [
        area,
      ]);
    const [{ code: home }] = await em.execute<{ code: string }[]>(
      `select p.code from region r join region p on p.id = r.parent_id where r.code = '13'`,
    );
    expect(home).not.toBe('OYS');
    await move('OYS');
    try {
      const moved = await expectTalliesAgree();
      expect(count(moved, '13', 'TRANSITION_SUPPORT')).toBe(count(before, '13', 'TRANSITION_SUPPORT') + 1);
    } finally {
      await move(home);
    }
    expect(await expectTalliesAgree()).toEqual(before);
  });
});
