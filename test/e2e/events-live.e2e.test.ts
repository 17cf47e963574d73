import { Role } from '../../src/common/context';
import { toGlobalId } from '../../src/common/node';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import { Fixtures } from '../support/fixtures';
import {
  CancelEventDocument,
  CreateEventDocument,
  CreateServiceOfferingDocument,
  CreateSharedMaterialDocument,
  EventChangedDocument,
  EventDetailsDocument,
  MaterialContributorsDocument,
  OfferingValidityDocument,
  UpdateEventDocument,
  UpdateInitiativeDocument,
  type CreateEventInput,
} from '../support/generated/graphql';
import { startTestHub, TestHub } from '../support/hub';
import { connectWs, TestWsClient } from '../support/ws';

let t: TestHub;
let editor: string;
let organizerId: string;
let partnerId: string;
const initiativeIds: string[] = [];
const clients: TestWsClient[] = [];

function ws(token?: string): TestWsClient {
  const c = connectWs(t.url, { token });
  clients.push(c);
  return c;
}

function eventInput(input: Partial<CreateEventInput>): CreateEventInput {
  return {
    organizerIds: [organizerId],
    kind: 'NETWORK_DAY',
    title: { fi: 'Verkostopäivä' },
    startsAt: '2027-04-15T07:00:00Z',
    endsAt: '2027-04-15T13:00:00Z',
    ...input,
  };
}

