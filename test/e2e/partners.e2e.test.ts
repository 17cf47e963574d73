import { AgeGroup } from '../../src/common/enums';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import { Fixtures } from '../support/fixtures';
import {
  CoverageCellsDocument,
  PartnerActorsDocument,
  StatisticsDocument,
} from '../support/generated/graphql';
import { startTestHub, TestHub } from '../support/hub';

/**
 * Partners beside the Vaatu actors, and overlap across kinds: Valteri and a hospital teaching unit
 * giving the same consultation to the same age group in one county is duplicate work.
 *
 *   valteri      VALTERI                    CONSULTATION  13    PRIMARY
 *   hospital     HOSPITAL_TEACHING_UNIT     CONSULTATION  KYS   PRIMARY, LOWER_SECONDARY
 *   family       WELLBEING_SERVICES_COUNTY  CONSULTATION  13    EARLY_CHILDHOOD
 *   association  ASSOCIATION                FAMILY_SUPPORT 14   PRIMARY
 *   school       MUNICIPALITY               CONSULTATION  14    UPPER_SECONDARY
 */

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub('partners');
  const fx = new Fixtures(t.em());
  const valteri = await fx.actor({ slug: 'valteri', kind: ActorKind.VALTERI });
  const hospital = await fx.actor({ slug: 'hospital', kind: ActorKind.HOSPITAL_TEACHING_UNIT });
  const family = await fx.actor({ slug: 'family', kind: ActorKind.WELLBEING_SERVICES_COUNTY });
  const association = await fx.actor({ slug: 'association', kind: ActorKind.ASSOCIATION });
  const school = await fx.actor({ slug: 'school', kind: ActorKind.MUNICIPALITY });
  await fx.actor({ slug: 'centre', kind: ActorKind.OTHER_PUBLIC_BODY });
  await fx.offering(valteri, { title: { fi: 'V' }, regionCodes: ['13'], ageGroups: [AgeGroup.PRIMARY] });
  await fx.offering(hospital, {
    title: { fi: 'H' },
    regionCodes: ['KYS'],
    ageGroups: [AgeGroup.PRIMARY, AgeGroup.LOWER_SECONDARY],
  });
  await fx.offering(family, {
    title: { fi: 'F' },
    regionCodes: ['13'],
    ageGroups: [AgeGroup.EARLY_CHILDHOOD],
  });
  await fx.offering(association, {
    title: { fi: 'A' },
    categoryCodes: ['FAMILY_SUPPORT'],
    regionCodes: ['14'],
  });
  await fx.offering(school, {
    title: { fi: 'S' },
    regionCodes: ['14'],
    ageGroups: [AgeGroup.UPPER_SECONDARY],
  });
});
afterAll(async () => {
  await t?.stop();
});

async function cells(filter: object, first = 10, after?: string) {
  const res = await t.request(CoverageCellsDocument, { level: 'WELLBEING_COUNTY', filter, first, after });
  expect(res.errors).toBeUndefined();
  return {
    cells: res.data!.serviceCoverage.cells,
    sql: res.extensions?.sqlStatements as number,
  };
}

