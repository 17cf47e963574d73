import type { EntityManager } from '@mikro-orm/postgresql';
import { Hub, startHub } from '../../src/app';
import { silentLogger } from '../../src/common/logger';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import type { FieldChange } from '../../src/common/mutation';
import { AuditAction, AuditEntry } from '../../src/modules/audit/audit-entry.entity';
import { StaffMember } from '../../src/modules/staff/staff-member.entity';
import { createEmptyDatabase, dropDatabase, testDatabaseName } from '../support/db';
import { TEST_JWT_SECRET } from '../support/hub';
import { findInDatabase } from '../support/personal-data';
import { runScript } from '../support/process';

/*
 * Retention with backdated rows: the hub's job at start (with periods from the environment), then
 * `npm run prune` with the defaults, and a second run that finds nothing left to do.
 */

const DAY = 86_400_000;
const dbName = testDatabaseName('retention');
let databaseUrl: string;
let hub: Hub | null = null;

const contactChanges = (name: string, email: string): FieldChange[] => [
  { field: 'name', old: null, new: name },
  { field: 'email', old: null, new: email },
  { field: 'phone', old: null, new: '+358 40 111 2233' },
  { field: 'role', old: null, new: 'GENERAL' },
];

/** An audit entry written `days` ago. */
function entry(em: EntityManager, days: number, entityType: string, changes: FieldChange[]): AuditEntry {
  return em.create(AuditEntry, {
    entityType,
    entityId: crypto.randomUUID(),
    action: AuditAction.CREATE,
    changes,
    createdAt: new Date(Date.now() - days * DAY),
  });
}

function staff(em: EntityManager, subject: string, name: string, lastSeenDays: number): StaffMember {
  return em.create(StaffMember, {
    subject,
    name,
    email: `${subject}@retention.example`,
    roles: [],
    lastSeenAt: new Date(Date.now() - lastSeenDays * DAY),
  });
}

function prune() {
  return runScript('prune', [], { DATABASE_URL: databaseUrl });
}

let ids: Record<string, string> = {};

beforeAll(async () => {
  databaseUrl = await createEmptyDatabase(dbName);
  const db = await openDatabase({ ...loadConfig({ DATABASE_URL: databaseUrl }), MIGRATE: true });
  const em = db.orm.em.fork();
  const rows = {
    ancient: entry(em, 400, 'Contact', contactChanges('Aino Ikivanha', 'aino@retention.example')),
    old: entry(em, 200, 'Contact', contactChanges('Olavi Vanha', 'olavi@retention.example')),
    oldOffering: entry(em, 40, 'ServiceOffering', [
      { field: 'titleI18n', old: null, new: { fi: 'Konsultaatio', sv: null, en: null } },
      {
        field: 'descriptionI18n',
        old: null,
        new: { fi: 'Kysy: kalle.kysyja@retention.example', sv: null, en: null },
      },
    ]),
    recent: entry(em, 20, 'Contact', contactChanges('Reetta Tuore', 'reetta@retention.example')),
    gone: staff(em, 'local|gone', 'Ville Poissa', 400),
    active: staff(em, 'local|active', 'Aktiivi Aktiivinen', 1),
  };
  await em.flush();
  ids = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.id]));
  await db.close();
});
afterAll(async () => {
  await hub?.stop();
  await dropDatabase(dbName);
});

