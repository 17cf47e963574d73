import { Role } from '../../src/common/context';
import { Language, PublicationStatus } from '../../src/common/enums';
import { fromGlobalId, toGlobalId } from '../../src/common/node';
import { Actor, ActorKind } from '../../src/modules/actor/actor.entity';
import { MaterialKind, SharedMaterial } from '../../src/modules/material/material.entity';
import { loadDemoData } from '../../src/seed/demo-data';
import {
  CaptionReportDocument,
  CreateVideoDocument,
  MaterialCaptionsDocument,
  MaterialPublishedDocument,
  MaterialsWithIssuesDocument,
  MaterialUpdatesDocument,
  PublishVideoDocument,
  UpdateVideoDocument,
  type AccessibilityIssueCode,
} from '../support/generated/graphql';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';
import { connectWs, TestWsClient } from '../support/ws';

let t: TestHub;
let fx: Fixtures;
let studio: Actor;
let other: Actor;
let editor: string;
let otherEditor: string;
let coordinator: string;
let staff: string;
const clients: TestWsClient[] = [];
const DAY = 86_400_000;

function ws(token?: string): TestWsClient {
  const c = connectWs(t.url, { token });
  clients.push(c);
  return c;
}

/** A VIDEO created through the API as a DRAFT of `studio`. */
async function createVideo(spokenLanguages: Language[] | undefined, captionLanguages: Language[]) {
  const res = await t.request(
    CreateVideoDocument,
    {
      input: {
        publisherId: toGlobalId('Actor', studio.id),
        kind: 'VIDEO',
        title: { fi: 'Tallenne' },
        url: 'https://example.org/video',
        video: { durationSeconds: 600, captionLanguages, spokenLanguages },
      },
    },
    { token: editor },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createSharedMaterial.sharedMaterial;
}

/** Moves a material's publication back in time, as if published `days` ago. */
async function publishedDaysAgo(globalId: string, days: number): Promise<void> {
  await t
    .em()
    .nativeUpdate(
      SharedMaterial,
      { id: fromGlobalId(globalId)!.id },
      { publishedAt: new Date(Date.now() - days * DAY) },
    );
}

beforeAll(async () => {
  t = await startTestHub('captions', { ANNOUNCE_POLL_MS: '500' });
  fx = new Fixtures(t.em());
  studio = await fx.actor({ slug: 'studio', kind: ActorKind.VALTERI, name: { fi: 'Studio' } });
  other = await fx.actor({ slug: 'other', name: { fi: 'Toinen' } });
  editor = await t.token({ actor: 'studio', roles: [Role.EDITOR], sub: 'studio-editor' });
  otherEditor = await t.token({ actor: 'other', roles: [Role.EDITOR], sub: 'other-editor' });
  coordinator = await t.token({ roles: [Role.COORDINATOR], sub: 'coordinator' });
  staff = await t.token({ actor: 'studio', roles: [], sub: 'studio-staff' });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(async () => {
  await t?.stop();
});

describe('captions of a video', () => {
  it('lists the spoken languages without captions and flags them, in the request’s language', async () => {
    const v = await createVideo([Language.SV, Language.FI], [Language.FI, Language.EN]);
    expect(v.video).toEqual({ spokenLanguages: ['SV', 'FI'], captionLanguages: ['FI', 'EN'] });
    expect(v.captionsMissing).toEqual(['SV']);
    expect(v.accessibilityIssues).toEqual([
      {
        code: 'CAPTIONS_MISSING',
        languages: ['SV'],
        dueAt: null,
        message: 'Videosta puuttuu tekstitys puhutulla kielellä: ruotsi.',
      },
    ]);
    const messages = async (lang: string) =>
      (await t.request(MaterialCaptionsDocument, { id: v.id }, { token: editor, lang })).data?.material
        ?.accessibilityIssues[0].message;
    expect(await messages('sv-FI')).toBe('Videon saknar undertexter på det talade språket: svenska.');
    expect(await messages('en')).toBe('The video has no captions in its spoken language: Swedish.');
    const explicit = await t.request(
      MaterialCaptionsDocument,
      { id: v.id, lang: 'EN' },
      { token: editor, lang: 'fi' },
    );
    expect(explicit.data?.material?.accessibilityIssues[0]).toMatchObject({
      message: 'Videosta puuttuu tekstitys puhutulla kielellä: ruotsi.',
      localized: 'The video has no captions in its spoken language: Swedish.',
    });
  });

  it('flags a video without spoken languages as CAPTIONS_UNKNOWN, with nothing listed as missing', async () => {
    const v = await createVideo(undefined, []);
    expect(v.video?.spokenLanguages).toEqual([]);
    expect(v.captionsMissing).toEqual([]);
    expect(v.accessibilityIssues.map((i) => i.code)).toEqual(['CAPTIONS_UNKNOWN']);
    expect(v.accessibilityIssues[0].message).toMatch(/puhuttuja kieliä ei ole kerrottu/);
    const guide = await fx.material(studio, { kind: MaterialKind.GUIDE });
    const g = await t.request(MaterialCaptionsDocument, { id: toGlobalId('SharedMaterial', guide.id) });
    expect(g.data?.material).toMatchObject({ video: null, captionsMissing: [], accessibilityIssues: [] });
  });

  it('publishes a video with missing captions and says so; overdue after 14 days', async () => {
    const v = await createVideo([Language.FI], []);
    const published = await t.request(
      PublishVideoDocument,
      { id: v.id, version: v.version },
      { token: editor },
    );
    expect(published.errors).toBeUndefined();
    const m = published.data!.publishSharedMaterial.sharedMaterial;
    expect(m.status).toBe('PUBLISHED');
    expect(m.accessibilityIssues.map((i) => i.code)).toEqual(['CAPTIONS_MISSING']);
    const due = new Date(m.accessibilityIssues[0].dueAt!).getTime();
    expect(Math.abs(due - (Date.now() + 14 * DAY))).toBeLessThan(60_000);

    await publishedDaysAgo(v.id, 13);
    const notYet = await t.request(MaterialCaptionsDocument, { id: v.id });
    expect(notYet.data?.material?.accessibilityIssues.map((i) => i.code)).toEqual(['CAPTIONS_MISSING']);
    await publishedDaysAgo(v.id, 15);
    const overdue = await t.request(MaterialCaptionsDocument, { id: v.id }, { lang: 'en' });
    expect(overdue.data?.material?.accessibilityIssues).toEqual([
      expect.objectContaining({ code: 'CAPTIONS_MISSING', languages: ['FI'] }),
      expect.objectContaining({
        code: 'CAPTIONS_OVERDUE',
        languages: ['FI'],
        message: 'Captions are still missing more than 14 days after publication: Finnish.',
      }),
    ]);
  });

  it('reads a video stored before spoken languages existed as CAPTIONS_UNKNOWN', async () => {
    const v = await createVideo([Language.FI], [Language.FI]);
    await t
      .em()
      .execute(`update shared_material set video = video - 'spoken_languages' where id = ?`, [
        fromGlobalId(v.id)!.id,
      ]);
    const res = await t.request(MaterialCaptionsDocument, { id: v.id }, { token: editor });
    expect(res.errors).toBeUndefined();
    expect(res.data?.material).toMatchObject({
      video: { spokenLanguages: [], captionLanguages: ['FI'] },
      captionsMissing: [],
      accessibilityIssues: [{ code: 'CAPTIONS_UNKNOWN' }],
    });
  });

  it('filters materials by issue exactly as each material reports its issues', async () => {
    const overdue = await createVideo([Language.FI, Language.SV], [Language.SV]);
    await t.request(PublishVideoDocument, { id: overdue.id, version: overdue.version }, { token: editor });
    await publishedDaysAgo(overdue.id, 30);
    await createVideo([Language.FI], [Language.FI]); // captioned: no issue
    await fx.material(studio, { kind: MaterialKind.DOCUMENT });
    const all = await t.request(MaterialsWithIssuesDocument, {}, { token: coordinator });
    const nodes = all.data!.materials.nodes;
    const codes: AccessibilityIssueCode[] = ['CAPTIONS_MISSING', 'CAPTIONS_UNKNOWN', 'CAPTIONS_OVERDUE'];
    for (const code of codes) {
      const filtered = await t.request(
        MaterialsWithIssuesDocument,
        { filter: { accessibilityIssues: [code] } },
        { token: coordinator },
      );
      const expected = nodes
        .filter((n) => n.accessibilityIssues.some((i) => i.code === code))
        .map((n) => n.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(filtered.data!.materials.nodes.map((n) => n.id).sort()).toEqual(expected.sort());
    }
    const either = await t.request(
      MaterialsWithIssuesDocument,
      { filter: { accessibilityIssues: ['CAPTIONS_UNKNOWN', 'CAPTIONS_OVERDUE'] } },
      { token: coordinator },
    );
    expect(either.data!.materials.nodes.map((n) => n.id).sort()).toEqual(
      nodes
        .filter((n) =>
          n.accessibilityIssues.some((i) => ['CAPTIONS_UNKNOWN', 'CAPTIONS_OVERDUE'].includes(i.code)),
        )
        .map((n) => n.id)
        .sort(),
    );
    // Anonymous readers filter only what they may see: published videos.
    const anonymous = await t.request(MaterialsWithIssuesDocument, {
      filter: { accessibilityIssues: ['CAPTIONS_OVERDUE'] },
    });
    expect(anonymous.data!.materials.nodes.map((n) => n.id)).toContain(overdue.id);
    const bad = await t.request(MaterialsWithIssuesDocument, {
      filter: { accessibilityIssues: ['CAPTIONS_LATE' as AccessibilityIssueCode] },
    });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('adding captions later', () => {
  it('is an update that keeps the other video details, clears the issue and is announced only with includeUpdates', async () => {
    const v = await createVideo([Language.FI, Language.SV], [Language.FI]);
    const published = await t.request(
      PublishVideoDocument,
      { id: v.id, version: v.version },
      { token: editor },
    );
    const version = published.data!.publishSharedMaterial.sharedMaterial.version;
    const withUpdates = ws().subscribe(MaterialUpdatesDocument, { includeUpdates: true });
    const plain = ws().subscribe(MaterialUpdatesDocument, {});
    const plainFalse = ws().subscribe(MaterialUpdatesDocument, { includeUpdates: false });
    await Promise.all([withUpdates.ready, plain.ready, plainFalse.ready]);

    const updated = await t.request(
      UpdateVideoDocument,
      { id: v.id, version, input: { video: { captionLanguages: ['FI', 'SV'] } } },
      { token: editor },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateSharedMaterial.sharedMaterial).toMatchObject({
      video: { spokenLanguages: ['FI', 'SV'], captionLanguages: ['FI', 'SV'], durationSeconds: 600 },
      captionsMissing: [],
      accessibilityIssues: [],
    });
    await withUpdates.waitFor(1);
    expect(withUpdates.received[0].data?.materialPublished).toMatchObject({
      change: 'UPDATED',
      material: { id: v.id, version: version + 1, captionsMissing: [], accessibilityIssues: [] },
    });
    // The sentinel: a new publication reaches everyone, and the plain subscribers got nothing before it.
    const sentinel = await createVideo([Language.FI], []);
    await t.request(PublishVideoDocument, { id: sentinel.id, version: sentinel.version }, { token: editor });
    await Promise.all([withUpdates.waitFor(2), plain.waitFor(1), plainFalse.waitFor(1)]);
    for (const sub of [plain, plainFalse]) {
      expect(
        sub.received.map((r) => [r.data?.materialPublished.change, r.data?.materialPublished.material.id]),
      ).toEqual([['PUBLISHED', sentinel.id]]);
    }
    expect(withUpdates.received.map((r) => r.data?.materialPublished.change)).toEqual([
      'UPDATED',
      'PUBLISHED',
    ]);
    // The existing operation without the new argument behaves as before.
    const old = ws().subscribe(MaterialPublishedDocument, {
      after: withUpdates.received[0].data!.materialPublished.cursor,
    });
    await old.waitFor(1);
    expect(old.received.map((r) => r.data?.materialPublished.material.id)).toEqual([sentinel.id]);
  });

  it('replays updates after a cursor to those who ask for them', async () => {
    const v = await createVideo([Language.EN], []);
    const first = ws().subscribe(MaterialUpdatesDocument, { includeUpdates: true });
    await first.ready;
    const p = await t.request(PublishVideoDocument, { id: v.id, version: v.version }, { token: editor });
    await first.waitFor(1);
    const cursor = first.received[0].data!.materialPublished.cursor;
    await t.request(
      UpdateVideoDocument,
      {
        id: v.id,
        version: p.data!.publishSharedMaterial.sharedMaterial.version,
        input: { video: { captionLanguages: ['EN'] } },
      },
      { token: editor },
    );
    await first.waitFor(2);
    const resumed = ws().subscribe(MaterialUpdatesDocument, { after: cursor, includeUpdates: true });
    await resumed.waitFor(1);
    expect(resumed.received[0].data?.materialPublished).toMatchObject({
      change: 'UPDATED',
      material: { id: v.id },
    });
  });

  it('does not announce edits of drafts, even to those who ask for updates', async () => {
    const sub = ws().subscribe(MaterialUpdatesDocument, { includeUpdates: true });
    await sub.ready;
    const draft = await createVideo([Language.FI], []);
    await t.request(
      UpdateVideoDocument,
      { id: draft.id, version: draft.version, input: { video: { captionLanguages: ['FI'] } } },
      { token: editor },
    );
    const sentinel = await createVideo([Language.FI], [Language.FI]);
    await t.request(PublishVideoDocument, { id: sentinel.id, version: sentinel.version }, { token: editor });
    await sub.waitFor(1);
    expect(sub.received.map((r) => r.data?.materialPublished.material.id)).toEqual([sentinel.id]);
  });
});

describe('captionReport', () => {
  let reportStudio: Actor;
  let reportOther: Actor;
  let lateId: string;

  beforeAll(async () => {
    reportStudio = await fx.actor({ slug: 'report-studio', name: { fi: 'Raporttistudio' } });
    reportOther = await fx.actor({ slug: 'report-other', name: { fi: 'Raporttitoinen' } });
    const video = async (
      publisher: Actor,
      spoken: Language[],
      captions: Language[],
      daysAgo: number,
      status = PublicationStatus.PUBLISHED,
    ) => {
      const m = await fx.material(publisher, { kind: MaterialKind.VIDEO, status, title: `Video ${daysAgo}` });
      await t.em().nativeUpdate(
        SharedMaterial,
        { id: m.id },
        {
          video: {
            durationSeconds: 60,
            spokenLanguages: spoken,
            captionLanguages: captions,
            thumbnailUrl: null,
          },
          publishedAt: status === PublicationStatus.PUBLISHED ? new Date(Date.now() - daysAgo * DAY) : null,
        },
      );
      return toGlobalId('SharedMaterial', m.id);
    };
    await video(reportStudio, [Language.FI], [Language.FI], 100); // captioned
    await video(reportStudio, [Language.FI, Language.SV], [Language.FI], 3); // missing, within 14 days
    lateId = await video(reportStudio, [Language.SV], [], 40); // missing, overdue
    await video(reportStudio, [], [], 20); // unknown
    await video(reportStudio, [Language.FI], [], 50, PublicationStatus.DRAFT); // not counted
    await video(reportOther, [Language.EN], [], 60); // another publisher's overdue video
  });

  const ids = (...actors: Actor[]) => actors.map((a) => toGlobalId('Actor', a.id));

  it('counts each publisher’s published videos by captioning for coordinators', async () => {
    const res = await t.request(
      CaptionReportDocument,
      { filter: { publisherIds: ids(reportStudio, reportOther) } },
      { token: coordinator },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.captionReport).toEqual([
      {
        publisher: { slug: 'report-studio' },
        published: 4,
        captioned: 1,
        missing: 2,
        overdue: 1,
        unknown: 1,
        overdueVideos: [{ id: lateId, title: 'Video 40', captionsMissing: ['SV'] }],
      },
      {
        publisher: { slug: 'report-other' },
        published: 1,
        captioned: 0,
        missing: 1,
        overdue: 1,
        unknown: 0,
        overdueVideos: [expect.objectContaining({ captionsMissing: ['EN'] })],
      },
    ]);
    const all = await t.request(CaptionReportDocument, {}, { token: coordinator });
    const slugs = all.data!.captionReport.map((r) => r.publisher.slug);
    expect(slugs).toEqual(expect.arrayContaining(['report-other', 'report-studio', 'studio']));
    expect(slugs).not.toContain('other'); // no published videos
    const recent = await t.request(
      CaptionReportDocument,
      {
        filter: {
          publisherIds: ids(reportStudio),
          publishedAfter: new Date(Date.now() - 30 * DAY).toISOString(),
        },
      },
      { token: coordinator },
    );
    expect(recent.data!.captionReport[0]).toMatchObject({ published: 2, missing: 1, overdue: 0, unknown: 1 });
  });

  it('gives an editor their own actor’s report, zeros included, and nothing of another actor', async () => {
    const own = await t.request(CaptionReportDocument, {}, { token: otherEditor });
    expect(own.data!.captionReport).toEqual([
      {
        publisher: { slug: 'other' },
        published: 0,
        captioned: 0,
        missing: 0,
        overdue: 0,
        unknown: 0,
        overdueVideos: [],
      },
    ]);
    const mine = await t.request(
      CaptionReportDocument,
      { filter: { publisherIds: ids(studio) } },
      { token: editor },
    );
    expect(mine.data!.captionReport.map((r) => r.publisher.slug)).toEqual(['studio']);
    const theirs = await t.request(
      CaptionReportDocument,
      { filter: { publisherIds: ids(studio, other) } },
      { token: otherEditor },
    );
    expect(theirs.data).toBeNull();
    expect(theirs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses other staff, anonymous readers and bad ids with their codes', async () => {
    const plainStaff = await t.request(CaptionReportDocument, {}, { token: staff });
    expect(plainStaff.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.request(CaptionReportDocument, {});
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const badId = await t.request(
      CaptionReportDocument,
      { filter: { publisherIds: ['nope'] } },
      { token: coordinator },
    );
    expect(badId.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['filter.publisherIds.0'],
    });
    const unknown = await t.request(
      CaptionReportDocument,
      { filter: { publisherIds: [toGlobalId('Actor', '00000000-0000-4000-8000-000000000000')] } },
      { token: coordinator },
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('shows the demo data’s videos with and without captions', async () => {
    await loadDemoData(t.em());
    const demo = await t
      .em()
      .find(Actor, { slug: { $in: ['valteri', 'sairaalaopetus-tampere', 'sairaalaopetus-helsinki'] } });
    const res = await t.request(
      CaptionReportDocument,
      { filter: { publisherIds: ids(...demo) } },
      { token: coordinator },
    );
    const rows = Object.fromEntries(res.data!.captionReport.map((r) => [r.publisher.slug, r]));
    expect(rows.valteri).toMatchObject({ published: 3, captioned: 2, missing: 1, overdue: 1 });
    expect(rows['sairaalaopetus-tampere']).toMatchObject({ published: 1, missing: 1, overdue: 0 });
    expect(rows['sairaalaopetus-helsinki']).toMatchObject({ published: 1, unknown: 1 });
  });
});

describe('the migration', () => {
  it('keeps existing videos whole and marks their spoken languages as not given (and back)', async () => {
    const migrator = t.hub.db.orm.getMigrator();
    const ours = 'Migration20261202160931_captions_spoken_languages';
    // The record is made while the entity and the schema agree (later migrations add columns
    // the entity reads); the down migrations then take it back to the old shape.
    const legacy = await fx.material(studio, { kind: MaterialKind.VIDEO, title: 'Vanha video' });
    // Down to and including ours (and the later ones), up again below.
    await migrator.down({ to: ours });
    await t
      .em()
      .execute(
        `update shared_material set video = '{"duration_seconds": 90, "caption_languages": ["SV"], "thumbnail_url": "https://example.org/t.png"}' where id = ?`,
        [legacy.id],
      );
    await migrator.up();
    const [row] = await t
      .em()
      .execute<{ video: unknown }[]>('select video from shared_material where id = ?', [legacy.id]);
    expect(row.video).toEqual({
      duration_seconds: 90,
      caption_languages: ['SV'],
      thumbnail_url: 'https://example.org/t.png',
      spoken_languages: [],
    });
    expect((await migrator.getPendingMigrations()).length).toBe(0);
  });
});
