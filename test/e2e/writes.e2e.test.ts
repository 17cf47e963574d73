import { Role } from '../../src/common/context';
import { PublicationStatus } from '../../src/common/enums';
import { toGlobalId } from '../../src/common/node';
import { Actor, ActorKind } from '../../src/modules/actor/actor.entity';
import { InitiativeParticipant, ParticipantRole } from '../../src/modules/initiative/initiative.entity';
import { ServiceOffering } from '../../src/modules/service-offering/service-offering.entity';
import {
  AddInitiativeParticipantDocument,
  AuditLogDocument,
  CreateServiceOfferingDocument,
  CreateSharedMaterialDocument,
  NodeByIdDocument,
  PublishServiceOfferingDocument,
  PublishSharedMaterialDocument,
  RemoveInitiativeParticipantDocument,
  UpdateServiceOfferingDocument,
  UpdateSharedMaterialDocument,
} from '../support/generated/graphql';
import { Fixtures } from '../support/fixtures';
import { fingerprint } from '../support/fingerprint';
import { startTestHub, TestHub } from '../support/hub';

let t: TestHub;
let fx: Fixtures;
let a: Actor;
let b: Actor;
let editorA: string;
let editorB: string;
let coordinator: string;

beforeAll(async () => {
  t = await startTestHub('writes');
  fx = new Fixtures(t.em());
  a = await fx.actor({ slug: 'writer-a', kind: ActorKind.HOSPITAL_TEACHING_UNIT });
  b = await fx.actor({ slug: 'writer-b' });
  editorA = await t.token({ actor: 'writer-a', roles: [Role.EDITOR], sub: 'ea', name: 'Editor A' });
  editorB = await t.token({ actor: 'writer-b', roles: [Role.EDITOR], sub: 'eb', name: 'Editor B' });
  coordinator = await t.token({ roles: [Role.COORDINATOR], sub: 'co', name: 'Coordinator' });
});
afterAll(async () => {
  await t?.stop();
});

describe('service offering life cycle', () => {
  it('creates a DRAFT, merges localised updates, publishes, and bumps the version each time', async () => {
    const created = await t.request(
      CreateServiceOfferingDocument,
      {
        input: {
          actorId: toGlobalId('Actor', a.id),
          title: { fi: 'Sairaalaopetuksen konsultaatio', sv: 'Konsultation' },
          categoryCodes: ['CONSULTATION', 'HOSPITAL_TEACHING'],
          regionCodes: ['HYKS'],
        },
      },
      { token: editorA },
    );
    expect(created.errors).toBeUndefined();
    const o = created.data!.createServiceOffering.serviceOffering;
    expect(o).toMatchObject({
      status: 'DRAFT',
      version: 1,
      actor: { slug: 'writer-a' },
      regions: [{ code: 'HYKS' }],
    });
    expect(o.categories.map((c) => c.code).sort()).toEqual(['CONSULTATION', 'HOSPITAL_TEACHING']);
    expect((await t.request(NodeByIdDocument, { id: o.id })).data?.node).toBeNull();

    const updated = await t.request(
      UpdateServiceOfferingDocument,
      { id: o.id, version: 1, input: { title: { sv: null, en: 'Consultation' }, ageGroups: ['PRIMARY'] } },
      { token: editorA },
    );
    expect(updated.data?.updateServiceOffering.serviceOffering).toMatchObject({
      version: 2,
      titleI18n: { fi: 'Sairaalaopetuksen konsultaatio', sv: null, en: 'Consultation' },
      ageGroups: ['PRIMARY'],
    });
    const published = await t.request(
      PublishServiceOfferingDocument,
      { id: o.id, version: 2 },
      { token: editorA },
    );
    expect(published.data?.publishServiceOffering.serviceOffering).toMatchObject({
      status: 'PUBLISHED',
      version: 3,
    });
    expect((await t.request(NodeByIdDocument, { id: o.id })).data?.node).toMatchObject({
      id: o.id,
      status: 'PUBLISHED',
    });
  });

  it('answers a stale version with CONFLICT and changes nothing', async () => {
    const o = await fx.offering(a, { title: { fi: 'Alkuperäinen' } });
    const id = toGlobalId('ServiceOffering', o.id);
    const ok = await t.request(
      UpdateServiceOfferingDocument,
      { id, version: 1, input: { title: { fi: 'Eka' } } },
      { token: editorA },
    );
    expect(ok.data?.updateServiceOffering.serviceOffering.version).toBe(2);
    const before = await fingerprint(t.em());
    const stale = await t.request(
      UpdateServiceOfferingDocument,
      { id, version: 1, input: { title: { fi: 'Toka' } } },
      { token: editorA },
    );
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await fingerprint(t.em())).toBe(before);
  });

  it('lets exactly one of two concurrent updates with the same version win', async () => {
    const o = await fx.offering(a, { title: { fi: 'Kilpa' } });
    const id = toGlobalId('ServiceOffering', o.id);
    const results = await Promise.all(
      ['Ensimmäinen', 'Toinen'].map((fi) =>
        t.request(
          UpdateServiceOfferingDocument,
          { id, version: 1, input: { title: { fi } } },
          { token: editorA },
        ),
      ),
    );
    const winners = results.filter((r) => !r.errors);
    const losers = results.filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0].errors?.[0].extensions?.code).toBe('CONFLICT');
    const stored = await t.em().findOneOrFail(ServiceOffering, { id: o.id });
    expect(stored.version).toBe(2);
    expect(stored.titleI18n.fi).toBe(winners[0].data?.updateServiceOffering.serviceOffering.title);
    const audit = await t.request(
      AuditLogDocument,
      { filter: { entityId: id, actions: ['UPDATE'] } },
      { token: coordinator },
    );
    expect(audit.data?.auditLog.totalCount).toBe(1);
  });
});

