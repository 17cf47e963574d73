import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { Role } from '../../src/common/context';
import { PublicationStatus } from '../../src/common/enums';
import { createLogger } from '../../src/common/logger';
import { toGlobalId } from '../../src/common/node';
import { loadConfig } from '../../src/config';
import { Database, openDatabase } from '../../src/db/database';
import { makeFormatError } from '../../src/graphql/errors';
import { Contact } from '../../src/modules/actor/contact.entity';
import { signDevToken } from '../../src/modules/auth/token';
import { MaterialKind } from '../../src/modules/material/material.entity';
import {
  EraseContactDocument,
  MaterialWithContactsDocument,
  OfferingWithContactDocument,
  PublishServiceOfferingDocument,
  PublishSharedMaterialDocument,
  WhoAmIDocument,
} from '../support/generated/graphql';
import { createEmptyDatabase, dropDatabase, testDatabaseName } from '../support/db';
import { Fixtures } from '../support/fixtures';
import { TEST_JWT_SECRET } from '../support/hub';
import { HubProcess, startHubProcess } from '../support/process';
import { connectWs, TestWsClient } from '../support/ws';

/*
 * Personal data never reaches a log line (LOG_LEVEL=debug, DEBUG_SQL=true), an error message or a
 * subscription payload of a viewer who could not read it by query. The hub runs as a child process
 * so that everything it writes to stdout and stderr is captured, whatever logger it uses.
 */

const STAFF = { name: 'Salla Salainen', email: 'salla.salainen@logtest.example' };
const CONTACT = {
  name: 'Kalle Kontakti',
  email: 'kalle.kontakti@logtest.example',
  phone: '+358 40 246 8135',
};
const SECRETS = [STAFF.name, STAFF.email, CONTACT.name, CONTACT.email, CONTACT.phone];

const dbName = testDatabaseName('personal_logs');
let hub: HubProcess;
let db: Database;
let fx: Fixtures;
let editor: string;
const clients: TestWsClient[] = [];

async function post<T, V>(doc: TypedDocumentNode<T, V> | string, variables: V, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(hub.url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: typeof doc === 'string' ? doc : print(doc), variables }),
  });
  return (await res.json()) as {
    data?: T | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

function ws(token?: string): TestWsClient {
  const c = connectWs(hub.url, { token });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  const url = await createEmptyDatabase(dbName);
  hub = await startHubProcess({
    DATABASE_URL: url,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'debug',
    DEBUG_SQL: 'true',
    ANNOUNCE_POLL_MS: '500',
  });
  db = await openDatabase({ ...loadConfig({ DATABASE_URL: url }), MIGRATE: false });
  fx = new Fixtures(db.orm.em.fork());
  editor = await signDevToken(
    TEST_JWT_SECRET,
    { sub: 'salla', name: STAFF.name, email: STAFF.email, actor: 'log-school', roles: [Role.EDITOR] },
    600,
  );
});
afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await hub?.stop();
  await db?.close();
  await dropDatabase(dbName);
});

