import ICAL from 'ical.js';
import { XMLParser } from 'fast-xml-parser';
import { Language, PublicationStatus } from '../../src/common/enums';
import { fromGlobalId } from '../../src/common/node';
import { Actor } from '../../src/modules/actor/actor.entity';
import { Event, EventKind, EventStatus } from '../../src/modules/event/event.entity';
import { MaterialKind, SharedMaterial } from '../../src/modules/material/material.entity';
import { loadDemoData } from '../../src/seed/demo-data';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';
import { expectBadParameters } from '../support/open-data';

/*
 * The calendar (RFC 5545) and the materials feed (RFC 4287), read back with real parsers (ical.js,
 * fast-xml-parser) and compared with the GraphQL lists; conditional GET with ETag and
 * Last-Modified.
 */

let t: TestHub;
let base: string;
let host: string;
let cancelled: Event;
let remote: Event;
let video: SharedMaterial;

/** An element's text, whether the parser gave it as a string or with its attributes. */
function textOf(value: unknown): string {
  return typeof value === 'object' && value
    ? String((value as { '#text': unknown })['#text'])
    : String(value);
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['entry', 'category', 'link', 'contributor'].includes(name),
});

async function calendar(path = '/calendar.ics', headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  const text = await res.text();
  const events =
    res.status === 200 ? new ICAL.Component(ICAL.parse(text) as unknown[]).getAllSubcomponents('vevent') : [];
  return { res, text, events };
}

interface AtomEntry {
  id: string;
  title: string;
  link: { href: string; rel?: string }[];
  updated: string;
  published?: string;
  summary: string;
  author: { name: string };
  contributor?: { name: string }[];
  category: { term: string; scheme?: string; label?: string }[];
}

async function atom(path = '/feeds/materials.atom', headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  const text = await res.text();
  const feed =
    res.status === 200
      ? (xml.parse(text) as { feed: { entry?: AtomEntry[] } & Record<string, unknown> }).feed
      : null;
  return { res, text, feed, entries: feed?.entry ?? [] };
}

/** The calendar's window: from midnight (UTC) 90 days ago. */
function calendarFrom(): string {
  const from = Date.now() - 90 * 24 * 3600 * 1000;
  return new Date(Math.floor(from / 86_400_000) * 86_400_000).toISOString();
}