beforeAll(async () => {
  t = await startTestHub('events-live', { ANNOUNCE_POLL_MS: '500' });
  const fx = new Fixtures(t.em());
  const organizer = await fx.actor({ slug: 'organizer', kind: ActorKind.VALTERI });
  const partner = await fx.actor({ slug: 'partner', kind: ActorKind.ASSOCIATION });
  organizerId = toGlobalId('Actor', organizer.id);
  partnerId = toGlobalId('Actor', partner.id);
  for (const title of ['Koulua käymättömät', 'Sijoitetut lapset']) {
    initiativeIds.push(toGlobalId('JointInitiative', (await fx.initiative(organizer, [], { title })).id));
  }
  editor = await t.token({ actor: 'organizer', roles: [Role.EDITOR] });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(async () => {
  await t?.stop();
});

describe('eventChanged', () => {
  it('announces created, published, updated and cancelled events to those who may see them, with replay', async () => {
    const staff = ws(editor).subscribe(EventChangedDocument, {});
    const anonymous = ws().subscribe(EventChangedDocument, { filter: { regionCodes: ['13'] } });
    const turku = ws().subscribe(EventChangedDocument, { filter: { regionCodes: ['05'] } });
    await Promise.all([staff.ready, anonymous.ready, turku.ready]);

    const created = await t.request(
      CreateEventDocument,
      { input: eventInput({ regionCodes: ['KYS'], publicationStatus: 'DRAFT' }) },
      { token: editor },
    );
    expect(created.errors).toBeUndefined();
    const { id } = created.data!.createEvent.event;
    let version = created.data!.createEvent.event.version;
    const update = async (input: object) => {
      const res = await t.request(UpdateEventDocument, { id, version, input }, { token: editor });
      expect(res.errors).toBeUndefined();
      version = res.data!.updateEvent.event.version;
    };
    await update({ publicationStatus: 'PUBLISHED' });
    await update({ title: { fi: 'Verkostopäivä (siirretty)' } });
    const cancelled = await t.request(CancelEventDocument, { id, version }, { token: editor });
    expect(cancelled.errors).toBeUndefined();

    await staff.waitFor(4);
    await anonymous.waitFor(3);
    const changes = (s: typeof staff) => s.received.map((r) => r.data?.eventChanged.change);
    expect(changes(staff)).toEqual(['CREATED', 'PUBLISHED', 'UPDATED', 'CANCELLED']);
    // The draft's CREATED came first and was not for everyone; the KYS event serves county 13.
    expect(changes(anonymous)).toEqual(['PUBLISHED', 'UPDATED', 'CANCELLED']);
    expect(anonymous.received[2].data?.eventChanged.event).toMatchObject({ id, status: 'CANCELLED' });

    // Replay from the first event the anonymous reader saw.
    const resumed = ws().subscribe(EventChangedDocument, {
      filter: { regionCodes: ['13'] },
      after: anonymous.received[0].data!.eventChanged.cursor,
    });
    await resumed.waitFor(2);
    expect(changes(resumed)).toEqual(['UPDATED', 'CANCELLED']);

    // The sentinel: an event in Turku, after all of the above, is the only one Turku's subscriber gets.
    await t.request(
      CreateEventDocument,
      { input: eventInput({ regionCodes: ['05'], title: { fi: 'Turku' } }) },
      { token: editor },
    );
    await turku.waitFor(1);
    expect(
      turku.received.map((r) => [r.data?.eventChanged.change, r.data?.eventChanged.event.title]),
    ).toEqual([['CREATED', 'Turku']]);
  });
});

describe('richer events', () => {
  it('keeps several initiatives in order, languages, audience and the registration deadline', async () => {
    const created = await t.request(
      CreateEventDocument,
      {
        input: eventInput({
          title: { fi: 'Yhteinen koulutus' },
          initiativeIds: [initiativeIds[1], initiativeIds[0]],
          languages: ['FI', 'SV'],
          audience: { fi: 'Opettajat', sv: 'Lärare' },
          registrationClosesAt: '2027-04-01T21:00:00Z',
        }),
      },
      { token: editor },
    );
    expect(created.errors).toBeUndefined();
    await t.request(
      UpdateInitiativeDocument,
      { id: initiativeIds[1], version: 1, input: { website: 'https://example.org/sijoitetut' } },
      { token: editor },
    );
    const details = await t.request(EventDetailsDocument, { filter: { initiativeIds: [initiativeIds[0]] } });
    expect(details.data!.events.nodes).toEqual([
      expect.objectContaining({
        title: 'Yhteinen koulutus',
        languages: ['FI', 'SV'],
        audience: 'Lärare',
        audienceI18n: { fi: 'Opettajat', sv: 'Lärare', en: null },
        registrationClosesAt: '2027-04-01T21:00:00.000Z',
        initiative: { title: 'Sijoitetut lapset' },
        initiatives: [
          { title: 'Sijoitetut lapset', website: 'https://example.org/sijoitetut' },
          { title: 'Koulua käymättömät', website: null },
        ],
      }),
    ]);
    const { id, version } = created.data!.createEvent.event;
    // The deprecated single initiative still sets the list.
    const single = await t.request(
      UpdateEventDocument,
      { id, version, input: { initiativeId: initiativeIds[0] } },
      { token: editor },
    );
    expect(single.errors).toBeUndefined();
    const after = await t.request(EventDetailsDocument, { filter: { ids: [id] } });
    expect(after.data!.events.nodes[0].initiatives.map((i) => i.title)).toEqual(['Koulua käymättömät']);
  });

  it('rejects conflicting initiative inputs and a registration closing after the event', async () => {
    const both = await t.request(
      CreateEventDocument,
      { input: eventInput({ initiativeId: initiativeIds[0], initiativeIds: [initiativeIds[1]] }) },
      { token: editor },
    );
    expect(both.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['input.initiativeIds', 'input.initiativeId'],
    });
    const late = await t.request(
      CreateEventDocument,
      { input: eventInput({ registrationClosesAt: '2027-05-01T00:00:00Z' }) },
      { token: editor },
    );
    expect(late.errors?.[0].extensions).toMatchObject({ fields: ['input.registrationClosesAt'] });
  });
});

describe('links and contributors', () => {
  it('stores an offering’s url and localised how-to-apply', async () => {
    const res = await t.request(
      CreateServiceOfferingDocument,
      {
        input: {
          actorId: organizerId,
          title: { fi: 'Palvelu' },
          categoryCodes: ['CONSULTATION'],
          url: 'https://example.org/palvelu',
          howToApply: { fi: 'Soita', sv: 'Ring' },
        },
      },
      { token: editor },
    );
    expect(res.errors).toBeUndefined();
    const read = await t.request(
      OfferingValidityDocument,
      { filter: { ids: [res.data!.createServiceOffering.serviceOffering.id] } },
      { token: editor },
    );
    expect(read.data!.serviceOfferings.nodes[0]).toMatchObject({
      url: 'https://example.org/palvelu',
      howToApply: 'Ring',
      howToApplyI18n: { fi: 'Soita', sv: 'Ring', en: null },
    });
    const bad = await t.request(
      CreateServiceOfferingDocument,
      {
        input: {
          actorId: organizerId,
          title: { fi: 'X' },
          categoryCodes: ['CONSULTATION'],
          url: 'ftp://x.org/',
        },
      },
      { token: editor },
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['input.url'] });
  });

  it('keeps a material’s contributors in order and filters by them', async () => {
    const res = await t.request(
      CreateSharedMaterialDocument,
      {
        input: {
          publisherId: organizerId,
          kind: 'GUIDE',
          title: { fi: 'Yhteinen opas' },
          url: 'https://example.org/opas',
          contributorIds: [partnerId, organizerId],
        },
      },
      { token: editor },
    );
    expect(res.errors).toBeUndefined();
    const read = await t.request(
      MaterialContributorsDocument,
      { filter: { contributorIds: [partnerId] } },
      { token: editor },
    );
    expect(read.data!.materials.nodes).toEqual([
      {
        title: 'Yhteinen opas',
        publisher: { slug: 'organizer' },
        contributors: [{ slug: 'partner' }, { slug: 'organizer' }],
      },
    ]);
    const unknown = await t.request(
      CreateSharedMaterialDocument,
      {
        input: {
          publisherId: organizerId,
          kind: 'GUIDE',
          title: { fi: 'X' },
          url: 'https://example.org/x',
          contributorIds: [toGlobalId('Actor', '00000000-0000-4000-8000-000000000000')],
        },
      },
      { token: editor },
    );
    expect(unknown.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['input.contributorIds'],
    });
  });
});
