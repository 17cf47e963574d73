import { Client } from 'pg';
import WebSocket from 'ws';
import { Role } from '../../src/common/context';
import { PublicationStatus } from '../../src/common/enums';
import { toGlobalId } from '../../src/common/node';
import { Actor, ActorKind } from '../../src/modules/actor/actor.entity';
import { announce, AnnouncementTopic } from '../../src/modules/outbox';
import { MaterialKind } from '../../src/modules/material/material.entity';
import {
  AddInitiativeParticipantDocument,
  ArchiveSharedMaterialDocument,
  CreateServiceOfferingDocument,
  InitiativeChangedDocument,
  MaterialPublishedDocument,
  PublishServiceOfferingDocument,
  PublishSharedMaterialDocument,
  ServiceOfferingChangedDocument,
  UpdateSharedMaterialDocument,
} from '../support/generated/graphql';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TEST_JWT_SECRET, TestHub } from '../support/hub';
import { HubProcess, startHubProcess } from '../support/process';
import { connectWs, TestWsClient } from '../support/ws';

let t: TestHub;
let fx: Fixtures;
let publisher: Actor;
let editor: string;
const clients: TestWsClient[] = [];

function ws(token?: string): TestWsClient {
  const c = connectWs(t.url, { token });
  clients.push(c);
  return c;
}

/** Creates a DRAFT material and publishes it through the API; returns its global id. */
async function publishMaterial(kind: MaterialKind, title: string): Promise<string> {
  const m = await fx.material(publisher, { kind, title, status: PublicationStatus.DRAFT });
  const id = toGlobalId('SharedMaterial', m.id);
  const res = await t.request(PublishSharedMaterialDocument, { id, version: m.version }, { token: editor });
  expect(res.errors).toBeUndefined();
  return id;
}

/** Creates a DRAFT service offering in `regionCodes` and publishes it through the API; returns its global id. */
async function publishOffering(title: { fi: string }, regionCodes: string[]): Promise<string> {
  const o = await fx.offering(publisher, { regionCodes, status: PublicationStatus.DRAFT, title });
  const id = toGlobalId('ServiceOffering', o.id);
  const res = await t.request(PublishServiceOfferingDocument, { id, version: o.version }, { token: editor });
  expect(res.errors).toBeUndefined();
  return id;
}

