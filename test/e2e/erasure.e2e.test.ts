import { Role } from '../../src/common/context';
import { fromGlobalId, toGlobalId } from '../../src/common/node';
import { Actor } from '../../src/modules/actor/actor.entity';
import { Contact } from '../../src/modules/actor/contact.entity';
import { AuditAction, AuditEntry } from '../../src/modules/audit/audit-entry.entity';
import { signDevToken } from '../../src/modules/auth/token';
import { StaffMember } from '../../src/modules/staff/staff-member.entity';
import {
  ActorContactDetailsDocument,
  CreateServiceOfferingDocument,
  EraseContactDocument,
  EraseStaffMemberDocument,
  MaterialWithContactsDocument,
  OfferingContactDocument,
  PrivacyAuditLogDocument,
  ReportServiceNeedDocument,
  WhoAmIDocument,
} from '../support/generated/graphql';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TEST_JWT_SECRET, TestHub } from '../support/hub';
import { databaseHash, findInDatabase } from '../support/personal-data';
import { HubProcess, runScript, startHubProcess } from '../support/process';
import { connectWs, TestWsClient } from '../support/ws';

/*
 * Erasure on request, over GraphQL and from the command line, against a real database: after it,
 * a scan of every text column of every table finds none of the person's name, e-mail or phone.
 */

let t: TestHub;
let fx: Fixtures;
let school: Actor;
let elsewhere: Actor;
let coordinator: string;
let editor: string;
const clients: TestWsClient[] = [];

const MAIJA = {
  name: 'Maija Meikäläinen',
  email: 'maija.meikalainen@erasure.example',
  phone: '+358 40 765 4321',
};
const PEKKA = { sub: 'pekka-sub', name: 'Pekka Poistettava', email: 'Pekka.Poistettava@erasure.example' };

function staffToken(claims: { sub: string; name: string; email?: string; actor?: string; roles: Role[] }) {
  return signDevToken(TEST_JWT_SECRET, claims, 600);
}

async function contact(
  actor: Actor,
  values: { name: string; email?: string; phone?: string },
): Promise<Contact> {
  const em = t.em();
  const c = em.create(Contact, {
    actor: actor.id,
    name: values.name,
    email: values.email,
    phone: values.phone,
  });
  await em.flush();
  return c;
}

/** Runs `npm run erase -- args` against the test database. */
function runErase(args: string[]) {
  return runScript('erase', args, { DATABASE_URL: t.hub.db.url, LOG_LEVEL: 'silent' });
}

