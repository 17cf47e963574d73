import { Role } from '../../src/common/context';
import { AgeGroup, Language, PublicationStatus } from '../../src/common/enums';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import { InitiativeKind, InitiativeStatus } from '../../src/modules/initiative/initiative.entity';
import { MaterialKind } from '../../src/modules/material/material.entity';
import { CostType, DeliveryMode } from '../../src/modules/service-offering/service-offering.entity';
import { Fixtures } from '../support/fixtures';
import { StatisticsCountsDocument, StatisticsDocument, StatisticsQuery } from '../support/generated/graphql';
import { startTestHub, TestHub } from '../support/hub';

/*
 *   S1 stat-valteri  CONSULTATION, ASSESSMENT  KYS  PRIMARY                 FI, SV  REMOTE           FREE  HEARING
 *   S2 stat-valteri  CONSULTATION              13   PRIMARY, LOWER_SECONDARY FI     ON_SITE, REMOTE  PAID
 *   S3 stat-elmeri   TRAINING                  01   UPPER_SECONDARY          FI     OUTREACH         FREE
 *   S4 stat-hospital HOSPITAL_TEACHING         13   PRIMARY                  EN     REMOTE           FREE  DRAFT
 *
 *   M1 valteri GUIDE 2026-01-15;  M2 valteri VIDEO 2026-01-31T22:30Z (February in Helsinki);
 *   M3 elmeri DOCUMENT 2026-03-03;  M4 elmeri GUIDE draft
 *   I1 valteri + elmeri THEME_GROUP ACTIVE KYS;  I2 elmeri PILOT COMPLETED;  I3 hospital NETWORK draft
 */

type Stats = StatisticsQuery['statistics'];

let t: TestHub;

function counts(buckets: { key: string; count: number }[]): Record<string, number> {
  return Object.fromEntries(buckets.map((b) => [b.key, b.count]));
}

async function statistics(variables: { filter?: object; lang?: 'FI' | 'SV' | 'EN' }, token?: string) {
  const res = await t.request(StatisticsDocument, variables, { token });
  expect(res.errors).toBeUndefined();
  return { data: res.data!.statistics as Stats, sqlStatements: res.extensions?.sqlStatements as number };
}

beforeAll(async () => {
  t = await startTestHub('statistics');
  const em = t.em();
  const fx = new Fixtures(em);
  const valteri = await fx.actor({ slug: 'stat-valteri', kind: ActorKind.VALTERI });
  const elmeri = await fx.actor({ slug: 'stat-elmeri', kind: ActorKind.ELMERI_SCHOOL });
  const hospital = await fx.actor({ slug: 'stat-hospital', kind: ActorKind.HOSPITAL_TEACHING_UNIT });
  await fx.offering(valteri, {
    categoryCodes: ['CONSULTATION', 'ASSESSMENT'],
    regionCodes: ['KYS'],
    ageGroups: [AgeGroup.PRIMARY],
    languages: [Language.FI, Language.SV],
    deliveryModes: [DeliveryMode.REMOTE],
    supportNeedCodes: ['HEARING'],
  });
  await fx.offering(valteri, {
    categoryCodes: ['CONSULTATION'],
    regionCodes: ['13'],
    ageGroups: [AgeGroup.PRIMARY, AgeGroup.LOWER_SECONDARY],
    deliveryModes: [DeliveryMode.ON_SITE, DeliveryMode.REMOTE],
    cost: CostType.PAID,
  });
  await fx.offering(elmeri, {
    categoryCodes: ['TRAINING'],
    regionCodes: ['01'],
    ageGroups: [AgeGroup.UPPER_SECONDARY],
    deliveryModes: [DeliveryMode.OUTREACH],
  });
  await fx.offering(hospital, {
    categoryCodes: ['HOSPITAL_TEACHING'],
    regionCodes: ['13'],
    languages: [Language.EN],
    status: PublicationStatus.DRAFT,
  });
  const published = [
    [await fx.material(valteri, { kind: MaterialKind.GUIDE }), '2026-01-15T10:00:00Z'],
    [await fx.material(valteri, { kind: MaterialKind.VIDEO }), '2026-01-31T22:30:00Z'],
    [await fx.material(elmeri, { kind: MaterialKind.DOCUMENT }), '2026-03-03T09:00:00Z'],
  ] as const;
  for (const [material, at] of published) material.publishedAt = new Date(at);
  await fx.material(elmeri, { kind: MaterialKind.GUIDE, status: PublicationStatus.DRAFT });
  await fx.initiative(valteri, [elmeri], { regionCodes: ['KYS'], kind: InitiativeKind.THEME_GROUP });
  const pilot = await fx.initiative(elmeri, [], { kind: InitiativeKind.PILOT });
  pilot.status = InitiativeStatus.COMPLETED;
  await fx.initiative(hospital, [], {
    kind: InitiativeKind.NETWORK,
    publicationStatus: PublicationStatus.DRAFT,
  });
  await em.flush();
});
afterAll(async () => {
  await t?.stop();
});

