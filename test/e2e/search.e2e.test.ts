import { PublicationStatus } from '../../src/common/enums';
import { Role } from '../../src/common/context';
import { toGlobalId } from '../../src/common/node';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import {
  ActorsDocument,
  EventsDocument,
  InitiativesDocument,
  MaterialsDocument,
  SearchDocument,
  SearchQuery,
  SearchQueryVariables,
  ServiceOfferingsDocument,
} from '../support/generated/graphql';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';

let t: TestHub;

type Hit = SearchQuery['search']['edges'][number]['node'];

/** Global ids of the records the fixtures below create, by role in the tests. */
const ids: Record<string, string> = {};

function search(variables: SearchQueryVariables, token?: string) {
  return t.request(SearchDocument, variables, { token });
}

function idOf(hit: Hit): string {
  return hit.item.id;
}

async function hits(variables: SearchQueryVariables, token?: string): Promise<Hit[]> {
  const res = await search({ first: 100, ...variables }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.search.edges.map((e) => e.node);
}

beforeAll(async () => {
  t = await startTestHub('search');
  const fx = new Fixtures(t.em());
  const owner = await fx.actor({ slug: 'hakutoimija', kind: ActorKind.VALTERI, name: { fi: 'Hakutoimija' } });
  const other = await fx.actor({ slug: 'muu-toimija', name: { fi: 'Muu toimija' } });
  const valteri = await fx.actor({
    slug: 'valteri-onerva',
    kind: ActorKind.VALTERI,
    name: { fi: 'Valteri Onerva', sv: 'Valteri Onerva' },
    description: { fi: 'Oppimis- ja ohjauskeskuksen yksikkö.' },
  });
  ids.valteri = toGlobalId('Actor', valteri.id);

  const inflected = await fx.offering(owner, {
    title: { fi: 'Tukijakso perheille', sv: 'Stödperiod för familjer' },
    description: { fi: 'Jakso koulua käymättömien oppilaiden tukemiseen.' },
  });
  ids.inflected = toGlobalId('ServiceOffering', inflected.id);
  const draft = await fx.offering(owner, {
    title: { fi: 'Luonnosryhmä koulua käymättömien oppilaiden vanhemmille' },
    status: PublicationStatus.DRAFT,
  });
  ids.draft = toGlobalId('ServiceOffering', draft.id);
  const titleHit = await fx.offering(other, {
    title: { fi: 'Sopeutumisvalmennus' },
    description: { fi: 'Lyhyt kurssi vanhemmille.' },
  });
  ids.titleHit = toGlobalId('ServiceOffering', titleHit.id);
  const descriptionHit = await fx.offering(other, {
    title: { fi: 'Perhekurssi' },
    description: {
      fi: 'Sopeutumisvalmennus <script>alert(1)</script> & tukea: sopeutumisvalmennus, sopeutumisvalmennus.',
    },
  });
  ids.descriptionHit = toGlobalId('ServiceOffering', descriptionHit.id);

  const guide = await fx.material(other, { title: 'Opas koulua käymättömien lasten tukemiseen' });
  ids.guide = toGlobalId('SharedMaterial', guide.id);
  const swedish = await fx.material(other, {
    title: { fi: 'Opas kouluun', sv: 'Stöd i skola för elever' },
  });
  ids.swedish = toGlobalId('SharedMaterial', swedish.id);
  for (let i = 1; i <= 7; i++) await fx.material(other, { title: `Kuntoutusopas ${i}` });

  const initiative = await fx.initiative(owner, [other], {
    title: 'Verkosto koulua käymättömien tueksi',
  });
  ids.initiative = toGlobalId('JointInitiative', initiative.id);
  const event = await fx.event([owner], {
    title: 'Verkostopäivät',
    description: { fi: 'Valtakunnalliset verkostopäivät Jyväskylässä.' },
  });
  ids.event = toGlobalId('Event', event.id);
});

afterAll(async () => {
  await t?.stop();
});

describe('search: matching', () => {
  it('matches inflected Finnish forms and highlights them in the snippet', async () => {
    const found = await hits({ query: 'koulua käymättömät' });
    const offering = found.find((h) => idOf(h) === ids.inflected);
    expect(offering).toBeDefined();
    expect(offering!.snippet).toContain('<mark>koulua</mark> <mark>käymättömien</mark>');
    expect(found.map(idOf)).toEqual(expect.arrayContaining([ids.guide, ids.initiative]));
  });

  it('matches inflected Swedish forms: "skolan" finds "skola"', async () => {
    const found = await hits({ query: 'skolan', lang: 'SV' });
    const material = found.find((h) => idOf(h) === ids.swedish);
    expect(material?.snippet).toContain('<mark>skola</mark>');
  });

  it('narrows to one language with lang', async () => {
    expect((await hits({ query: 'skolan', lang: 'SV' })).map(idOf)).toContain(ids.swedish);
    expect((await hits({ query: 'skolan', lang: 'FI' })).map(idOf)).not.toContain(ids.swedish);
    expect((await hits({ query: 'skolan', lang: 'EN' })).map(idOf)).not.toContain(ids.swedish);
    // Without lang every language is searched.
    expect((await hits({ query: 'skolan' })).map(idOf)).toContain(ids.swedish);
  });

  it('ranks a title hit above a description-only hit, however often the description repeats the word', async () => {
    const found = await hits({ query: 'sopeutumisvalmennus' });
    expect(found.map(idOf)).toEqual([ids.titleHit, ids.descriptionHit]);
    expect(found[0].score).toBeGreaterThan(found[1].score);
  });

  it('escapes HTML in snippets', async () => {
    const [, described] = await hits({ query: 'sopeutumisvalmennus' });
    expect(described.snippet).toContain('&lt;script&gt;');
    expect(described.snippet).toContain('&amp;');
    expect(described.snippet).not.toContain('<script>');
  });

  it('narrows to the given types', async () => {
    const materials = await hits({ query: 'koulua käymättömät', types: ['MATERIAL'] });
    expect(materials.map(idOf)).toEqual([ids.guide]);
    const mixed = await hits({ query: 'koulua käymättömät', types: ['SERVICE_OFFERING', 'INITIATIVE'] });
    expect(new Set(mixed.map((h) => h.item.__typename))).toEqual(
      new Set(['ServiceOffering', 'JointInitiative']),
    );
  });

  it('understands web search syntax: -word excludes, or, quotes', async () => {
    const excluded = (await hits({ query: 'koulua käymättömät -perheille' })).map(idOf);
    expect(excluded).not.toContain(ids.inflected);
    expect(excluded).toContain(ids.guide);
    const either = (await hits({ query: 'sopeutumisvalmennus or verkostopäivät' })).map(idOf);
    expect(either).toEqual(expect.arrayContaining([ids.titleHit, ids.event]));
    const phrase = (await hits({ query: '"käymättömien lasten"' })).map(idOf);
    expect(phrase).toContain(ids.guide);
    expect(phrase).not.toContain(ids.inflected);
  });

  it('finds near misses for typos and word beginnings, below full-text hits', async () => {
    const typo = await hits({ query: 'Valtri' });
    expect(typo.map(idOf)).toContain(ids.valteri);
    const prefix = await hits({ query: 'sopeutumisval' });
    expect(prefix.map(idOf)).toEqual(expect.arrayContaining([ids.titleHit, ids.descriptionHit]));
    // Near misses score below the full-text tier (4 and up).
    for (const hit of [...typo, ...prefix]) expect(hit.score).toBeLessThan(4);
    const exact = await hits({ query: 'sopeutumisvalmennus' });
    expect(exact[0].score).toBeGreaterThanOrEqual(4);
  });

  it('takes any text as a query without leaking SQL errors', async () => {
    for (const query of ["'; drop table actor; --", 'koulu & | ! :* ( ) <-> "', '\\ ? ?? $1']) {
      const res = await search({ query });
      expect(res.errors).toBeUndefined();
      expect(res.data?.search.totalCount).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('search: visibility', () => {
  it('never shows a draft to anonymous readers, in the hits or in totalCount', async () => {
    const res = await search({ query: 'koulua käymättömät', first: 100 });
    const found = res.data!.search.edges.map((e) => e.node);
    expect(found.map(idOf)).not.toContain(ids.draft);
    expect(res.data!.search.totalCount).toBe(found.length);
    // A word only the draft has: not even the near-miss fallback may reveal it.
    const secret = await search({ query: 'luonnosryhmä' });
    expect(secret.data?.search.totalCount).toBe(0);
    expect(secret.data?.search.edges).toEqual([]);
  });

  it('shows a draft to staff of the owning actor, and only to them', async () => {
    const anonymous = await search({ query: 'koulua käymättömät', first: 100 });
    const owner = await search(
      { query: 'koulua käymättömät', first: 100 },
      await t.token({ actor: 'hakutoimija' }),
    );
    expect(owner.data!.search.edges.map((e) => idOf(e.node))).toContain(ids.draft);
    expect(owner.data!.search.totalCount).toBe(anonymous.data!.search.totalCount + 1);
    const stranger = await search(
      { query: 'luonnosryhmä' },
      await t.token({ actor: 'muu-toimija', roles: [Role.EDITOR] }),
    );
    expect(stranger.data?.search.totalCount).toBe(0);
    const coordinator = await search({ query: 'luonnosryhmä' }, await t.token({ roles: [Role.COORDINATOR] }));
    expect(coordinator.data?.search.edges.map((e) => idOf(e.node))).toEqual([ids.draft]);
  });
});

describe('search: paging', () => {
  it('pages with after: the next hits, no overlap, same order as one big page', async () => {
    const all = await hits({ query: 'kuntoutusopas' });
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    let after: string | null | undefined = null;
    let pages = 0;
    do {
      const res = await search({ query: 'kuntoutusopas', first: 3, after });
      expect(res.errors).toBeUndefined();
      const page = res.data!.search;
      expect(page.totalCount).toBe(7);
      seen.push(...page.edges.map((e) => idOf(e.node)));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.map(idOf));
    expect(new Set(seen).size).toBe(7);
  });

  it('loads the hit records per type, not per hit', async () => {
    const res = await search({ query: 'kuntoutusopas or sopeutumisvalmennus or verkostopäivät', first: 20 });
    expect(res.errors).toBeUndefined();
    const found = res.data!.search.edges.map((e) => e.node);
    const types = new Set(found.map((h) => h.item.__typename));
    expect(found.length).toBeGreaterThanOrEqual(10);
    expect(types.size).toBeGreaterThanOrEqual(3);
    // The ranked page (which counts every hit too), one load per type, the offerings' actors in one
    // batch: totalCount takes no statement of its own.
    expect(res.extensions?.sqlStatements).toBeLessThanOrEqual(1 + types.size + 1);
  });

  it('counts every hit for an empty page too: first 0, and past the last hit', async () => {
    const none = await search({ query: 'kuntoutusopas', first: 0 });
    expect(none.errors).toBeUndefined();
    expect(none.data!.search.edges).toEqual([]);
    expect(none.data!.search.totalCount).toBe(7);
    const last = await search({ query: 'kuntoutusopas', first: 7 });
    const past = await search({
      query: 'kuntoutusopas',
      first: 3,
      after: last.data!.search.pageInfo.endCursor,
    });
    expect(past.errors).toBeUndefined();
    expect(past.data!.search.edges).toEqual([]);
    expect(past.data!.search.pageInfo.hasNextPage).toBe(false);
    expect(past.data!.search.totalCount).toBe(7);
  });

  it('rejects a blank query, an overlong one and a forged cursor with BAD_USER_INPUT', async () => {
    for (const query of ['', '   ', '"" -']) {
      const res = await search({ query });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions?.fields).toEqual(['query']);
    }
    const long = await search({ query: 'koulu '.repeat(40) });
    expect(long.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const forged = await search({ query: 'koulu', after: 'bm90LWEtY3Vyc29y' });
    expect(forged.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(forged.errors?.[0].extensions?.fields).toEqual(['after']);
    const tooMany = await search({ query: 'koulu', first: 101 });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe("the list filters' search", () => {
  it('matches inflected forms in every list', async () => {
    const offerings = await t.request(ServiceOfferingsDocument, { filter: { search: 'koulua käymättömät' } });
    expect(offerings.data?.serviceOfferings.nodes.map((n) => n.id)).toEqual([ids.inflected]);
    const materials = await t.request(MaterialsDocument, { filter: { search: 'skolan' } });
    expect(materials.data?.materials.nodes.map((n) => n.id)).toEqual([ids.swedish]);
    const initiatives = await t.request(InitiativesDocument, { filter: { search: 'koulua käymättömät' } });
    expect(initiatives.data?.initiatives.nodes.map((n) => n.id)).toEqual([ids.initiative]);
    const events = await t.request(EventsDocument, { filter: { search: 'verkostopäivillä' } });
    expect(events.data?.events.nodes.map((n) => n.id)).toEqual([ids.event]);
  });

  it('falls back to similar titles only when the words match nothing', async () => {
    const typo = await t.request(ActorsDocument, { filter: { search: 'Valtri' } });
    expect(typo.data?.actors.edges.map((e) => e.node.slug)).toEqual(['valteri-onerva']);
    // "valteri" is found by full text, so near misses stay out.
    const exact = await t.request(ActorsDocument, { filter: { search: 'valteri' } });
    expect(exact.data?.actors.edges.map((e) => e.node.slug)).toEqual(['valteri-onerva']);
  });

  it('takes any text without errors', async () => {
    const res = await t.request(ServiceOfferingsDocument, { filter: { search: "'; ?? ? $1 :* & !" } });
    expect(res.errors).toBeUndefined();
  });

  it('keeps drafts out for anonymous readers, also through the fallback', async () => {
    const res = await t.request(ServiceOfferingsDocument, { filter: { search: 'luonnosryhmä' } });
    expect(res.data?.serviceOfferings.totalCount).toBe(0);
    const staff = await t.request(
      ServiceOfferingsDocument,
      { filter: { search: 'luonnosryhmä' } },
      { token: await t.token({ actor: 'hakutoimija' }) },
    );
    expect(staff.data?.serviceOfferings.nodes.map((n) => n.id)).toEqual([ids.draft]);
  });
});