beforeAll(async () => {
  t = await startTestHub('erasure', { RESPONSE_CACHE_MB: '8', ANNOUNCE_POLL_MS: '500' });
  fx = new Fixtures(t.em());
  school = await fx.actor({ slug: 'erasure-school' });
  elsewhere = await fx.actor({ slug: 'erasure-elsewhere' });
  coordinator = await staffToken({ sub: 'co', name: 'Kaisa Koordinaattori', roles: [Role.COORDINATOR] });
  editor = await staffToken({
    sub: 'ed',
    name: 'Eeva Editori',
    actor: 'erasure-school',
    roles: [Role.EDITOR],
  });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(async () => {
  await t?.stop();
});

describe('eraseContact', () => {
  it('leaves no name, e-mail or phone of the contact anywhere, keeps the audit entries and audits itself', async () => {
    const maija = await contact(school, MAIJA);
    const maijaId = toGlobalId('Contact', maija.id);
    // Her data in an offering's text (and so in its audit changes), in its national phone form too.
    const created = await t.request(
      CreateServiceOfferingDocument,
      {
        input: {
          actorId: toGlobalId('Actor', school.id),
          title: { fi: 'Konsultaatio' },
          description: { fi: `Kysy: ${MAIJA.name}, ${MAIJA.email.toUpperCase()} tai 040-765 4321.` },
          categoryCodes: ['CONSULTATION'],
          contactId: maijaId,
        },
      },
      { token: editor },
    );
    expect(created.errors).toBeUndefined();
    const offeringId = created.data!.createServiceOffering.serviceOffering.id;
    // A cached answer holding her data.
    const cached = await t.request(
      ActorContactDetailsDocument,
      { slug: 'erasure-school' },
      { token: coordinator },
    );
    expect(cached.data?.actor?.contacts.map((c) => c.email)).toEqual([MAIJA.email]);
    expect(JSON.stringify(t.hub.responseCache!.entries())).toContain(MAIJA.email);
    const needles = [MAIJA.name, MAIJA.email, MAIJA.phone, '040-765 4321'];
    expect((await findInDatabase(t.em(), needles)).length).toBeGreaterThan(0);
    const auditBefore = await t.em().count(AuditEntry, {});

    const erased = await t.request(EraseContactDocument, { id: maijaId }, { token: coordinator });
    expect(erased.errors).toBeUndefined();
    expect(erased.data?.eraseContact).toEqual({ erasedId: maijaId });

    expect(await findInDatabase(t.em(), needles)).toEqual([]);
    expect(JSON.stringify(t.hub.responseCache!.entries())).not.toContain(MAIJA.email);
    expect(await t.em().count(AuditEntry, {})).toBe(auditBefore + 1);
    const contacts = await t.request(
      ActorContactDetailsDocument,
      { slug: 'erasure-school' },
      { token: coordinator },
    );
    expect(contacts.data?.actor?.contacts).toEqual([]);
    const offering = await t.request(OfferingContactDocument, { id: offeringId }, { token: coordinator });
    expect(offering.data?.node).toEqual({ contact: null });
    const log = await t.request(
      PrivacyAuditLogDocument,
      { filter: { entityTypes: ['Contact'], actions: ['ERASE'] } },
      { token: coordinator },
    );
    expect(log.data?.auditLog.nodes).toEqual([
      {
        id: expect.any(String),
        entityType: 'Contact',
        entityId: maijaId,
        action: 'ERASE',
        staff: expect.objectContaining({ name: 'Kaisa Koordinaattori' }),
        changes: [
          { field: 'name', old: null, new: null, redacted: true },
          { field: 'title', old: null, new: null, redacted: true },
          { field: 'email', old: null, new: null, redacted: true },
          { field: 'phone', old: null, new: null, redacted: true },
          { field: 'reason', old: null, new: 'REQUEST', redacted: false },
          {
            field: 'scrubbed',
            old: null,
            new: { auditEntries: 1, otherRecords: 1, contacts: 0 },
            redacted: false,
          },
        ],
      },
    ]);
    // The offering's creation is still there, her text replaced.
    const creation = await t.request(
      PrivacyAuditLogDocument,
      { filter: { entityId: offeringId } },
      { token: coordinator },
    );
    const description = creation.data!.auditLog.nodes[0].changes.find((c) => c.field === 'descriptionI18n');
    expect(description?.new).toEqual({ fi: 'Kysy: [erased], [erased] tai [erased].', sv: null, en: null });
  });

  it('refuses twice, unknown or malformed ids, editors and anonymous callers, changing nothing', async () => {
    const kept = await contact(school, { name: 'Ville Virtanen', email: 'ville@erasure.example' });
    const keptId = toGlobalId('Contact', kept.id);
    // Identities are stored on first use: use them before taking the hash.
    await t.request(WhoAmIDocument, {}, { token: editor });
    await t.request(WhoAmIDocument, {}, { token: coordinator });
    const before = await databaseHash(t.em());
    const cases: [string, string | undefined, string, string[]?][] = [
      [keptId, editor, 'FORBIDDEN'],
      [keptId, undefined, 'UNAUTHENTICATED'],
      [toGlobalId('Contact', '00000000-0000-4000-8000-000000000000'), coordinator, 'NOT_FOUND'],
      ['not-an-id', coordinator, 'BAD_USER_INPUT', ['id']],
      [toGlobalId('Actor', school.id), coordinator, 'BAD_USER_INPUT', ['id']],
    ];
    for (const [id, token, code, fields] of cases) {
      const res = await t.request(EraseContactDocument, { id }, { token });
      expect(res.data).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe(code);
      if (fields) expect(res.errors?.[0].extensions?.fields).toEqual(fields);
    }
    expect(await databaseHash(t.em())).toBe(before);
    expect(
      (await t.request(EraseContactDocument, { id: keptId }, { token: coordinator })).errors,
    ).toBeUndefined();
    // An erasure empties the identity cache: the coordinator's next request stores them again.
    await t.request(WhoAmIDocument, {}, { token: coordinator });
    const after = await databaseHash(t.em());
    const twice = await t.request(EraseContactDocument, { id: keptId }, { token: coordinator });
    expect(twice.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(twice.errors?.[0].message).toBe(`Contact not found: ${keptId}`);
    expect(await databaseHash(t.em())).toBe(after);
  });

  it('erases the same person’s other contact entries, and not a namesake’s', async () => {
    const first = await contact(school, {
      name: 'Liisa Laine',
      email: 'liisa@erasure.example',
      phone: '050 123 4567',
    });
    await contact(elsewhere, { name: 'Liisa Laine', email: 'LIISA@erasure.example' });
    const namesake = await contact(elsewhere, { name: 'Liisa Laine', email: 'liisa.toinen@erasure.example' });
    const res = await t.request(
      EraseContactDocument,
      { id: toGlobalId('Contact', first.id) },
      { token: coordinator },
    );
    expect(res.errors).toBeUndefined();
    expect(await findInDatabase(t.em(), ['liisa@erasure.example', '050 123 4567'])).toEqual([]);
    const left = await t.em().find(Contact, { name: 'Liisa Laine' });
    expect(left.map((c) => [c.id, c.email])).toEqual([[namesake.id, 'liisa.toinen@erasure.example']]);
  });
});

describe('eraseStaffMember', () => {
  it('leaves no trace of the person, keeps their audit entries on a placeholder, and a new sign-in is a new staff member', async () => {
    const pekkaToken = await staffToken({
      sub: PEKKA.sub,
      name: PEKKA.name,
      email: PEKKA.email,
      actor: 'erasure-school',
      roles: [Role.EDITOR],
    });
    const me = await t.request(WhoAmIDocument, {}, { token: pekkaToken });
    const pekkaId = me.data!.viewer!.id;
    // Pekka is also a contact person elsewhere, under the same address in other case.
    await contact(elsewhere, {
      name: PEKKA.name,
      email: PEKKA.email.toLowerCase(),
      phone: '+358 50 999 8877',
    });
    const created = await t.request(
      CreateServiceOfferingDocument,
      {
        input: {
          actorId: toGlobalId('Actor', school.id),
          title: { fi: `Pekan palvelu` },
          description: { fi: `Yhteyshenkilö ${PEKKA.name} (${PEKKA.email}), puh. 050 999 8877` },
          categoryCodes: ['CONSULTATION'],
        },
      },
      { token: pekkaToken },
    );
    expect(created.errors).toBeUndefined();
    const need = await t.request(
      ReportServiceNeedDocument,
      { input: { regionCode: 'HYKS', categoryCodes: ['CONSULTATION'] } },
      { token: pekkaToken },
    );
    expect(need.data?.reportServiceNeed.serviceNeed.reportedBy?.name).toBe(PEKKA.name);
    const own = await t.em().findOneOrFail(StaffMember, { subject: `local|${PEKKA.sub}` });
    const ownEntries = await t.em().count(AuditEntry, { staff: own.id });
    expect(ownEntries).toBe(2);
    // His live subscription ends: his viewer is gone.
    const live = connectWs(t.url, { token: pekkaToken });
    clients.push(live);
    const sub = live.subscribe(MaterialWithContactsDocument, {});
    await sub.ready;

    const needles = [PEKKA.name, PEKKA.email, PEKKA.sub, '+358 50 999 8877', '050 999 8877'];
    const erased = await t.request(EraseStaffMemberDocument, { id: pekkaId }, { token: coordinator });
    expect(erased.errors).toBeUndefined();
    expect(erased.data?.eraseStaffMember).toEqual({ erasedId: pekkaId });

    expect(await findInDatabase(t.em(), needles)).toEqual([]);
    await sub.completed;
    expect(sub.received.at(-1)?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // His entries stay, on the placeholder.
    expect(await t.em().count(AuditEntry, { staff: own.id })).toBe(ownEntries);
    const log = await t.request(
      PrivacyAuditLogDocument,
      { filter: { staffId: pekkaId }, first: 10 },
      { token: coordinator },
    );
    expect(log.data!.auditLog.totalCount).toBe(2);
    for (const entry of log.data!.auditLog.nodes) {
      expect(entry.staff).toEqual({
        id: pekkaId,
        name: '[erased]',
        email: null,
        erasedAt: expect.any(String),
      });
    }
    const erasure = await t.request(
      PrivacyAuditLogDocument,
      { filter: { entityId: pekkaId, actions: ['ERASE'] } },
      { token: coordinator },
    );
    expect(erasure.data!.auditLog.nodes[0].changes.find((c) => c.field === 'scrubbed')?.new).toEqual({
      auditEntries: 1,
      otherRecords: 1,
      contacts: 1,
    });

    // Signing in again, with the same token: a new staff member.
    const again = await t.request(WhoAmIDocument, {}, { token: pekkaToken });
    expect(again.data?.viewer).toMatchObject({ name: PEKKA.name, email: PEKKA.email, erasedAt: null });
    expect(again.data?.viewer?.id).not.toBe(pekkaId);
  });

  it('refuses twice, unknown or malformed ids, editors and anonymous callers, changing nothing', async () => {
    const token = await staffToken({ sub: 'twice', name: 'Tiina Toistuva', roles: [] });
    const id = (await t.request(WhoAmIDocument, {}, { token })).data!.viewer!.id;
    await t.request(WhoAmIDocument, {}, { token: editor });
    await t.request(WhoAmIDocument, {}, { token: coordinator });
    const before = await databaseHash(t.em());
    for (const [target, caller, code] of [
      [id, editor, 'FORBIDDEN'],
      [id, token, 'FORBIDDEN'],
      [id, undefined, 'UNAUTHENTICATED'],
      [toGlobalId('StaffMember', '00000000-0000-4000-8000-000000000000'), coordinator, 'NOT_FOUND'],
      ['x', coordinator, 'BAD_USER_INPUT'],
    ] as const) {
      const res = await t.request(EraseStaffMemberDocument, { id: target }, { token: caller });
      expect(res.errors?.[0].extensions?.code).toBe(code);
    }
    expect(await databaseHash(t.em())).toBe(before);
    expect(
      (await t.request(EraseStaffMemberDocument, { id }, { token: coordinator })).errors,
    ).toBeUndefined();
    // An erasure empties the identity cache: the coordinator's next request stores them again.
    await t.request(WhoAmIDocument, {}, { token: coordinator });
    const after = await databaseHash(t.em());
    const twice = await t.request(EraseStaffMemberDocument, { id }, { token: coordinator });
    expect(twice.errors?.[0]).toMatchObject({
      message: `StaffMember already erased: ${id}`,
      extensions: { code: 'NOT_FOUND' },
    });
    expect(await databaseHash(t.em())).toBe(after);
  });
});

describe('npm run erase', () => {
  it('erases a staff member by token subject and a contact by id, audited without a staff member', async () => {
    const token = await staffToken({
      sub: 'cli-person',
      name: 'Oona Operaattori',
      email: 'oona@erasure.example',
      roles: [],
    });
    const id = (await t.request(WhoAmIDocument, {}, { token })).data!.viewer!.id;
    const c = await contact(school, {
      name: 'Olli Operoitava',
      email: 'olli@erasure.example',
      phone: '+358 44 555 6666',
    });

    // The runs start in parallel (each is a process of its own); an unknown subject fails.
    const [staffRun, contactRun, unknown] = await Promise.all([
      runErase(['--staff', 'local|cli-person']),
      runErase(['--contact', c.id]),
      runErase(['--staff', 'nobody']),
    ]);
    expect(staffRun).toEqual({ code: 0, output: `Erased StaffMember ${id}\n` });
    expect(contactRun.code).toBe(0);
    expect(
      await findInDatabase(t.em(), [
        'Oona Operaattori',
        'oona@erasure.example',
        'cli-person',
        'Olli Operoitava',
        'olli@erasure.example',
        '+358 44 555 6666',
      ]),
    ).toEqual([]);
    const erasures = await t
      .em()
      .find(AuditEntry, { action: AuditAction.ERASE, entityId: { $in: [c.id, fromGlobalId(id)!.id] } });
    expect(erasures.map((e) => [e.entityType, e.staff ?? null]).sort()).toEqual([
      ['Contact', null],
      ['StaffMember', null],
    ]);

    expect(unknown).toEqual({ code: 1, output: 'NOT_FOUND: No staff member has the subject nobody\n' });
  }, 120_000); // three command-line processes
});

describe('across instances', () => {
  let other: HubProcess;
  afterAll(async () => {
    await other?.stop();
  });

  it('another instance forgets the erased person: their next request there is a new staff member', async () => {
    other = await startHubProcess({
      DATABASE_URL: t.hub.db.url,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'silent',
      RESPONSE_CACHE_MB: '8',
    });
    const token = await staffToken({
      sub: 'roaming',
      name: 'Risto Reissaaja',
      email: 'risto@erasure.example',
      roles: [],
    });
    const ask = async (url: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ viewer { id } }' }),
      });
      return ((await res.json()) as { data: { viewer: { id: string } } }).data.viewer.id;
    };
    const before = await ask(other.url); // cached there now
    expect(await ask(other.url)).toBe(before);
    const res = await t.request(EraseStaffMemberDocument, { id: before }, { token: coordinator });
    expect(res.errors).toBeUndefined();
    // NOTIFY reaches the other instance within moments (its own cache would keep it a minute).
    const deadline = Date.now() + 10_000;
    let after = await ask(other.url);
    while (after === before && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      after = await ask(other.url);
    }
    expect(after).not.toBe(before);
    expect(await findInDatabase(t.em(), ['Risto Reissaaja', 'risto@erasure.example'])).toEqual([
      { table: 'staff_member', column: 'name', needle: 'Risto Reissaaja' },
      { table: 'staff_member', column: 'email', needle: 'risto@erasure.example' },
    ]); // the new staff member's own row only
  });
});