describe('partners', () => {
  it('keeps the Vaatu kinds apart from partners: Actor.vaatu and ActorFilter.vaatu', async () => {
    const vaatu = await t.request(PartnerActorsDocument, { filter: { vaatu: true } });
    expect(vaatu.data!.actors.nodes.map((a) => [a.slug, a.vaatu]).sort()).toEqual([
      ['hospital', true],
      ['valteri', true],
    ]);
    const partners = await t.request(PartnerActorsDocument, { filter: { vaatu: false } });
    expect(partners.data!.actors.nodes.map((a) => a.kind).sort()).toEqual([
      'ASSOCIATION',
      'MUNICIPALITY',
      'OTHER_PUBLIC_BODY',
      'WELLBEING_SERVICES_COUNTY',
    ]);
    expect(partners.data!.actors.nodes.every((a) => a.vaatu === false)).toBe(true);
    const both = await t.request(PartnerActorsDocument, { filter: { vaatu: false, kinds: ['VALTERI'] } });
    expect(both.data!.actors.nodes).toEqual([]);
  });

  it('chooses either group in coverage and statistics', async () => {
    const all = await cells({ regionCodes: ['13'], categoryCodes: ['CONSULTATION'] });
    expect(all.cells[0].offeringCount).toBe(3);
    const vaatu = await cells({ regionCodes: ['13'], categoryCodes: ['CONSULTATION'], vaatu: true });
    expect(vaatu.cells[0].offeringCount).toBe(2);
    const partnerKinds = await cells({
      regionCodes: ['13'],
      categoryCodes: ['CONSULTATION'],
      actorKinds: ['WELLBEING_SERVICES_COUNTY', 'MUNICIPALITY'],
    });
    expect(partnerKinds.cells[0].offerings.nodes.map((n) => n.title)).toEqual(['F']);
    const stats = await t.request(StatisticsDocument, { filter: { vaatu: false } });
    const byKind = Object.fromEntries(
      stats.data!.statistics.offeringsByActorKind.map((b) => [b.key, b.count]),
    );
    expect(byKind).toMatchObject({
      VALTERI: 0,
      WELLBEING_SERVICES_COUNTY: 1,
      ASSOCIATION: 1,
      MUNICIPALITY: 1,
    });
  });
});

describe('overlap across kinds', () => {
  it('flags two providers of different kinds for the same age group and names them', async () => {
    const { cells: found } = await cells({ regionCodes: ['13', '14'], categoryCodes: ['CONSULTATION'] });
    const [north, karelia] = found;
    expect(north.region.code).toBe('13');
    // VALTERI and HOSPITAL_TEACHING_UNIT both for PRIMARY; the family centre's age group is its own.
    expect(north.overlap).toBe(true);
    expect(north.overlappingProviders.map((a) => a.slug).sort()).toEqual(['hospital', 'valteri']);
    expect(north.providerCount).toBe(3);
    // In 14 the hospital (PRIMARY, LOWER_SECONDARY) and the school (UPPER_SECONDARY) do not meet.
    expect(karelia.overlap).toBe(false);
    expect(karelia.overlappingProviders).toEqual([]);
  });

  it('compares only the filter’s age groups', async () => {
    const { cells: found } = await cells({
      regionCodes: ['13'],
      categoryCodes: ['CONSULTATION'],
      ageGroups: ['EARLY_CHILDHOOD', 'LOWER_SECONDARY'],
    });
    expect(found[0].overlap).toBe(false);
    expect(found[0].offeringCount).toBe(2);
  });
});

describe('a cell’s offerings', () => {
  it('are the offerings the cell counts, paged with cursors', async () => {
    const first = await cells({ regionCodes: ['13'], categoryCodes: ['CONSULTATION'] }, 2);
    const cell = first.cells[0];
    expect(cell.offerings.totalCount).toBe(cell.offeringCount);
    expect(cell.offerings.nodes).toHaveLength(2);
    expect(cell.offerings.pageInfo.hasNextPage).toBe(true);
    const rest = await cells(
      { regionCodes: ['13'], categoryCodes: ['CONSULTATION'] },
      2,
      cell.offerings.pageInfo.endCursor!,
    );
    const titles = [...cell.offerings.nodes, ...rest.cells[0].offerings.nodes].map((n) => n.title).sort();
    expect(titles).toEqual(['F', 'H', 'V']);
    expect(rest.cells[0].offerings.pageInfo.hasNextPage).toBe(false);
  });

  it('load in a fixed number of statements however many cells there are', async () => {
    const one = await cells({ regionCodes: ['13'], categoryCodes: ['CONSULTATION'] });
    const many = await cells({});
    expect(many.cells).toHaveLength(22 * 11);
    expect(many.cells.every((c) => c.offerings.totalCount === c.offeringCount)).toBe(true);
    expect(many.sql).toBeLessThanOrEqual(one.sql + 1);
  });
});