describe('statistics for anonymous readers', () => {
  it('counts published offerings by every dimension, with a bucket for every key', async () => {
    const { data } = await statistics({});
    expect(data.offeringCount).toBe(3);
    expect(data.offeringsByActorKind.map((b) => [b.key, b.count, b.label])).toEqual([
      ['ELMERI_SCHOOL', 1, null],
      ['VALTERI', 2, null],
      ['HOSPITAL_TEACHING_UNIT', 0, null],
      ['STATE_SCHOOL_HOME', 0, null],
      ['MUNICIPALITY', 0, null],
      ['WELLBEING_SERVICES_COUNTY', 0, null],
      ['ASSOCIATION', 0, null],
      ['OTHER_PUBLIC_BODY', 0, null],
    ]);
    expect(counts(data.offeringsByCategory)).toEqual({
      CONSULTATION: 2,
      ASSESSMENT: 1,
      REHABILITATION_PERIOD: 0,
      TEACHING_PERIOD: 0,
      HOSPITAL_TEACHING: 0,
      SCHOOL_HOME_EDUCATION: 0,
      TRANSITION_SUPPORT: 0,
      FAMILY_SUPPORT: 0,
      TRAINING: 1,
      NETWORK_COLLABORATION: 0,
      MATERIALS_AND_TOOLS: 0,
    });
    expect(data.offeringsByCategory.map((b) => b.key).slice(0, 2)).toEqual(['CONSULTATION', 'ASSESSMENT']);
    expect(data.offeringsByCategory[0].label).toBe('Konsultaatio ja ohjaus');
    expect(counts(data.offeringsByLanguage)).toEqual({ FI: 3, SV: 1, EN: 0 });
    expect(counts(data.offeringsByDeliveryMode)).toEqual({ ON_SITE: 1, REMOTE: 2, OUTREACH: 1 });
    expect(counts(data.offeringsByAgeGroup)).toEqual({
      EARLY_CHILDHOOD: 0,
      PRE_PRIMARY: 0,
      PRIMARY: 2,
      LOWER_SECONDARY: 1,
      UPPER_SECONDARY: 1,
    });
    expect(data.offeringsByAgeGroup[2].label).toBe('Vuosiluokat 1–6');
    expect(data.offeringsBySupportNeed.find((b) => b.key === 'HEARING')?.count).toBe(1);
    expect(data.offeringsBySupportNeed.reduce((n, b) => n + b.count, 0)).toBe(1);
    expect(counts(data.offeringsByCost)).toEqual({ FREE: 2, PAID: 1, MUNICIPALITY_FUNDED: 0, VARIES: 0 });
  });

  it('counts offerings by region as coverage does: an area offering in each of its counties', async () => {
    const { data } = await statistics({ lang: 'SV' });
    expect(data.counties).toHaveLength(22);
    expect(data.counties.filter((b) => b.count > 0).map((b) => [b.key, b.count])).toEqual([
      ['01', 1],
      ['12', 1],
      ['13', 2],
      ['14', 1],
      ['15', 1],
    ]);
    expect(data.counties.find((b) => b.key === '13')?.label).toBe('Norra Savolax välfärdsområde');
    expect(data.areas.map((b) => [b.key, b.count])).toEqual([
      ['HYKS', 1],
      ['KYS', 2],
      ['OYS', 0],
      ['TAYS', 0],
      ['TYKS', 0],
    ]);
  });

  it('counts published materials by kind and by month in Finnish time, and initiatives by status', async () => {
    const { data } = await statistics({});
    expect(data.materialCount).toBe(3);
    expect(counts(data.materialsByKind)).toEqual({
      VIDEO: 1,
      DOCUMENT: 1,
      GUIDE: 1,
      SCREENING_TOOL: 0,
      TRAINING_MATERIAL: 0,
      WEB_PAGE: 0,
      OTHER: 0,
    });
    expect(data.materialsByMonth.map((b) => [b.key, b.count, b.label])).toEqual([
      ['2026-01', 1, null],
      ['2026-02', 1, null],
      ['2026-03', 1, null],
    ]);
    expect(data.initiativeCount).toBe(2);
    expect(counts(data.initiativesByStatus)).toEqual({
      PLANNED: 0,
      ACTIVE: 1,
      COMPLETED: 1,
      DISCONTINUED: 0,
    });
    expect(counts(data.initiativesByKind)).toMatchObject({ THEME_GROUP: 1, PILOT: 1, NETWORK: 0 });
  });

  it('does not count drafts, even when asked for them', async () => {
    const res = await t.request(StatisticsCountsDocument, { filter: { status: ['DRAFT'] } });
    expect(res.data?.statistics).toEqual({ offeringCount: 0, materialCount: 0, initiativeCount: 0 });
  });

  it('runs one statement per group of counts, however many fields are asked', async () => {
    const { sqlStatements } = await statistics({});
    // offerings, offerings by county, offerings by area, materials, initiatives
    expect(sqlStatements).toBe(5);
  });
});

