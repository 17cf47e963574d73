import { Role } from '../../src/common/context';
import { toGlobalId } from '../../src/common/node';
import { ActorKind } from '../../src/modules/actor/actor.entity';
import { Fixtures } from '../support/fixtures';
import { fingerprint } from '../support/fingerprint';
import {
  ActorContactsDocument,
  AuditLogDocument,
  CreateContactDocument,
  DeleteContactDocument,
  RegionContactsDocument,
  UpdateContactDocument,
  type CreateContactInput,
} from '../support/generated/graphql';
import { startTestHub, TestHub } from '../support/hub';

let t: TestHub;
let editorA: string;
let editorB: string;
let coordinator: string;
let actorA: string;
let actorB: string;

beforeAll(async () => {
  t = await startTestHub('contacts');
  const fx = new Fixtures(t.em());
  actorA = toGlobalId('Actor', (await fx.actor({ slug: 'contact-a', kind: ActorKind.VALTERI })).id);
  actorB = toGlobalId('Actor', (await fx.actor({ slug: 'contact-b', kind: ActorKind.ASSOCIATION })).id);
  editorA = await t.token({ actor: 'contact-a', roles: [Role.EDITOR] });
  editorB = await t.token({ actor: 'contact-b', roles: [Role.EDITOR] });
  coordinator = await t.token({ roles: [Role.COORDINATOR] });
});
afterAll(async () => {
  await t?.stop();
});

async function create(input: Partial<CreateContactInput>, token = editorA) {
  return t.request(
    CreateContactDocument,
    { input: { actorId: actorA, name: 'Kaisa Kontakti', ...input } as CreateContactInput },
    { token },
  );
}

