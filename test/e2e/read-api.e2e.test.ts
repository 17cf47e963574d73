import { AgeGroup, Language, PublicationStatus } from '../../src/common/enums';
import { Role } from '../../src/common/context';
import { toGlobalId } from '../../src/common/node';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import { MaterialKind } from '../../src/modules/material/material.entity';
import {
  ActorBySlugDocument,
  ActorsDocument,
  ActorsWithServicesDocument,
  EventsDocument,
  InitiativesDocument,
  MaterialsDocument,
  NodeByIdDocument,
  NodesByIdsDocument,
  RegionsDocument,
  ServiceNeedsDocument,
  ServiceOfferingsDocument,
  TaxonomiesDocument,
  ViewerDocument,
} from '../support/generated/graphql';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';

let t: TestHub;
let fx: Fixtures;

beforeAll(async () => {
  t = await startTestHub('read-api');
  fx = new Fixtures(t.em());
});
afterAll(async () => {
  await t?.stop();
});

describe('reference data', () => {
  it('seeds the five collaboration areas and the counties with their area membership', async () => {
    const areas = await t.request(RegionsDocument, { kind: 'COLLABORATION_AREA', first: 100 });
    expect(areas.data?.regions.nodes.map((r) => r.code).sort()).toEqual([
      'HYKS',
      'KYS',
      'OYS',
      'TAYS',
      'TYKS',
    ]);
    const counties = await t.request(RegionsDocument, { kind: 'WELLBEING_COUNTY', first: 100 });
    expect(counties.data?.regions.totalCount).toBe(22);
    const helsinki = counties.data?.regions.nodes.find((r) => r.code === '90');
    expect(helsinki?.parent?.code).toBe('HYKS');
    expect(helsinki?.nameI18n).toEqual({
      fi: 'Helsingin kaupunki',
      sv: 'Helsingfors stad',
      en: 'City of Helsinki',
    });
  });

  it('a region filter includes everything inside the region', async () => {
    const res = await t.request(RegionsDocument, { filter: { codes: ['OYS'] }, first: 100 });
    expect(res.data?.regions.nodes.map((r) => r.code).sort()).toEqual(['18', '19', '20', '21', 'OYS']);
  });

  it('localises by lang argument, by Accept-Language, and defaults to Finnish', async () => {
    const byArg = await t.request(TaxonomiesDocument, { lang: 'SV' });
    expect(byArg.data?.supportNeeds.find((s) => s.code === 'PLACED_CHILDREN')?.name).toBe('Placerade barn');
    const byHeader = await t.request(TaxonomiesDocument, {}, { lang: 'en-GB,en;q=0.9' });
    expect(byHeader.data?.serviceCategories.find((s) => s.code === 'ASSESSMENT')?.name).toBe('Assessment');
    const byDefault = await t.request(TaxonomiesDocument, {});
    expect(byDefault.data?.ageGroups.map((a) => a.code)).toEqual([
      'EARLY_CHILDHOOD',
      'PRE_PRIMARY',
      'PRIMARY',
      'LOWER_SECONDARY',
      'UPPER_SECONDARY',
    ]);
    expect(byDefault.data?.ageGroups[0].name).toBe('Varhaiskasvatus');
  });
});

