import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Role } from '../../src/common/context';
import { toGlobalId } from '../../src/common/node';
import { Actor, ActorKind } from '../../src/modules/actor/actor.entity';
import { ServiceOffering } from '../../src/modules/service-offering/service-offering.entity';
import { importPtv, ImportReport } from '../../src/modules/ptv-import/ptv-import.service';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';

/*
 * The PTV import (`npm run import:ptv -- FILE...`) over small files in the shape of PTV's open
 * API v11 (test/fixtures/ptv): what it creates, that a second run changes nothing, that a changed
 * file updates what changed, that records edited in the hub are not overwritten, and that bad
 * files import nothing at all.
 */

const DIR = path.join(__dirname, '..', 'fixtures', 'ptv');
const ROOT = path.join(__dirname, '..', '..');
const ORG = {
  kuopio: '8e7603f5-e142-456e-9c29-c61d64456f91',
  county: '92145b8e-8913-4a50-a5d6-faf7fd605264',
  unit: '41e752d7-19d6-447a-a412-2e957ad1de51',
  association: '80a9f806-0851-4b58-84e8-b110a821a1c9',
  company: '8cf37a71-2195-4ddf-80ff-68fc2301f43d',
};
const SERVICE = {
  familyCounselling: '9f9bf7cc-90b8-48a3-9211-3e81b02d516a',
  schoolWelfare: '8fb395f5-178a-4930-99df-41723a6738b8',
  peerGroups: '2a6416df-5b73-440e-8eda-84a3efeb9b6c',
  companyTherapy: '44239db3-b688-40f8-8dd7-07491ed555e7',
  rehabilitation: '63a73c1c-058a-4d20-b607-2d9292675a53',
  uusimaa: '6abd383d-793f-4ea3-9264-0fb5868fe9e7',
  housing: '7f9d7a9d-0dfa-4647-aa8e-54399618cf8f',
};

let t: TestHub;
let coordinator: string;

function file(name: string) {
  return { name, text: fs.readFileSync(path.join(DIR, name), 'utf8') };
}