beforeAll(async () => {
  t = await startTestHub('subscriptions', { ANNOUNCE_POLL_MS: '500' });
  fx = new Fixtures(t.em());
  publisher = await fx.actor({ slug: 'publisher', kind: ActorKind.VALTERI });
  editor = await t.token({ actor: 'publisher', roles: [Role.EDITOR], sub: 'pub-editor' });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(async () => {
  await t?.stop();
});

describe('materialPublished', () => {
  it('delivers each matching material once, when it is published, and not on edits or republishing', async () => {
    const videos = ws().subscribe(MaterialPublishedDocument, { filter: { kinds: ['VIDEO'] } });
    const all = ws().subscribe(MaterialPublishedDocument, {});
    await Promise.all([videos.ready, all.ready]);
    const guideId = await publishMaterial(MaterialKind.GUIDE, 'Opas');
    const videoId = await publishMaterial(MaterialKind.VIDEO, 'Video');
    await all.waitFor(2);
    await videos.waitFor(1);
    expect(all.received.map((r) => r.data?.materialPublished.material.id)).toEqual([guideId, videoId]);
    expect(videos.received.map((r) => r.data?.materialPublished.material)).toEqual([
      { id: videoId, kind: 'VIDEO', title: 'Video', status: 'PUBLISHED', publisher: { slug: 'publisher' } },
    ]);
    // An edit, an archive and a republish announce nothing more; a new publication does.
    await t.request(
      UpdateSharedMaterialDocument,
      { id: videoId, version: 2, input: { title: { fi: 'Video 2' } } },
      { token: editor },
    );
    await t.request(ArchiveSharedMaterialDocument, { id: videoId, version: 3 }, { token: editor });
    await t.request(PublishSharedMaterialDocument, { id: videoId, version: 4 }, { token: editor });
    const lastId = await publishMaterial(MaterialKind.VIDEO, 'Toinen video');
    await videos.waitFor(2);
    expect(videos.received.map((r) => r.data?.materialPublished.material.id)).toEqual([videoId, lastId]);
  });

  it('announces nothing for a rolled-back change', async () => {
    const sub = ws().subscribe(MaterialPublishedDocument, {});
    await sub.ready;
    const m = await fx.material(publisher, { status: PublicationStatus.PUBLISHED, title: 'Peruttu' });
    await expect(
      t.em().transactional(async (tx) => {
        await announce(tx, AnnouncementTopic.MATERIAL_PUBLISHED, 'PUBLISHED', m.id);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const committed = await publishMaterial(MaterialKind.GUIDE, 'Pysyvä');
    // The sentinel: announcements reach a subscriber in outbox order, so anything announced for
    // the rolled-back change would have come before this later publication.
    const sentinel = await publishMaterial(MaterialKind.GUIDE, 'Vartija');
    await sub.waitFor(2);
    expect(sub.received.map((r) => r.data?.materialPublished.material.id)).toEqual([committed, sentinel]);
  });

  it('replays exactly the missed matching announcements after a reconnect with `after`, then goes live', async () => {
    const first = ws();
    const sub = first.subscribe(MaterialPublishedDocument, { filter: { kinds: ['VIDEO'] } });
    await sub.ready;
    const v1 = await publishMaterial(MaterialKind.VIDEO, 'V1');
    await sub.waitFor(1);
    const cursor = sub.received[0].data!.materialPublished.cursor;
    await first.dispose();
    const v2 = await publishMaterial(MaterialKind.VIDEO, 'V2');
    await publishMaterial(MaterialKind.GUIDE, 'not a video');
    const v3 = await publishMaterial(MaterialKind.VIDEO, 'V3');
    const resumed = ws().subscribe(MaterialPublishedDocument, {
      filter: { kinds: ['VIDEO'] },
      after: cursor,
    });
    await resumed.ready;
    await resumed.waitFor(2);
    const v4 = await publishMaterial(MaterialKind.VIDEO, 'V4');
    await resumed.waitFor(3);
    // The sentinel, published once V4 arrived: a duplicate at the seam of replay and live delivery
    // would have reached the subscriber before it.
    const sentinel = await publishMaterial(MaterialKind.VIDEO, 'V5');
    await resumed.waitFor(4);
    expect(resumed.received.map((r) => r.data?.materialPublished.material.id)).toEqual([
      v2,
      v3,
      v4,
      sentinel,
    ]);
    expect(v1).not.toBe(v2);
  });

  it('refuses a malformed cursor and an invalid filter id with BAD_USER_INPUT', async () => {
    const c = ws();
    const bad = c.subscribe(MaterialPublishedDocument, { after: 'nope' });
    await bad.completed;
    expect(bad.received[0].errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badId = c.subscribe(MaterialPublishedDocument, { filter: { publisherIds: ['x'] } });
    await badId.completed;
    expect(badId.received[0].errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['filter.publisherIds.0'],
    });
  });
});

describe('serviceOfferingChanged', () => {
  it('never shows a draft to anonymous subscribers, but does to the owning staff', async () => {
    const anon = ws().subscribe(ServiceOfferingChangedDocument, {});
    const staff = ws(editor).subscribe(ServiceOfferingChangedDocument, {});
    await Promise.all([anon.ready, staff.ready]);
    const created = await t.request(
      CreateServiceOfferingDocument,
      {
        input: {
          actorId: toGlobalId('Actor', publisher.id),
          title: { fi: 'Uusi palvelu' },
          categoryCodes: ['ASSESSMENT'],
        },
      },
      { token: editor },
    );
    const id = created.data!.createServiceOffering.serviceOffering.id;
    await t.request(PublishServiceOfferingDocument, { id, version: 1 }, { token: editor });
    // The sentinel: a later publication both see; the draft's CREATED would have reached the
    // anonymous subscriber before it (announcements arrive in outbox order).
    const sentinel = await publishOffering({ fi: 'Vartija' }, ['05']);
    await staff.waitFor(3);
    await anon.waitFor(2);
    expect(
      staff.received.map((r) => [
        r.data?.serviceOfferingChanged.change,
        r.data?.serviceOfferingChanged.offering.id,
      ]),
    ).toEqual([
      ['CREATED', id],
      ['PUBLISHED', id],
      ['PUBLISHED', sentinel],
    ]);
    expect(
      anon.received.map((r) => [
        r.data?.serviceOfferingChanged.change,
        r.data?.serviceOfferingChanged.offering.id,
        r.data?.serviceOfferingChanged.offering.status,
      ]),
    ).toEqual([
      ['PUBLISHED', id, 'PUBLISHED'],
      ['PUBLISHED', sentinel, 'PUBLISHED'],
    ]);
  });

  it('matches region filters including sub-regions', async () => {
    const lapland = ws().subscribe(ServiceOfferingChangedDocument, { filter: { regionCodes: ['OYS'] } });
    await lapland.ready;
    await publishOffering({ fi: 'Turku' }, ['05']);
    await publishOffering({ fi: 'Lappi' }, ['21']);
    // The sentinel, also in Lapland: the Turku offering, published first, would have come before it.
    await publishOffering({ fi: 'Lappi 2' }, ['21']);
    await lapland.waitFor(2);
    expect(lapland.received.map((r) => r.data?.serviceOfferingChanged.offering.title)).toEqual([
      'Lappi',
      'Lappi 2',
    ]);
  });
});

describe('initiativeChanged', () => {
  it('announces participant changes to subscribers of the initiative', async () => {
    const other = await fx.actor({ slug: 'joiner' });
    const initiative = await fx.initiative(publisher);
    const initiativeId = toGlobalId('JointInitiative', initiative.id);
    const sub = ws().subscribe(InitiativeChangedDocument, { filter: { ids: [initiativeId] } });
    await sub.ready;
    await t.request(
      AddInitiativeParticipantDocument,
      { initiativeId, actorId: toGlobalId('Actor', other.id), role: 'PARTNER' },
      { token: editor },
    );
    const [event] = await sub.waitFor(1);
    expect(event.data?.initiativeChanged.change).toBe('PARTICIPANT_ADDED');
    expect(event.data?.initiativeChanged.initiative.participants.map((p) => p.actor.slug)).toEqual([
      'publisher',
      'joiner',
    ]);
  });
});

describe('security and limits on the socket', () => {
  it('pings every WS_KEEPALIVE_SECONDS and drops a peer that does not answer', async () => {
    const quick = await startTestHub('keepalive', { WS_KEEPALIVE_SECONDS: '1' });
    const url = quick.url.replace(/^http/, 'ws');
    const answering = new WebSocket(url, 'graphql-transport-ws');
    const silent = new WebSocket(url, 'graphql-transport-ws', { autoPong: false });
    // Initialised, or graphql-ws would close them after its 3 s initialisation timeout.
    for (const c of [answering, silent]) c.once('open', () => c.send('{"type":"connection_init"}'));
    try {
      let pings = 0;
      silent.on('ping', () => pings++);
      const silentClosed = new Promise<number>((resolve) => silent.once('close', resolve));
      let answeringClosed = false;
      answering.once('close', () => (answeringClosed = true));
      // The answering peer's third ping (sent at 3 s) comes after the deadline of its first pong
      // (2 s): had the server dropped it, the socket would close instead.
      let answeredPings = 0;
      const thirdPingOrClose = new Promise<void>((resolve) => {
        answering.on('ping', () => ++answeredPings >= 3 && resolve());
        answering.once('close', () => resolve());
      });
      // A ping after 1 s; no pong within 1 s more: the silent peer is cut off (1006, no close frame).
      // (graphql-ws's own default would first ping after 12 s: 10 s tells the setting was applied.)
      const stillOpen = new Promise<string>((r) =>
        setTimeout(() => r('still open after 10 s'), 10_000).unref(),
      );
      expect(await Promise.race([silentClosed, stillOpen])).toBe(1006);
      expect(pings).toBeGreaterThanOrEqual(1);
      await Promise.race([thirdPingOrClose, stillOpen]);
      expect(answeredPings).toBeGreaterThanOrEqual(3);
      expect(answeringClosed).toBe(false);
      expect(answering.readyState).toBe(WebSocket.OPEN);
    } finally {
      answering.terminate();
      silent.terminate();
      await quick.stop();
    }
  });

  it('closes the connection with 4403 on a bad token', async () => {
    const c = connectWs(t.url, { token: 'not.a.jwt', lazy: false });
    clients.push(c);
    expect(await c.closed).toBe(4403);
  });

  it('ends the subscription when the token expires', async () => {
    const shortLived = await t.token({ actor: 'publisher', roles: [Role.EDITOR], sub: 'short', ttl: 2 });
    const sub = ws(shortLived).subscribe(MaterialPublishedDocument, {});
    await sub.ready;
    await sub.completed;
    expect(sub.received.at(-1)?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('applies validation and a per-connection subscription limit', async () => {
    const c = ws();
    const invalid = c.subscribe(MaterialPublishedDocument, { filter: { kinds: ['NOPE' as never] } });
    await invalid.completed;
    expect(invalid.received[0].errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const subs = Array.from({ length: 20 }, () => c.subscribe(MaterialPublishedDocument, {}));
    await Promise.all(subs.map((s) => s.ready));
    const over = c.subscribe(MaterialPublishedDocument, {});
    await over.completed;
    expect(over.received[0].errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  });
});

describe('across instances and database connection loss', () => {
  let child: HubProcess | null = null;
  afterAll(async () => {
    await child?.stop();
  });

  it('delivers on a second server process what the first one commits, also across a lost connection', async () => {
    child = await startHubProcess({
      DATABASE_URL: t.hub.db.url,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'error',
      SEED_DEMO: 'false',
      ANNOUNCE_POLL_MS: '60000',
    });
    const otherUrl = child.url;
    const remote = connectWs(otherUrl);
    clients.push(remote);
    const sub = remote.subscribe(MaterialPublishedDocument, {});
    await sub.ready;
    const first = await publishMaterial(MaterialKind.GUIDE, 'Instanssi 1');
    await sub.waitFor(1);

    // Every connection of this database is cut, as in a server restart; the second instance's
    // listener must come back by itself and catch up on what was committed meanwhile.
    await terminateConnections(t.hub.db.url);
    const during = await retry(() => publishMaterial(MaterialKind.GUIDE, 'Katkon aikana'));
    const after = await retry(() => publishMaterial(MaterialKind.VIDEO, 'Katkon jälkeen'));
    await sub.waitFor(3, 20_000);
    expect(sub.received.map((r) => r.data?.materialPublished.material.id)).toEqual([first, during, after]);
  }, 60_000);
});

async function terminateConnections(databaseUrl: string): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(
    'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  await admin.end();
}

/** A client's view of a restart: the first requests may fail until connections are renewed. */
async function retry<T>(fn: () => Promise<T>, attempts = 10): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}