describe('actors', () => {
  beforeAll(async () => {
    const parent = await fx.actor({
      slug: 'valteri-test',
      kind: ActorKind.VALTERI,
      name: { fi: 'Valteri T', sv: 'Valteri T sv' },
      regionCodes: ['KYS'],
    });
    await fx.actor({
      slug: 'valteri-unit',
      kind: ActorKind.VALTERI,
      name: { sv: 'Enhet utan finska' },
      parent,
      regionCodes: ['13'],
      languages: [Language.SV],
    });
    await fx.actor({
      slug: 'school-home',
      kind: ActorKind.STATE_SCHOOL_HOME,
      name: { fi: 'Koulukoti' },
      regionCodes: ['05'],
    });
  });

  it('falls back fi → sv → en and keeps every language in nameI18n', async () => {
    const res = await t.request(ActorBySlugDocument, { slug: 'valteri-unit', lang: 'FI' });
    expect(res.data?.actor?.name).toBe('Enhet utan finska');
    expect(res.data?.actor?.nameI18n).toEqual({ fi: null, sv: 'Enhet utan finska', en: null });
    expect(res.data?.actor?.parent?.slug).toBe('valteri-test');
    const parent = await t.request(ActorBySlugDocument, { slug: 'valteri-test' });
    expect(parent.data?.actor?.units.map((u) => u.slug)).toEqual(['valteri-unit']);
  });

  it('filters by kind, region (with sub-regions), language and words', async () => {
    const byArea = await t.request(ActorsDocument, { filter: { regionCodes: ['KYS'] } });
    expect(byArea.data?.actors.edges.map((e) => e.node.slug).sort()).toEqual([
      'valteri-test',
      'valteri-unit',
    ]);
    const byKind = await t.request(ActorsDocument, { filter: { kinds: ['STATE_SCHOOL_HOME'] } });
    expect(byKind.data?.actors.edges.map((e) => e.node.slug)).toEqual(['school-home']);
    const byLang = await t.request(ActorsDocument, { filter: { languages: ['SV'] } });
    expect(byLang.data?.actors.edges.map((e) => e.node.slug)).toEqual(['valteri-unit']);
    const bySearch = await t.request(ActorsDocument, { filter: { search: 'koulukoti' } });
    expect(bySearch.data?.actors.edges.map((e) => e.node.slug)).toEqual(['school-home']);
  });

  it('pages with cursors and counts the total', async () => {
    const first = await t.request(ActorsDocument, { first: 2, orderBy: { field: 'NAME', direction: 'ASC' } });
    expect(first.data?.actors.totalCount).toBeGreaterThanOrEqual(3);
    expect(first.data?.actors.edges).toHaveLength(2);
    expect(first.data?.actors.pageInfo.hasNextPage).toBe(true);
    const second = await t.request(ActorsDocument, {
      first: 2,
      after: first.data?.actors.pageInfo.endCursor,
      orderBy: { field: 'NAME', direction: 'ASC' },
    });
    const seen = new Set(first.data?.actors.edges.map((e) => e.node.slug));
    for (const e of second.data?.actors.edges ?? []) expect(seen.has(e.node.slug)).toBe(false);
  });

  it('rejects a page size over 100 and a forged cursor with BAD_USER_INPUT', async () => {
    const tooMany = await t.request(ActorsDocument, { first: 101 });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0].extensions?.fields).toEqual(['first']);
    const badCursor = await t.request(ActorsDocument, { after: 'not-a-cursor' });
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('visibility of drafts and personal data', () => {
  let ownerSlug: string;
  let draftId: string;
  let publishedId: string;

  beforeAll(async () => {
    const owner = await fx.actor({ slug: 'draft-owner', regionCodes: ['01'] });
    ownerSlug = owner.slug;
    const contact = await fx.contact(owner);
    const draft = await fx.offering(owner, {
      title: { fi: 'Luonnos' },
      status: PublicationStatus.DRAFT,
      contact,
    });
    const published = await fx.offering(owner, { title: { fi: 'Julkaistu' }, contact });
    draftId = toGlobalId('ServiceOffering', draft.id);
    publishedId = toGlobalId('ServiceOffering', published.id);
  });

  it('hides drafts from anonymous readers in lists, counts, node and nested fields', async () => {
    const list = await t.request(ServiceOfferingsDocument, {
      filter: { actorIds: [await actorGid(ownerSlug)] },
    });
    expect(list.data?.serviceOfferings.nodes.map((n) => n.title)).toEqual(['Julkaistu']);
    expect(list.data?.serviceOfferings.totalCount).toBe(1);
    expect((await t.request(NodeByIdDocument, { id: draftId })).data?.node).toBeNull();
    expect(
      (await t.request(NodesByIdsDocument, { ids: [draftId, publishedId] })).data?.nodes.map(
        (n) => n?.id ?? null,
      ),
    ).toEqual([null, publishedId]);
    const nested = await t.request(ActorsWithServicesDocument, { first: 100 });
    const owner = nested.data?.actors.nodes.find((a) => a.slug === ownerSlug);
    expect(owner?.services.totalCount).toBe(1);
    expect(owner?.services.nodes.map((s) => s.title)).toEqual(['Julkaistu']);
  });

  it("shows drafts to the owning actor's staff but not to another actor's", async () => {
    const own = await t.token({ actor: ownerSlug, roles: [Role.EDITOR] });
    const other = await t.token({ actor: 'valteri-test', roles: [Role.EDITOR] });
    expect((await t.request(NodeByIdDocument, { id: draftId }, { token: own })).data?.node?.id).toBe(draftId);
    expect((await t.request(NodeByIdDocument, { id: draftId }, { token: other })).data?.node).toBeNull();
    const coordinator = await t.token({ roles: [Role.COORDINATOR] });
    const all = await t.request(
      ServiceOfferingsDocument,
      { filter: { status: ['DRAFT'] } },
      { token: coordinator },
    );
    expect(all.data?.serviceOfferings.nodes.map((n) => n.title)).toContain('Luonnos');
  });

  it('shows contact details to staff only', async () => {
    const anon = await t.request(ActorBySlugDocument, { slug: ownerSlug });
    expect(anon.data?.actor?.contacts).toEqual([]);
    const anonOffering = await t.request(ServiceOfferingsDocument, { filter: { ids: [publishedId] } });
    expect(anonOffering.data?.serviceOfferings.nodes[0].contact).toBeNull();
    const staff = await t.token({ actor: 'valteri-test' });
    const res = await t.request(ActorBySlugDocument, { slug: ownerSlug }, { token: staff });
    expect(res.data?.actor?.contacts).toEqual([{ name: 'Maija Meikäläinen', email: 'maija@example.org' }]);
  });

  it('keeps service needs for authenticated staff', async () => {
    await fx.need('19', ['ASSESSMENT']);
    const anon = await t.request(ServiceNeedsDocument, {});
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const staff = await t.request(
      ServiceNeedsDocument,
      { filter: { regionCodes: ['OYS'] } },
      { token: await t.token({}) },
    );
    expect(staff.data?.serviceNeeds.nodes.map((n) => n.region.code)).toEqual(['19']);
  });

  it('answers viewer from the token and refuses a bad token', async () => {
    expect((await t.request(ViewerDocument, {})).data?.viewer).toBeNull();
    const token = await t.token({ actor: ownerSlug, roles: [Role.EDITOR], name: 'Eeva Editor' });
    const me = await t.request(ViewerDocument, {}, { token });
    expect(me.data?.viewer).toMatchObject({
      name: 'Eeva Editor',
      roles: ['EDITOR'],
      actor: { slug: ownerSlug },
    });
    const bad = await t.request(ViewerDocument, {}, { token: `${token}x` });
    expect(bad.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const expired = await t.request(ViewerDocument, {}, { token: await t.token({ ttl: -60 }) });
    expect(expired.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('offerings, initiatives, materials and events', () => {
  it('filters offerings by category, age group, support need and region including sub-regions', async () => {
    const a = await fx.actor({ slug: 'filter-actor', kind: ActorKind.HOSPITAL_TEACHING_UNIT });
    await fx.offering(a, {
      title: { fi: 'Arviointi Lappi' },
      categoryCodes: ['ASSESSMENT'],
      regionCodes: ['21'],
      ageGroups: [AgeGroup.LOWER_SECONDARY],
      supportNeedCodes: ['AUTISM'],
    });
    await fx.offering(a, {
      title: { fi: 'Konsultaatio Turku' },
      categoryCodes: ['CONSULTATION'],
      regionCodes: ['05'],
      ageGroups: [AgeGroup.PRIMARY],
    });
    const q = (filter: object) =>
      t.request(ServiceOfferingsDocument, { filter: { actorKinds: ['HOSPITAL_TEACHING_UNIT'], ...filter } });
    expect((await q({ regionCodes: ['OYS'] })).data?.serviceOfferings.nodes.map((n) => n.title)).toEqual([
      'Arviointi Lappi',
    ]);
    expect(
      (await q({ categoryCodes: ['CONSULTATION'] })).data?.serviceOfferings.nodes.map((n) => n.title),
    ).toEqual(['Konsultaatio Turku']);
    expect(
      (await q({ ageGroups: ['LOWER_SECONDARY'] })).data?.serviceOfferings.nodes.map((n) => n.title),
    ).toEqual(['Arviointi Lappi']);
    expect(
      (await q({ supportNeedCodes: ['AUTISM'] })).data?.serviceOfferings.nodes.map((n) => n.title),
    ).toEqual(['Arviointi Lappi']);
    expect((await q({})).data?.serviceOfferings.totalCount).toBe(2);
  });

  it('lists initiatives with participants, their materials and events, and hides draft materials', async () => {
    const lead = await fx.actor({ slug: 'init-lead' });
    const partner = await fx.actor({ slug: 'init-partner' });
    const initiative = await fx.initiative(lead, [partner], { title: 'Koulua käymättömät' });
    await fx.material(lead, { initiative, title: 'Opas', kind: MaterialKind.GUIDE });
    await fx.material(lead, {
      initiative,
      title: 'Luonnosvideo',
      kind: MaterialKind.VIDEO,
      status: PublicationStatus.DRAFT,
    });
    await fx.event([lead, partner], { initiative, regionCodes: ['HYKS'] });
    const res = await t.request(InitiativesDocument, {
      filter: { actorIds: [await actorGid('init-partner')] },
    });
    const node = res.data?.initiatives.nodes[0];
    expect(node?.title).toBe('Koulua käymättömät');
    expect(node?.participants.map((p) => [p.role, p.actor.slug])).toEqual([
      ['LEAD', 'init-lead'],
      ['PARTNER', 'init-partner'],
    ]);
    expect(node?.materials.totalCount).toBe(1);
    expect(node?.materials.nodes.map((m) => m.title)).toEqual(['Opas']);
    expect(node?.events.nodes).toHaveLength(1);
    const videos = await t.request(MaterialsDocument, {
      filter: { kinds: ['VIDEO'], publisherIds: [await actorGid('init-lead')] },
    });
    expect(videos.data?.materials.totalCount).toBe(0);
    const events = await t.request(EventsDocument, {
      filter: { regionCodes: ['HYKS'], from: '2027-01-01T00:00:00Z' },
    });
    expect(events.data?.events.nodes[0].organizers.map((o) => o.slug).sort()).toEqual([
      'init-lead',
      'init-partner',
    ]);
  });
});

describe('no N+1', () => {
  it('runs the same number of SQL statements for a 3-level query over 5 and over 50 actors', async () => {
    const em = t.em();
    const local = new Fixtures(em);
    await em
      .getConnection()
      .execute('delete from service_offering_region; delete from service_offering_category');
    const counts: number[] = [];
    let created = 0;
    for (const target of [5, 50]) {
      while (created < target) {
        created++;
        const a = await local.actor({ slug: `nplus-${created}`, kind: ActorKind.ELMERI_SCHOOL });
        await local.offering(a, { regionCodes: ['01', 'HYKS'] });
        await local.offering(a, { regionCodes: ['02'] });
      }
      const res = await t.request(ActorsWithServicesDocument, { first: 100, servicesFirst: 5 });
      expect(res.errors).toBeUndefined();
      expect(res.data?.actors.nodes.length).toBeGreaterThanOrEqual(target);
      counts.push(res.extensions?.sqlStatements as number);
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[0]);
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    const base = t.url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});

async function actorGid(slug: string): Promise<string> {
  const res = await t.request(ActorBySlugDocument, { slug });
  return res.data!.actor!.id;
}