async function gqlEvents(filter: object) {
  const res = await t.request<
    { events: { totalCount: number; nodes: { id: string; title: string }[] } },
    object
  >(
    `query($filter: EventFilter) { events(filter: $filter, first: 100, orderBy: { field: STARTS_AT }) { totalCount nodes { id title } } }`,
    { filter: { from: calendarFrom(), publicationStatus: ['PUBLISHED'], ...filter } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.events;
}

function uid(globalId: string): string {
  return `${fromGlobalId(globalId)!.id}@${host}`;
}

beforeAll(async () => {
  t = await startTestHub('feeds');
  base = t.url.replace(/\/graphql$/, '');
  host = new URL(base).host;
  await loadDemoData(t.em());
  const em = t.em();
  const f = new Fixtures(em);
  const valteri = await em.findOneOrFail(Actor, { slug: 'valteri' });
  cancelled = await f.event([valteri], {
    title: 'Peruttu verkostopäivä',
    regionCodes: ['13'],
    location: 'Kuopio',
  });
  cancelled.status = EventStatus.CANCELLED;
  remote = await f.event([valteri], {
    title: { fi: 'Etäwebinaari', sv: 'Distanswebbinarium' },
    kind: EventKind.WEBINAR,
    regionCodes: ['20'],
    startsAt: new Date('2027-03-01T10:00:00Z'),
  });
  remote.remoteParticipation = true;
  remote.endsAt = new Date('2027-03-01T11:30:00Z');
  remote.registrationUrl = 'https://example.org/ilmoittaudu';
  await f.event([valteri], { title: 'Luonnostapahtuma', publicationStatus: PublicationStatus.DRAFT });
  await f.event([valteri], { title: 'Vanha tapahtuma', startsAt: new Date('2020-01-01T08:00:00Z') });
  video = await f.material(valteri, {
    kind: MaterialKind.VIDEO,
    title: { fi: 'Video <tuesta> & koulusta', sv: 'Video om stöd' },
  });
  video.video = {
    durationSeconds: 750,
    captionLanguages: [Language.FI, Language.SV],
    thumbnailUrl: null,
    spokenLanguages: [Language.FI],
  };
  await f.material(valteri, { title: 'Luonnosmateriaali', status: PublicationStatus.DRAFT });
  await em.flush();
});

afterAll(() => t.stop());

test('calendar.ics: one VEVENT per published event of the window, as GraphQL lists them', async () => {
  const { res, text, events } = await calendar();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  const gql = await gqlEvents({});
  expect(gql.totalCount).toBeGreaterThan(3);
  expect(events.map((e) => e.getFirstPropertyValue('uid'))).toEqual(gql.nodes.map((n) => uid(n.id)));
  expect(events.map((e) => e.getFirstPropertyValue('summary'))).toEqual(gql.nodes.map((n) => n.title));
  const summaries = events.map((e) => e.getFirstPropertyValue('summary'));
  expect(summaries).not.toContain('Luonnostapahtuma');
  expect(summaries).not.toContain('Vanha tapahtuma');
  for (const e of events) {
    const start = e.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.isDate).toBe(false);
    expect(start.zone?.tzid).toBe('UTC');
  }
});

test('times in UTC, location, URL, remote participation, and cancelled events as STATUS:CANCELLED', async () => {
  const { events, text } = await calendar();
  const byUid = new Map(events.map((e) => [e.getFirstPropertyValue('uid'), e]));
  const w = byUid.get(`${remote.id}@${host}`)!;
  expect((w.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(
    '2027-03-01T10:00:00.000Z',
  );
  expect((w.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString()).toBe(
    '2027-03-01T11:30:00.000Z',
  );
  expect(w.getFirstPropertyValue('url')).toBe('https://example.org/ilmoittaudu');
  expect(w.getFirstPropertyValue('description')).toContain('Etäosallistuminen: kyllä');
  expect(w.getFirstPropertyValue('status')).toBe('CONFIRMED');
  expect(text).toContain('DTSTART:20270301T100000Z');
  const c = byUid.get(`${cancelled.id}@${host}`)!;
  expect(c.getFirstPropertyValue('status')).toBe('CANCELLED');
  expect(c.getFirstPropertyValue('location')).toBe('Kuopio');
  expect(c.getFirstPropertyValue('description')).toContain('Etäosallistuminen: ei');
});

test('a changed event keeps its UID and gets a higher SEQUENCE', async () => {
  const before = (await calendar()).events.find(
    (e) => e.getFirstPropertyValue('uid') === `${remote.id}@${host}`,
  )!;
  const em = t.em();
  const event = await em.findOneOrFail(Event, { id: remote.id });
  event.titleI18n = { ...event.titleI18n, fi: 'Etäwebinaari (siirretty)' } as typeof event.titleI18n;
  event.startsAt = new Date('2027-03-01T09:00:00Z');
  await em.flush();
  const after = (await calendar()).events.find(
    (e) => e.getFirstPropertyValue('uid') === `${remote.id}@${host}`,
  )!;
  expect(after.getFirstPropertyValue('summary')).toBe('Etäwebinaari (siirretty)');
  expect(Number(after.getFirstPropertyValue('sequence'))).toBeGreaterThan(
    Number(before.getFirstPropertyValue('sequence')),
  );
});

test('calendar filters: region, kind, initiative, lang', async () => {
  const region = await calendar('/calendar.ics?region=13');
  expect(region.events.map((e) => e.getFirstPropertyValue('uid'))).toEqual(
    (await gqlEvents({ regionCodes: ['13'] })).nodes.map((n) => uid(n.id)),
  );
  const webinars = await calendar('/calendar.ics?kind=WEBINAR&lang=sv');
  const gqlWebinars = await gqlEvents({ kinds: ['WEBINAR'] });
  expect(webinars.events.map((e) => e.getFirstPropertyValue('uid'))).toEqual(
    gqlWebinars.nodes.map((n) => uid(n.id)),
  );
  expect(webinars.events.map((e) => e.getFirstPropertyValue('summary'))).toContain('Distanswebbinarium');
  expect(webinars.text).toContain('X-WR-CALNAME:Vaatu Hub – evenemang');

  const initiatives = await t.request<{ initiatives: { nodes: { id: string }[] } }, object>(
    '{ initiatives(first: 100) { nodes { id } } }',
  );
  for (const { id } of initiatives.data!.initiatives.nodes) {
    const cal = await calendar(`/calendar.ics?initiative=${id}`);
    expect(cal.events.map((e) => e.getFirstPropertyValue('uid'))).toEqual(
      (await gqlEvents({ initiativeIds: [id] })).nodes.map((n) => uid(n.id)),
    );
  }
});

test('materials.atom: newest first, videos with duration and caption languages, text escaped', async () => {
  const { res, feed, entries, text } = await atom();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  expect(feed!.xmlns).toBe('http://www.w3.org/2005/Atom');
  const gql = await t.request<
    { materials: { nodes: { id: string; title: string; publishedAt: string }[] } },
    object
  >('{ materials(filter: { status: [PUBLISHED] }, first: 50) { nodes { id title publishedAt } } }');
  const expected = gql.data!.materials.nodes;
  expect(entries.map((e) => e.id)).toEqual(expected.map((m) => `urn:uuid:${fromGlobalId(m.id)!.id}`));
  const published = entries.map((e) => Date.parse(e.published!));
  expect([...published].sort((a, b) => b - a)).toEqual(published);
  expect(entries.map((e) => textOf(e.title))).not.toContain('Luonnosmateriaali');

  const v = entries.find((e) => e.id === `urn:uuid:${video.id}`)!;
  expect(textOf(v.title)).toBe('Video &lt;tuesta&gt; &amp; koulusta'); // HTML text of `type="html"`
  expect(text).not.toContain('<tuesta>');
  expect(v.category).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ term: 'VIDEO', label: 'Video' }),
      expect.objectContaining({ term: 'PT750S', scheme: expect.stringMatching(/#duration$/) }),
      expect.objectContaining({
        term: 'fi',
        scheme: expect.stringMatching(/#caption-language$/),
        label: 'suomi',
      }),
      expect.objectContaining({ term: 'sv', label: 'ruotsi' }),
    ]),
  );
  expect(textOf(v.summary)).toContain('Kesto 12 min 30 s');
  expect(textOf(v.summary)).toContain('Tekstitykset: suomi, ruotsi');
  expect(v.author.name).toBe('Oppimis- ja ohjauskeskus Valteri');
  expect(v.link[0].href).toMatch(/^https:\/\/example\.org\/materials\//);
});

test('feed filters: kind, region, publisher (slug or id), lang', async () => {
  const videos = await atom('/feeds/materials.atom?kind=VIDEO&lang=sv');
  expect(videos.entries.length).toBeGreaterThan(0);
  expect(videos.entries.every((e) => e.category.some((c) => c.term === 'VIDEO'))).toBe(true);
  expect(videos.entries.map((e) => textOf(e.title))).toContain('Video om stöd');
  expect(videos.text).toContain('Längd 12 min 30 s');

  const gql = await t.request<{ actor: { id: string; materials: { totalCount: number } } }, object>(
    '{ actor(slug: "valteri") { id materials(filter: { status: [PUBLISHED] }) { totalCount } } }',
  );
  const bySlug = await atom('/feeds/materials.atom?publisher=valteri');
  const byId = await atom(`/feeds/materials.atom?publisher=${gql.data!.actor.id}`);
  expect(bySlug.entries.length).toBe(Math.min(50, gql.data!.actor.materials.totalCount));
  expect(byId.entries.map((e) => e.id)).toEqual(bySlug.entries.map((e) => e.id));
  expect(bySlug.entries.every((e) => e.author.name === 'Oppimis- ja ohjauskeskus Valteri')).toBe(true);

  // Valteri serves the whole country: its materials are in every region's feed; a school home's
  // only where it works.
  const kainuu = await atom('/feeds/materials.atom?region=20');
  expect(kainuu.entries.map((e) => e.id)).toContain(`urn:uuid:${video.id}`);
  const all = await atom();
  expect(kainuu.entries.length).toBeLessThan(all.entries.length + 1);
  const exact = await atom('/feeds/materials.atom?region=20&regionMatch=EXACT');
  expect(exact.entries.map((e) => e.id)).not.toContain(`urn:uuid:${video.id}`);
});

test('ETag and Last-Modified give 304 until something is written; caching headers fit', async () => {
  for (const path of ['/calendar.ics', '/feeds/materials.atom']) {
    const first = await fetch(`${base}${path}`);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(first.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    expect(first.headers.get('vary')).toBe('Authorization, Accept-Language');
    const notModified = await fetch(`${base}${path}`, { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);
    expect((await fetch(`${base}${path}`, { headers: { 'if-modified-since': lastModified } })).status).toBe(
      304,
    );
    expect((await fetch(`${base}${path}`, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  }
  const em = t.em();
  const valteri = await em.findOneOrFail(Actor, { slug: 'valteri' });
  const etags = await Promise.all(
    ['/calendar.ics', '/feeds/materials.atom'].map(async (p) =>
      (await fetch(`${base}${p}`)).headers.get('etag')!,
    ),
  );
  await new Fixtures(em).material(valteri, { title: 'Aivan uusi opas' });
  const feed = await atom('/feeds/materials.atom', { 'if-none-match': etags[1] });
  expect(feed.res.status).toBe(200);
  expect(textOf(feed.entries[0].title)).toBe('Aivan uusi opas');
  expect((await fetch(`${base}/calendar.ics`, { headers: { 'if-none-match': etags[0] } })).status).toBe(200);
});

test('bad input is a JSON 400 naming the parameter', async () => {
  const cases: [string, string][] = [
    ['/calendar.ics?region=NOWHERE', 'region'],
    ['/calendar.ics?regionMatch=EXACT', 'regionMatch'],
    ['/calendar.ics?kind=PARTY', 'kind'],
    ['/calendar.ics?initiative=nope', 'initiative'],
    ['/calendar.ics?lang=de', 'lang'],
    ['/calendar.ics?from=2020-01-01', 'from'],
    ['/feeds/materials.atom?kind=PODCAST', 'kind'],
    ['/feeds/materials.atom?region=NOWHERE', 'region'],
    ['/feeds/materials.atom?publisher=nobody-at-all', 'publisher'],
    ['/feeds/materials.atom?region=13&region=14', 'region'],
  ];
  await expectBadParameters(base, cases);
  expect((await fetch(`${base}/feeds/materials.rss`)).status).toBe(404);
  expect((await fetch(`${base}/calendar.ics`, { method: 'POST' })).status).toBe(405);
});