describe('validation', () => {
  it('names the offending input paths and stores nothing', async () => {
    const before = await fingerprint(t.em());
    const actorId = toGlobalId('Actor', a.id);
    const cases: [object, string[]][] = [
      [{ actorId, title: { fi: '  ' }, categoryCodes: ['CONSULTATION'] }, ['input.title']],
      [{ actorId, title: { fi: 'X' }, categoryCodes: ['NO_SUCH'] }, ['input.categoryCodes']],
      [{ actorId, title: { fi: 'X' }, categoryCodes: [] }, ['input.categoryCodes']],
      [
        { actorId, title: { fi: 'X' }, categoryCodes: ['CONSULTATION'], regionCodes: ['ZZ'] },
        ['input.regionCodes'],
      ],
      [{ actorId: 'bogus', title: { fi: 'X' }, categoryCodes: ['CONSULTATION'] }, ['input.actorId']],
      [
        {
          actorId,
          title: { fi: 'X' },
          categoryCodes: ['CONSULTATION'],
          validFrom: '2027-05-01',
          validUntil: '2027-01-01',
        },
        ['input.validUntil'],
      ],
    ];
    for (const [input, fields] of cases) {
      const res = await t.request(
        CreateServiceOfferingDocument,
        { input: input as never },
        { token: editorA },
      );
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions?.fields).toEqual(fields);
    }
    expect(await fingerprint(t.em())).toBe(before);
  });

  it('requires video details for a VIDEO and rejects a malformed URL', async () => {
    const publisherId = toGlobalId('Actor', a.id);
    const noVideo = await t.request(
      CreateSharedMaterialDocument,
      { input: { publisherId, kind: 'VIDEO', title: { fi: 'Video' }, url: 'https://example.org/v' } },
      { token: editorA },
    );
    expect(noVideo.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['input.video'] });
    const badUrl = await t.request(
      CreateSharedMaterialDocument,
      { input: { publisherId, kind: 'GUIDE', title: { fi: 'Opas' }, url: 'not a url' } },
      { token: editorA },
    );
    expect(badUrl.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(badUrl.errors?.[0].extensions?.fields).toEqual(['input.url']);
    expect(JSON.stringify(badUrl)).not.toMatch(/stack|select |insert /i);
  });
});