/** Runs the npm script's program as a separate process against the test database. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register', 'src/cli/import-ptv.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.hub.db.url, LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function outcome(report: ImportReport, ptvId: string) {
  const found = report.records.find((r) => r.ptvId === ptvId);
  if (!found) throw new Error(`no outcome for ${ptvId}`);
  return found;
}

async function offering(ptvId: string) {
  return t.em().findOneOrFail(ServiceOffering, { ptvId }, { populate: ['regions', 'categories', 'actor'] });
}

async function importCount(): Promise<number> {
  const [row] = await t
    .em()
    .execute<{ n: number }[]>(`select count(*)::int as n from audit_entry where action = 'IMPORT'`);
  return row.n;
}

beforeAll(async () => {
  t = await startTestHub('ptv_import');
  coordinator = await t.token({ roles: [Role.COORDINATOR] });
  // Authored in the hub before any import: its slug is taken, and it must stay as it is.
  await new Fixtures(t.em()).actor({
    slug: 'kuopion-kaupunki',
    kind: ActorKind.MUNICIPALITY,
    name: { fi: 'Kuopion kaupunki (hubissa)' },
  });
}, 120_000);

afterAll(() => t.stop());

test('files with problems are reported per record and nothing is imported, not even the good file', async () => {
  const run = await cli(
    ...['organizations.json', 'not-json.json', 'wrong-shape.json', 'unknown-areas.json'].map((f) =>
      path.join(DIR, f),
    ),
  );
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('nothing was imported');
  expect(run.stdout).toMatch(/not-json\.json: not JSON/);
  expect(run.stdout).toMatch(
    /wrong-shape\.json, record 1 \(8e7603f5[^)]*\): not a PTV organization: organizationType/,
  );
  expect(run.stdout).toMatch(/wrong-shape\.json, record 2 \(not-a-uuid\): not a PTV organization: id/);
  expect(run.stdout).toMatch(/unknown-areas\.json, record 1 [^:]*: unknown Region area code "99"/);
  expect(run.stdout).toMatch(/unknown-areas\.json, record 2 [^:]*: unknown Municipality area code "1234"/);
  expect(await t.em().count(Actor, { ptvId: { $ne: null } })).toBe(0);
  expect(await importCount()).toBe(0);
}, 120_000);

test('a dry run reports what would change and writes nothing', async () => {
  const report = await importPtv(t.em(), [file('organizations.json'), file('services.json')], {
    dryRun: true,
  });
  expect(report.organizations.created).toBe(4);
  expect(await t.em().count(Actor, { ptvId: { $ne: null } })).toBe(0);
  expect(await t.em().count(ServiceOffering, { ptvId: { $ne: null } })).toBe(0);
});

test('npm run import:ptv creates partner actors and published offerings, and says what it skipped and why', async () => {
  const run = await cli(path.join(DIR, 'organizations.json'), path.join(DIR, 'services.json'), '--json');
  expect(run.stderr).not.toMatch(/error/i);
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as ImportReport;
  expect(report.organizations).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 1 });
  expect(report.services).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 3 });
  expect(outcome(report, ORG.company).reason).toMatch(/companies are not among the hub’s partner kinds/);
  expect(outcome(report, SERVICE.companyTherapy).reason).toMatch(/responsible organisation .* was skipped/);
  expect(outcome(report, SERVICE.schoolWelfare).reason).toMatch(
    /none of its service areas .*Municipality 297 Kuopio/,
  );
  expect(outcome(report, SERVICE.housing).reason).toMatch(/none of its service classes maps .*P1\.1/);
  expect(outcome(report, SERVICE.rehabilitation).notes.join()).toMatch(/HospitalDistrict 25 .* left out/);
  expect(outcome(report, SERVICE.uusimaa).notes.join()).toMatch(/Region 21 Ahvenanmaa has no county/);

  const em = t.em();
  const kuopio = await em.findOneOrFail(Actor, { ptvId: ORG.kuopio });
  expect(kuopio).toMatchObject({
    kind: ActorKind.MUNICIPALITY,
    slug: 'kuopion-kaupunki-2',
    website: 'https://www.kuopio.fi/',
  });
  expect(kuopio.nameI18n).toMatchObject({ fi: 'Kuopion kaupunki', sv: 'Kuopio stad', en: 'City of Kuopio' });
  const hubOwn = await em.findOneOrFail(Actor, { slug: 'kuopion-kaupunki' });
  expect(hubOwn.nameI18n.fi).toBe('Kuopion kaupunki (hubissa)');
  expect(hubOwn.ptvId).toBeNull();
  const county = await em.findOneOrFail(Actor, { ptvId: ORG.county }, { populate: ['regions'] });
  expect(county.kind).toBe(ActorKind.WELLBEING_SERVICES_COUNTY);
  expect(county.regions.getItems().map((r) => r.code)).toEqual(['13']);
  const unit = await em.findOneOrFail(Actor, { ptvId: ORG.unit });
  expect(unit.parent?.id).toBe(county.id);
  expect((await em.findOneOrFail(Actor, { ptvId: ORG.association })).kind).toBe(ActorKind.ASSOCIATION);

  const family = await offering(SERVICE.familyCounselling);
  expect(family).toMatchObject({
    status: 'PUBLISHED',
    importSource: 'PTV',
    cost: 'FREE',
    languages: ['FI', 'SV'],
  });
  expect(family.actor.id).toBe(county.id);
  expect(family.titleI18n).toMatchObject({
    fi: 'Perheneuvola',
    sv: 'Familjerådgivning',
    en: 'Family counselling',
  });
  expect(family.howToApplyI18n?.fi).toBe('Varaa aika puhelimitse.');
  expect(
    family.categories
      .getItems()
      .map((c) => c.code)
      .sort(),
  ).toEqual(['CONSULTATION', 'FAMILY_SUPPORT']);
  expect(family.regions.getItems().map((r) => r.code)).toEqual(['13']);
  const peers = await offering(SERVICE.peerGroups);
  expect(
    peers.regions
      .getItems()
      .map((r) => r.code)
      .sort(),
  ).toEqual(['HYKS', 'KYS', 'OYS', 'TAYS', 'TYKS']);
  expect(peers.cost).toBe('VARIES');
  const uusimaa = await offering(SERVICE.uusimaa);
  expect(
    uusimaa.regions
      .getItems()
      .map((r) => r.code)
      .sort(),
  ).toEqual(['01', '02', '03', '04', '90']);

  // Public like any published offering: in the list and in coverage, for anonymous readers too.
  const gql = await t.request<
    { serviceOfferings: { nodes: { title: string; actor: { kind: string } }[] } },
    object
  >(
    '{ serviceOfferings(filter: { regionCodes: ["13"], categoryCodes: ["FAMILY_SUPPORT"] }) { nodes { title(lang: SV) actor { kind } } } }',
  );
  expect(gql.data!.serviceOfferings.nodes).toContainEqual({
    title: 'Familjerådgivning',
    actor: { kind: 'WELLBEING_SERVICES_COUNTY' },
  });
  // Audited as imports: one entry per record created, with no staff member.
  const audit = await t.request<
    { auditLog: { nodes: { action: string; entityType: string; staff: unknown }[] } },
    object
  >(
    '{ auditLog(filter: { actions: [IMPORT] }, first: 100) { nodes { action entityType staff { id } } } }',
    undefined,
    {
      token: coordinator,
    },
  );
  expect(audit.errors).toBeUndefined();
  const entries = audit.data!.auditLog.nodes;
  expect(entries.filter((e) => e.entityType === 'Actor')).toHaveLength(4);
  expect(entries.filter((e) => e.entityType === 'ServiceOffering')).toHaveLength(4);
  expect(entries.every((e) => e.staff === null)).toBe(true);
  // Announced to subscribers as created.
  const [row] = await t
    .em()
    .execute<{ n: number }[]>(
      `select count(*)::int as n from announcement where entity_id = ? and change = 'CREATED'`,
      [family.id],
    );
  expect(row.n).toBe(1);
}, 120_000);

test('a second import of the same files changes nothing', async () => {
  const audits = await importCount();
  const versions = await t
    .em()
    .execute<{ id: string; version: number }[]>(
      'select id, version from service_offering where ptv_id is not null order by id',
    );
  const report = await importPtv(t.em(), [file('organizations.json'), file('services.json')]);
  expect(report.organizations).toEqual({ created: 0, updated: 0, unchanged: 4, skipped: 1 });
  expect(report.services).toEqual({ created: 0, updated: 0, unchanged: 4, skipped: 3 });
  expect(await importCount()).toBe(audits);
  expect(
    await t.em().execute('select id, version from service_offering where ptv_id is not null order by id'),
  ).toEqual(versions);
});

test('a changed file updates what changed, says so, and archives what PTV no longer publishes', async () => {
  const report = await importPtv(t.em(), [file('organizations.json'), file('services-changed.json')]);
  expect(report.services).toEqual({ created: 0, updated: 2, unchanged: 2, skipped: 3 });
  expect(outcome(report, SERVICE.familyCounselling)).toMatchObject({
    outcome: 'updated',
    changes: ['titleI18n', 'descriptionI18n'],
  });
  expect(outcome(report, SERVICE.rehabilitation)).toMatchObject({ outcome: 'updated', changes: ['status'] });
  expect((await offering(SERVICE.familyCounselling)).titleI18n.fi).toBe(
    'Perheneuvola – kasvatus- ja perheneuvonta',
  );
  expect((await offering(SERVICE.rehabilitation)).status).toBe('ARCHIVED');
  const audit = await t.request<
    { auditLog: { nodes: { changes: { field: string; new: unknown }[] }[] } },
    object
  >(
    `query($id: ID!) { auditLog(filter: { entityId: $id, actions: [IMPORT] }) { nodes { changes { field new } } } }`,
    { id: toGlobalId('ServiceOffering', (await offering(SERVICE.familyCounselling)).id) },
    { token: coordinator },
  );
  expect(audit.data!.auditLog.nodes[0].changes.map((c) => c.field)).toEqual(['titleI18n', 'descriptionI18n']);
  // Anonymous readers no longer see the archived offering.
  const gql = await t.request<{ serviceOfferings: { nodes: { title: string }[] } }, object>(
    '{ serviceOfferings(first: 100) { nodes { title } } }',
  );
  expect(gql.data!.serviceOfferings.nodes.map((n) => n.title)).not.toContain('Lasten neurologinen kuntoutus');
});

test('a record edited in the hub after its import is not overwritten by the next import', async () => {
  const peers = await offering(SERVICE.peerGroups);
  const edit = await t.request<{ updateServiceOffering: { serviceOffering: { version: number } } }, object>(
    `mutation($id: ID!, $version: Int!) {
      updateServiceOffering(id: $id, version: $version, input: { title: { fi: "Vertaistukiryhmät (hubin toimittama)" } }) {
        serviceOffering { version }
      }
    }`,
    { id: toGlobalId('ServiceOffering', peers.id), version: peers.version },
    { token: coordinator },
  );
  expect(edit.errors).toBeUndefined();
  const report = await importPtv(t.em(), [file('organizations.json'), file('services.json')]);
  expect(outcome(report, SERVICE.peerGroups)).toMatchObject({
    outcome: 'skipped',
    reason: expect.stringMatching(/edited in the hub since its last import: not overwritten/),
  });
  expect((await offering(SERVICE.peerGroups)).titleI18n.fi).toBe('Vertaistukiryhmät (hubin toimittama)');
  // The others still follow PTV: the family counselling title comes back, the archived one returns.
  expect(outcome(report, SERVICE.familyCounselling).outcome).toBe('updated');
  expect(outcome(report, SERVICE.rehabilitation)).toMatchObject({ outcome: 'updated', changes: ['status'] });
  expect((await offering(SERVICE.rehabilitation)).status).toBe('PUBLISHED');
});