describe('statistics for staff', () => {
  it('counts everything for coordinators', async () => {
    const coordinator = await t.token({ roles: [Role.COORDINATOR], sub: 'stat-coordinator' });
    const { data } = await statistics({}, coordinator);
    expect(data.offeringCount).toBe(4);
    expect(counts(data.offeringsByCategory).HOSPITAL_TEACHING).toBe(1);
    expect(data.materialCount).toBe(4);
    expect(data.materialsByMonth.reduce((n, b) => n + b.count, 0)).toBe(3);
    expect(data.initiativeCount).toBe(3);
  });

  it("counts their own actor's drafts for its staff, not others'", async () => {
    const staff = await t.token({
      actor: 'stat-hospital',
      roles: [Role.EDITOR],
      sub: 'stat-hospital-editor',
    });
    const res = await t.request(StatisticsCountsDocument, {}, { token: staff });
    expect(res.data?.statistics).toEqual({ offeringCount: 4, materialCount: 3, initiativeCount: 3 });
  });
});

describe('statistics filters', () => {
  it('narrows offerings, materials and initiatives by actor kind and region', async () => {
    const byKind = await t.request(StatisticsCountsDocument, { filter: { actorKinds: ['VALTERI'] } });
    expect(byKind.data?.statistics).toEqual({ offeringCount: 2, materialCount: 2, initiativeCount: 1 });
    const byRegion = await t.request(StatisticsCountsDocument, { filter: { regionCodes: ['KYS'] } });
    expect(byRegion.data?.statistics).toEqual({ offeringCount: 2, materialCount: 3, initiativeCount: 1 });
    const { data } = await statistics({ filter: { categoryCodes: ['CONSULTATION'], costs: ['PAID'] } });
    expect(data.offeringCount).toBe(1);
    expect(counts(data.offeringsByAgeGroup)).toMatchObject({
      PRIMARY: 1,
      LOWER_SECONDARY: 1,
      UPPER_SECONDARY: 0,
    });
  });

  it('rejects unknown codes with the offending field', async () => {
    const res = await t.request(StatisticsCountsDocument, { filter: { categoryCodes: ['NOPE'] } });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.fields).toEqual(['filter.categoryCodes']);
  });
});