describe('materials', () => {
  it('sets publishedAt when publishing and keeps it when republished after archiving', async () => {
    const created = await t.request(
      CreateSharedMaterialDocument,
      {
        input: {
          publisherId: toGlobalId('Actor', a.id),
          kind: 'VIDEO',
          title: { fi: 'Vaatu-toimijat esittäytyvät' },
          url: 'https://example.org/video',
          tags: ['Vaatu', ' video '],
          video: { durationSeconds: 300, captionLanguages: ['FI', 'SV'] },
        },
      },
      { token: editorA },
    );
    const m = created.data!.createSharedMaterial.sharedMaterial;
    expect(m).toMatchObject({
      status: 'DRAFT',
      publishedAt: null,
      tags: ['vaatu', 'video'],
      video: { durationSeconds: 300 },
    });
    const published = await t.request(
      PublishSharedMaterialDocument,
      { id: m.id, version: m.version },
      { token: editorA },
    );
    const at = published.data?.publishSharedMaterial.sharedMaterial.publishedAt;
    expect(at).toBeTruthy();
    const edited = await t.request(
      UpdateSharedMaterialDocument,
      { id: m.id, version: 2, input: { title: { sv: 'Vaatu-aktörerna' } } },
      { token: editorA },
    );
    expect(edited.data?.updateSharedMaterial.sharedMaterial.version).toBe(3);
  });
});

describe('initiative participants', () => {
  it("lets an editor add and remove their own actor, but not grant LEAD or touch others'", async () => {
    const initiative = await fx.initiative(a);
    const initiativeId = toGlobalId('JointInitiative', initiative.id);
    const bId = toGlobalId('Actor', b.id);
    const lead = await t.request(
      AddInitiativeParticipantDocument,
      { initiativeId, actorId: bId, role: 'LEAD' },
      { token: editorB },
    );
    expect(lead.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const join = await t.request(
      AddInitiativeParticipantDocument,
      { initiativeId, actorId: bId, role: 'EXPERT' },
      { token: editorB },
    );
    expect(
      join.data?.addInitiativeParticipant.initiative.participants.map((p) => [p.role, p.actor.slug]),
    ).toEqual([
      ['LEAD', 'writer-a'],
      ['EXPERT', 'writer-b'],
    ]);
    const again = await t.request(
      AddInitiativeParticipantDocument,
      { initiativeId, actorId: bId, role: 'PARTNER' },
      { token: editorA },
    );
    expect(again.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const removeLead = await t.request(
      RemoveInitiativeParticipantDocument,
      { initiativeId, actorId: toGlobalId('Actor', a.id) },
      { token: editorB },
    );
    expect(removeLead.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const lastLead = await t.request(
      RemoveInitiativeParticipantDocument,
      { initiativeId, actorId: toGlobalId('Actor', a.id) },
      { token: editorA },
    );
    expect(lastLead.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const leave = await t.request(
      RemoveInitiativeParticipantDocument,
      { initiativeId, actorId: bId },
      { token: editorB },
    );
    expect(leave.errors).toBeUndefined();
    const rows = await t.em().find(InitiativeParticipant, { initiative: initiative.id });
    expect(rows.map((r) => r.role)).toEqual([ParticipantRole.LEAD]);
  });
});

describe('audit log', () => {
  it('records who changed which fields from what to what, for coordinators and the owning editors only', async () => {
    const o = await fx.offering(a, { title: { fi: 'Ennen' }, status: PublicationStatus.DRAFT });
    const id = toGlobalId('ServiceOffering', o.id);
    await t.request(
      UpdateServiceOfferingDocument,
      { id, version: 1, input: { title: { fi: 'Jälkeen' }, cost: 'PAID' } },
      { token: editorA },
    );
    const asCoordinator = await t.request(
      AuditLogDocument,
      { filter: { entityId: id } },
      { token: coordinator },
    );
    const entry = asCoordinator.data?.auditLog.nodes[0];
    expect(entry).toMatchObject({
      entityType: 'ServiceOffering',
      entityId: id,
      action: 'UPDATE',
      staff: { name: 'Editor A' },
      ownerActor: { slug: 'writer-a' },
    });
    expect(entry?.changes).toEqual(
      expect.arrayContaining([
        {
          field: 'titleI18n',
          old: { fi: 'Ennen', sv: null, en: null },
          new: { fi: 'Jälkeen', sv: null, en: null },
        },
        { field: 'cost', old: 'FREE', new: 'PAID' },
      ]),
    );
    expect(entry?.changes).toHaveLength(2);
    const asOwner = await t.request(AuditLogDocument, { filter: { entityId: id } }, { token: editorA });
    expect(asOwner.data?.auditLog.totalCount).toBe(1);
    const asOther = await t.request(AuditLogDocument, { filter: { entityId: id } }, { token: editorB });
    expect(asOther.data?.auditLog.totalCount).toBe(0);
    const anonymous = await t.request(AuditLogDocument, {});
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
