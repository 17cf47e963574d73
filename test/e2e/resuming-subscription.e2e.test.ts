import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Client } from 'pg';
import WebSocket from 'ws';
import { resumingSubscription, ResumingSubscription } from '../../src/client/resuming-subscription';
import { NewMaterialsDocument, NewMaterialsSubscription } from '../../src/client/generated/graphql';
import { Role } from '../../src/common/context';
import { signDevToken } from '../../src/modules/auth/token';
import { encodeAnnouncementCursor } from '../../src/modules/announcement/announcement.hub';
import {
  ActorBySlugDocument,
  CreateSharedMaterialDocument,
  PublishSharedMaterialDocument,
} from '../support/generated/graphql';
import { createEmptyDatabase, dropDatabase, testDatabaseName } from '../support/db';
import { gqlAt } from '../support/http';
import { TEST_JWT_SECRET } from '../support/hub';
import { freePort, HubProcess, startHubProcess } from '../support/process';

/**
 * The frontend kit's subscription client (src/client/resuming-subscription.ts) against the real
 * hub, restarted mid-stream: it reconnects by itself and resumes after the last event it showed,
 * so every event is shown exactly once, including those committed while it was away.
 */
const dbName = testDatabaseName('resuming');
let dbUrl: string;
let token: string;
const hubs: HubProcess[] = [];
let subscription: ResumingSubscription | undefined;

function gql<T, V>(url: string, doc: TypedDocumentNode<T, V>, variables: V): Promise<T> {
  return gqlAt(url, token, doc, variables);
}

async function publish(url: string, publisherId: string, title: string): Promise<void> {
  const created = await gql(url, CreateSharedMaterialDocument, {
    input: { publisherId, kind: 'GUIDE', title: { fi: title }, url: 'https://example.org/opas' },
  });
  const m = created.createSharedMaterial.sharedMaterial;
  await gql(url, PublishSharedMaterialDocument, { id: m.id, version: m.version });
}

async function lastAnnouncementId(): Promise<string> {
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  try {
    return (await pg.query<{ max: string }>('select max(id)::text as max from announcement')).rows[0].max;
  } finally {
    await pg.end();
  }
}

/** Resolves when `check` holds, re-checked on every event the client shows. */
function waiter(): { notify(): void; until(what: string, check: () => boolean, ms?: number): Promise<void> } {
  let wake: () => void = () => undefined;
  return {
    notify: () => wake(),
    async until(what, check, ms = 30_000) {
      const deadline = Date.now() + ms;
      while (!check()) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`Timed out waiting for ${what}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}

beforeAll(async () => {
  dbUrl = await createEmptyDatabase(dbName);
  token = await signDevToken(
    TEST_JWT_SECRET,
    { sub: 'kit-coordinator', name: 'Koordinaattori', roles: [Role.COORDINATOR] },
    600,
  );
}, 60_000);

afterAll(async () => {
  await subscription?.dispose();
  await Promise.all(hubs.map((h) => h.stop()));
  await dropDatabase(dbName);
});

it('reconnects after a restart and shows every event exactly once, resuming from the last one shown', async () => {
  const port = String(await freePort());
  const env = { DATABASE_URL: dbUrl, JWT_SECRET: TEST_JWT_SECRET, ANNOUNCE_POLL_MS: '500' };
  const first = await startHubProcess({ ...env, PORT: port, SEED_DEMO: 'true' });
  hubs.push(first);
  // A second instance on the same database: writes go on there while the first is down.
  const other = await startHubProcess(env);
  hubs.push(other);
  const valteri = (await gql(first.url, ActorBySlugDocument, { slug: 'valteri' })).actor!.id;

  // Shown earlier, in a previous session of the page: the client starts after M0.
  await publish(first.url, valteri, 'M0');
  const afterM0 = encodeAnnouncementCursor(await lastAnnouncementId());
  await publish(first.url, valteri, 'M1');

  const shown: string[] = [];
  const events = waiter();
  let subscribed = 0;
  let reconnects = 0;
  subscription = resumingSubscription<NewMaterialsSubscription>({
    url: first.url.replace(/^http/, 'ws'),
    query: NewMaterialsDocument,
    after: afterM0,
    token: () => token,
    cursorOf: (data) => data.materialPublished.cursor,
    show: (data) => {
      shown.push(data.materialPublished.material.title);
      events.notify();
    },
    onSubscribed: () => {
      subscribed++;
      events.notify();
    },
    onConnected: (resumed) => {
      if (resumed) reconnects++;
    },
    retryDelayMs: () => 200,
    webSocketImpl: WebSocket,
  });

  await events.until('M1 replayed', () => shown.length >= 1 && subscribed >= 1);
  await publish(first.url, valteri, 'M2');
  await publish(first.url, valteri, 'M3');
  await events.until('M2 and M3 live', () => shown.length >= 3);

  // The hub restarts: what is committed meanwhile must not be lost, nor anything shown twice.
  expect(await first.stop()).toBe(0);
  await publish(other.url, valteri, 'M4');
  await publish(other.url, valteri, 'M5');
  const restarted = await startHubProcess({ ...env, PORT: port });
  hubs.push(restarted);
  await events.until('the client to resubscribe', () => subscribed >= 2);
  await publish(restarted.url, valteri, 'M6');
  await events.until('M6', () => shown.includes('M6'));

  expect(reconnects).toBeGreaterThanOrEqual(1);
  expect(shown).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6']);
  expect(subscription.cursor).toBe(encodeAnnouncementCursor(await lastAnnouncementId()));
}, 120_000);
