/**
 * The per-connection operation limit holds under a burst: a client that sends 1000 subscribe
 * messages at once on one raw socket gets 20 subscriptions, and one event then costs the server
 * 20 frames on that socket, not hundreds. Refused and completed operations give their slot back.
 */
import { Role } from '../../src/common/context';
import { PublicationStatus } from '../../src/common/enums';
import { toGlobalId } from '../../src/common/node';
import { Actor, ActorKind } from '../../src/modules/actor/actor.entity';
import { PublishSharedMaterialDocument } from '../support/generated/graphql';
import { Fixtures } from '../support/fixtures';
import { startTestHub, TestHub } from '../support/hub';
import { Frame, isAck, openRawWs, RawWs } from '../support/raw-ws';

const LIMIT = 20;
const SUBSCRIPTION = 'subscription { materialPublished { cursor material { id } } }';

let t: TestHub;
let fx: Fixtures;
let publisher: Actor;
let editor: string;
const sockets: RawWs[] = [];

async function ws(): Promise<RawWs> {
  const socket = await openRawWs(t.url);
  sockets.push(socket);
  return socket;
}

/** Publishes a new material through the API; returns its global id. */
async function publishMaterial(title: string): Promise<string> {
  const m = await fx.material(publisher, { title, status: PublicationStatus.DRAFT });
  const id = toGlobalId('SharedMaterial', m.id);
  const res = await t.request(PublishSharedMaterialDocument, { id, version: m.version }, { token: editor });
  expect(res.errors).toBeUndefined();
  return id;
}

/** A `next` frame announcing material `id`. */
function announces(id: string): (f: Frame) => boolean {
  return (f) =>
    f.type === 'next' &&
    (f.payload as { data?: { materialPublished?: { material?: { id?: string } } } }).data?.materialPublished
      ?.material?.id === id;
}

/** Whether a frame finished operation `id`'s subscribe: acknowledged, or refused. */
function settled(f: Frame): boolean {
  return isAck()(f) || f.type === 'error';
}

beforeAll(async () => {
  t = await startTestHub('ws_limits');
  fx = new Fixtures(t.em());
  publisher = await fx.actor({ slug: 'julkaisija', kind: ActorKind.VALTERI });
  editor = await t.token({ actor: 'julkaisija', roles: [Role.EDITOR], sub: 'ws-limits-editor' });
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(async () => {
  await t?.stop();
});

it('accepts 20 of 1000 subscribe messages sent at once, and one event sends 20 frames', async () => {
  const socket = await ws();
  for (let i = 0; i < 1000; i++)
    socket.send({ id: `s${i}`, type: 'subscribe', payload: { query: SUBSCRIPTION } });
  const outcomes = await socket.waitForCount(settled, 1000, 30_000);
  const acked = outcomes.filter(isAck());
  const refused = outcomes.filter((f) => f.type === 'error');
  expect(acked).toHaveLength(LIMIT);
  expect(refused).toHaveLength(1000 - LIMIT);
  for (const f of refused) {
    expect((f.payload as { extensions?: { code?: string } }[])[0].extensions?.code).toBe('RATE_LIMITED');
  }
  const accepted = new Set(acked.map((f) => (f.payload as { subscribed: string }).subscribed));

  const first = await publishMaterial('Purskeen jälkeen');
  // A second event is the sentinel: once its 20 frames are here, every frame of the first is too.
  const sentinel = await publishMaterial('Vartija');
  await socket.waitForCount(announces(sentinel), LIMIT);
  const frames = socket.frames.filter(announces(first));
  expect(frames).toHaveLength(LIMIT);
  expect(new Set(frames.map((f) => f.id))).toEqual(accepted);
  expect(socket.frames.filter(announces(sentinel))).toHaveLength(LIMIT);
});

it('gives the slot back when an operation is refused or completed', async () => {
  const socket = await ws();
  // 30 refused operations (invalid, unknown filter id) take no slot for good.
  for (let i = 0; i < 30; i++) {
    const payload =
      i % 2
        ? { query: '{ nope }' }
        : {
            query: SUBSCRIPTION.replace(
              'materialPublished',
              'materialPublished(filter: { publisherIds: ["x"] })',
            ),
          };
    socket.send({ id: `bad${i}`, type: 'subscribe', payload });
  }
  // Refused while subscribing (`error`), or by the subscription's resolver (`next` with errors, `complete`).
  await socket.waitForCount((f) => f.type === 'error' || f.type === 'complete', 30);
  for (let i = 0; i < LIMIT; i++)
    socket.send({ id: `ok${i}`, type: 'subscribe', payload: { query: SUBSCRIPTION } });
  await socket.waitForCount(isAck(), LIMIT);
  // Full: the next one is refused...
  socket.send({ id: 'extra', type: 'subscribe', payload: { query: SUBSCRIPTION } });
  const refused = await socket.waitFor((f) => f.id === 'extra');
  expect(refused.type).toBe('error');
  // ...until one completes.
  socket.send({ id: 'ok0', type: 'complete' });
  const from = socket.frames.length;
  socket.send({ id: 'again', type: 'subscribe', payload: { query: SUBSCRIPTION } });
  const outcome = await socket.waitFor(
    (f) => settled(f) && (f.id === 'again' || isAck('again')(f)),
    10_000,
    from,
  );
  expect(isAck('again')(outcome)).toBe(true);
  // Reusing ids right after completing them (graphql-ws allows it) frees no more than it took:
  // whatever the timing, at most 20 subscriptions run, so one event sends at most 20 frames.
  for (let round = 0; round < 3; round++) {
    for (let i = 1; i < LIMIT; i++) {
      socket.send({ id: `ok${i}`, type: 'complete' });
      socket.send({ id: `ok${i}`, type: 'subscribe', payload: { query: SUBSCRIPTION } });
    }
  }
  for (let i = 0; i < 10; i++)
    socket.send({ id: `more${i}`, type: 'subscribe', payload: { query: SUBSCRIPTION } });
  await socket.waitForCount(
    (f) =>
      f.id?.startsWith('more') === true ||
      (isAck()(f) && (f.payload as { subscribed: string }).subscribed.startsWith('more')),
    10,
  );
  const event = await publishMaterial('Uudelleenkäyttö');
  const sentinel = await publishMaterial('Vartija 2');
  await socket.waitFor(announces(sentinel));
  // Frames of one event are written in one synchronous run: the sentinel's first one comes after them all.
  expect(socket.frames.filter(announces(event)).length).toBeLessThanOrEqual(LIMIT);
});

it('acknowledges only running subscriptions: no pong for a query or a failed subscribe', async () => {
  const socket = await ws();
  socket.send({ id: 'q', type: 'subscribe', payload: { query: '{ actors { totalCount } }' } });
  await socket.waitFor((f) => f.id === 'q' && f.type === 'complete');
  socket.send({
    id: 'failed',
    type: 'subscribe',
    payload: { query: 'subscription { materialPublished(after: "nope") { cursor } }' },
  });
  const failed = await socket.waitFor((f) => f.id === 'failed' && (f.type === 'next' || f.type === 'error'));
  expect(JSON.stringify(failed.payload)).toContain('BAD_USER_INPUT');
  socket.send({ id: 'live', type: 'subscribe', payload: { query: SUBSCRIPTION } });
  await socket.waitFor(isAck('live'));
  // The running subscription's pong is the only one, after everything above.
  expect(socket.frames.filter((f) => f.type === 'pong')).toHaveLength(1);
});