describe('personal data', () => {
  it('reaches subscribers only where a query would show it', async () => {
    const school = await fx.actor({ slug: 'log-school' });
    const em = db.orm.em.fork();
    const contact = em.create(Contact, { actor: school.id, ...CONTACT });
    await em.flush();
    const offering = await fx.offering(school, { status: PublicationStatus.DRAFT, contact });
    const material = await fx.material(school, { kind: MaterialKind.GUIDE, status: PublicationStatus.DRAFT });

    const anonymousMaterials = ws().subscribe(MaterialWithContactsDocument, {});
    const staffMaterials = ws(editor).subscribe(MaterialWithContactsDocument, {});
    const anonymousOfferings = ws().subscribe(OfferingWithContactDocument, {});
    const staffOfferings = ws(editor).subscribe(OfferingWithContactDocument, {});
    await Promise.all(
      [anonymousMaterials, staffMaterials, anonymousOfferings, staffOfferings].map((s) => s.ready),
    );

    const me = await post(WhoAmIDocument, {}, editor);
    expect(me.data?.viewer).toMatchObject(STAFF); // the person themselves
    const publishedMaterial = await post(
      PublishSharedMaterialDocument,
      { id: toGlobalId('SharedMaterial', material.id), version: material.version },
      editor,
    );
    expect(publishedMaterial.errors).toBeUndefined();
    const publishedOffering = await post(
      PublishServiceOfferingDocument,
      { id: toGlobalId('ServiceOffering', offering.id), version: offering.version },
      editor,
    );
    expect(publishedOffering.errors).toBeUndefined();

    await Promise.all([anonymousMaterials.waitFor(1), staffMaterials.waitFor(1)]);
    expect(staffMaterials.received[0].data?.materialPublished.material.publisher.contacts).toEqual([CONTACT]);
    expect(anonymousMaterials.received[0].data?.materialPublished.material.publisher.contacts).toEqual([]);
    // The offering was published: its PUBLISHED event (the only one, as it was a draft before).
    await Promise.all([anonymousOfferings.waitFor(1), staffOfferings.waitFor(1)]);
    const staffEvent = staffOfferings.received.at(-1)?.data?.serviceOfferingChanged;
    const anonymousEvent = anonymousOfferings.received.at(-1)?.data?.serviceOfferingChanged;
    expect(staffEvent).toMatchObject({ change: 'PUBLISHED', offering: { contact: CONTACT } });
    expect(anonymousEvent).toMatchObject({ change: 'PUBLISHED', offering: { contact: null } });
    expect(JSON.stringify([...anonymousMaterials.received, ...anonymousOfferings.received])).not.toMatch(
      /Kalle|kontakti@|246 8135/,
    );
  });

  it('is masked in error messages that quote input', async () => {
    const res = await post(
      `mutation ($url: URL!) { createSharedMaterial(input: { publisherId: "x", kind: GUIDE, title: { fi: "x" }, url: $url }) { sharedMaterial { id } } }`,
      { url: STAFF.email },
      editor,
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toContain('[email]');
    expect(JSON.stringify(res)).not.toContain(STAFF.email);
    const search = await post(`query ($q: String!) { search(query: $q) { totalCount } }`, {
      q: CONTACT.email,
    });
    expect(search.errors).toBeUndefined();
  });

  it('never reaches the log, at LOG_LEVEL=debug with DEBUG_SQL=true', async () => {
    // One more path with personal values in SQL parameters: an erasure.
    const coordinator = await signDevToken(
      TEST_JWT_SECRET,
      { sub: 'co', name: 'Kaisa Koordinaattori', email: 'kaisa@logtest.example', roles: [Role.COORDINATOR] },
      600,
    );
    const contact = await db.orm.em.fork().findOneOrFail(Contact, { email: CONTACT.email });
    const erased = await post(EraseContactDocument, { id: toGlobalId('Contact', contact.id) }, coordinator);
    expect(erased.errors).toBeUndefined();
    await hub.stop();
    const output = hub.output();
    // The log was on: statements that carried the values were logged, with placeholders.
    expect(output).toMatch(/insert into "staff_member" .*values \(\$1, \$2/);
    expect(output).toMatch(/\[query\].*from "contact"/);
    for (const secret of [...SECRETS, 'kaisa@logtest.example', 'Kaisa Koordinaattori']) {
      expect(output).not.toContain(secret);
    }
  });

  it('stays out of the log line of an unexpected database error', async () => {
    // A real driver error whose statement carried personal values (a missing actor).
    const failure = await db.orm.em
      .fork()
      .execute('insert into contact (id, actor_id, name, email, phone) values (?, ?, ?, ?, ?)', [
        crypto.randomUUID(),
        crypto.randomUUID(),
        CONTACT.name,
        CONTACT.email,
        CONTACT.phone,
      ])
      .catch((e: unknown) => e as Error);
    expect(String(failure)).toContain(CONTACT.email); // what would have been logged
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } });
    const formatError = makeFormatError((m, e) => log.error(m, e));
    const shown = formatError({ message: String(failure) }, failure);
    expect(shown).toMatchObject({
      message: 'The input breaks a rule of the data (a value is missing, unknown or out of range)',
    });
    const logged = lines.join('\n');
    expect(logged).toContain('SQLSTATE 23503');
    expect(logged).toContain('contact_actor_id_foreign');
    for (const secret of SECRETS) expect(logged).not.toContain(secret);
  });
});