describe('retention', () => {
  it('runs when the hub starts: old entries removed, personal values of older ones blanked, inactive staff erased', async () => {
    hub = await startHub(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'silent',
        JWT_SECRET: TEST_JWT_SECRET,
        AUDIT_RETENTION_DAYS: '365',
        AUDIT_PERSONAL_DATA_DAYS: '30',
        STAFF_RETENTION_DAYS: '365',
      }),
      silentLogger(),
    );
    expect(await hub.retention.firstRun).toEqual({
      auditEntriesRemoved: 1,
      auditEntriesBlanked: 2,
      staffErased: 1,
    });
    const em = hub.db.orm.em.fork();
    const left = new Map(
      (await em.find(AuditEntry, { id: { $in: Object.values(ids) } })).map((e) => [e.id, e]),
    );
    expect(left.has(ids.ancient)).toBe(false);
    expect(left.get(ids.old)?.changes).toEqual([
      { field: 'name', old: null, new: null, redacted: true },
      { field: 'email', old: null, new: null, redacted: true },
      { field: 'phone', old: null, new: null, redacted: true },
      { field: 'role', old: null, new: 'GENERAL' },
    ]);
    expect(left.get(ids.oldOffering)?.changes).toEqual([
      { field: 'titleI18n', old: null, new: { fi: 'Konsultaatio', sv: null, en: null } },
      { field: 'descriptionI18n', old: null, new: { fi: 'Kysy: [erased]', sv: null, en: null } },
    ]);
    expect(left.get(ids.recent)?.changes).toEqual(contactChanges('Reetta Tuore', 'reetta@retention.example'));
    const gone = await em.findOneOrFail(StaffMember, { id: ids.gone });
    expect(gone).toMatchObject({ name: '[erased]', email: null, subject: `erased:${ids.gone}` });
    expect(gone.erasedAt).toBeInstanceOf(Date);
    expect(await em.findOneOrFail(StaffMember, { id: ids.active })).toMatchObject({
      name: 'Aktiivi Aktiivinen',
    });
    const erasure = await em.findOneOrFail(AuditEntry, { entityId: ids.gone, action: AuditAction.ERASE });
    expect(erasure.staff ?? null).toBeNull();
    expect(erasure.changes.find((c) => c.field === 'reason')?.new).toBe('RETENTION');
    expect(
      await findInDatabase(em, [
        'Aino Ikivanha',
        'Olavi Vanha',
        'olavi@retention.example',
        'kalle.kysyja@retention.example',
        'Ville Poissa',
        'gone@retention.example',
      ]),
    ).toEqual([]);
    // Again: nothing left to do.
    expect(await hub.retention.run()).toEqual({
      auditEntriesRemoved: 0,
      auditEntriesBlanked: 0,
      staffErased: 0,
    });
  });

  it('`npm run prune` applies the default periods on demand', async () => {
    const em = hub!.db.orm.em.fork();
    const ancient = entry(em, 800, 'Event', [{ field: 'location', old: null, new: 'Helsinki' }]);
    const older = entry(em, 100, 'Contact', contactChanges('Pirjo Pruunattava', 'pirjo@retention.example'));
    const newer = entry(em, 60, 'Contact', contactChanges('Niko Nuori', 'niko@retention.example'));
    await em.flush();
    const run = await prune();
    expect(run).toEqual({
      code: 0,
      output: 'Retention: {"auditEntriesRemoved":1,"auditEntriesBlanked":1,"staffErased":0}\n',
    });
    const left = await hub!.db.orm.em
      .fork()
      .find(AuditEntry, { id: { $in: [ancient.id, older.id, newer.id] } });
    expect(left.map((e) => e.id).sort()).toEqual([older.id, newer.id].sort());
    expect(left.find((e) => e.id === older.id)?.changes.filter((c) => c.redacted).length).toBe(3);
    expect(left.find((e) => e.id === newer.id)?.changes).toEqual(
      contactChanges('Niko Nuori', 'niko@retention.example'),
    );
  });

  it('refuses periods that are not whole days', () => {
    for (const bad of [
      { AUDIT_RETENTION_DAYS: '0' },
      { AUDIT_PERSONAL_DATA_DAYS: 'soon' },
      { STAFF_RETENTION_DAYS: '1.5' },
    ]) {
      expect(() => loadConfig(bad)).toThrow(`Invalid configuration:\n  ${Object.keys(bad)[0]}`);
    }
  });
});