describe('contact writes', () => {
  it('creates, corrects and deletes a contact person with versions, each audited', async () => {
    const created = await create({
      title: { fi: 'Alueellinen yhdyshenkilö' },
      email: 'kaisa@example.org',
      role: 'REGIONAL_CONTACT',
      regionCodes: ['KYS'],
    });
    expect(created.errors).toBeUndefined();
    const c = created.data!.createContact.contact;
    expect(c).toMatchObject({
      name: 'Kaisa Kontakti',
      title: 'Alueellinen yhdyshenkilö',
      role: 'REGIONAL_CONTACT',
      version: 1,
      regions: [{ code: 'KYS' }],
      actor: { slug: 'contact-a' },
    });
    const updated = await t.request(
      UpdateContactDocument,
      { id: c.id, version: 1, input: { phone: '040 123 4567', regionCodes: ['KYS', '13'] } },
      { token: editorA },
    );
    expect(updated.data!.updateContact.contact).toMatchObject({
      email: 'kaisa@example.org',
      phone: '+358 40 1234567',
      version: 2,
      regions: [{ code: '13' }, { code: 'KYS' }],
    });
    const deleted = await t.request(DeleteContactDocument, { id: c.id, version: 2 }, { token: editorA });
    expect(deleted.data!.deleteContact.deletedId).toBe(c.id);
    const contacts = await t.request(ActorContactsDocument, { slug: 'contact-a' }, { token: editorA });
    expect(contacts.data!.actor!.contacts.map((x) => x.id)).not.toContain(c.id);

    const audit = await t.request(
      AuditLogDocument,
      { filter: { entityTypes: ['Contact'], entityId: c.id } },
      { token: coordinator },
    );
    const entries = audit.data!.auditLog.nodes;
    expect(entries.map((e) => e.action)).toEqual(['DELETE', 'UPDATE', 'CREATE']);
    expect(entries[1].changes.map((ch) => ch.field).sort()).toEqual(['phone', 'regions']);
    expect(entries[0].changes.find((ch) => ch.field === 'email')).toMatchObject({
      old: 'kaisa@example.org',
      new: null,
    });
  });

  it('lets editors manage their own actor’s contacts and coordinators everyone’s', async () => {
    const forbidden = await create({ email: 'x@example.org' }, editorB);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.request(CreateContactDocument, {
      input: { actorId: actorA, name: 'X', email: 'x@example.org' },
    });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const own = await create({ email: 'b@example.org', actorId: actorB }, editorB);
    const c = own.data!.createContact.contact;
    const byA = await t.request(
      UpdateContactDocument,
      { id: c.id, version: c.version, input: { name: 'Hijacked' } },
      { token: editorA },
    );
    expect(byA.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const byCoordinator = await t.request(
      UpdateContactDocument,
      { id: c.id, version: c.version, input: { name: 'Bertta' } },
      { token: coordinator },
    );
    expect(byCoordinator.data!.updateContact.contact.name).toBe('Bertta');
  });

  it('answers a stale version with CONFLICT, also for a contact deleted meanwhile', async () => {
    const c = (await create({ email: 'stale@example.org' })).data!.createContact.contact;
    await t.request(
      UpdateContactDocument,
      { id: c.id, version: 1, input: { name: 'Uusi' } },
      { token: editorA },
    );
    const stale = await t.request(
      UpdateContactDocument,
      { id: c.id, version: 1, input: { name: 'Vanha' } },
      { token: editorA },
    );
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    const staleDelete = await t.request(DeleteContactDocument, { id: c.id, version: 1 }, { token: editorA });
    expect(staleDelete.errors?.[0].extensions?.code).toBe('CONFLICT');
    await t.request(DeleteContactDocument, { id: c.id, version: 2 }, { token: editorA });
    const afterDelete = await t.request(
      UpdateContactDocument,
      { id: c.id, version: 2, input: { name: 'Zombie' } },
      { token: editorA },
    );
    expect(afterDelete.errors?.[0].extensions?.code).toBe('CONFLICT');
    const deleteAgain = await t.request(DeleteContactDocument, { id: c.id, version: 2 }, { token: editorA });
    expect(deleteAgain.errors?.[0].extensions?.code).toBe('CONFLICT');
    const never = await t.request(
      DeleteContactDocument,
      { id: toGlobalId('Contact', '00000000-0000-4000-8000-000000000000'), version: 1 },
      { token: editorA },
    );
    expect(never.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('needs a way to reach the person and valid addresses, and stores nothing otherwise', async () => {
    const before = await fingerprint(t.em());
    const cases: [Partial<CreateContactInput>, string[]][] = [
      [{}, ['input.email', 'input.phone']],
      [{ email: 'not an address' }, ['input.email']],
      [{ phone: 'call me maybe' }, ['input.phone']],
      [{ email: 'ok@example.org', regionCodes: ['ATLANTIS'] }, ['input.regionCodes']],
      [{ email: 'ok@example.org', name: '' }, ['input.name']],
    ];
    for (const [input, fields] of cases) {
      const res = await create(input);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields });
    }
    expect(await fingerprint(t.em())).toBe(before);
    const c = (await create({ phone: '+46 70 123 45 67' })).data!.createContact.contact;
    const cleared = await t.request(
      UpdateContactDocument,
      { id: c.id, version: c.version, input: { phone: null } },
      { token: editorA },
    );
    expect(cleared.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['input.email', 'input.phone'],
    });
    const kept = await t.request(ActorContactsDocument, { slug: 'contact-a' }, { token: editorA });
    expect(kept.data!.actor!.contacts.find((x) => x.id === c.id)).toMatchObject({ version: 1 });
    await t.request(DeleteContactDocument, { id: c.id, version: c.version }, { token: editorA });
  });
});

describe('Region.contacts', () => {
  beforeAll(async () => {
    await create({
      name: 'Area chair',
      email: 'chair@example.org',
      role: 'CORE_GROUP_CHAIR',
      regionCodes: ['KYS'],
    });
    await create({
      name: 'County contact',
      email: 'county@example.org',
      role: 'REGIONAL_CONTACT',
      regionCodes: ['13'],
    });
    await create({
      name: 'Other county',
      email: 'other@example.org',
      role: 'REGIONAL_CONTACT',
      regionCodes: ['14'],
    });
  });

  it('lists the contacts serving a region, for staff only', async () => {
    const staff = await t.request(RegionContactsDocument, { code: '13' }, { token: editorB });
    expect(staff.data!.region!.contacts.map((c) => c.name)).toEqual(['Area chair', 'County contact']);
    const chairs = await t.request(
      RegionContactsDocument,
      { code: '13', roles: ['CORE_GROUP_CHAIR'] },
      { token: editorB },
    );
    expect(chairs.data!.region!.contacts.map((c) => c.name)).toEqual(['Area chair']);
    const exact = await t.request(
      RegionContactsDocument,
      { code: '13', regionMatch: 'EXACT' },
      { token: editorB },
    );
    expect(exact.data!.region!.contacts.map((c) => c.name)).toEqual(['County contact']);
    const anonymous = await t.request(RegionContactsDocument, { code: '13' });
    expect(anonymous.data!.region!.contacts).toEqual([]);
  });
});
