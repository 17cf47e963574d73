import { LeanWebSocket } from './lean-ws-client';

/**
 * The subscriber side of the subscription benchmark, run in processes of its own (so it does not
 * share an event loop with the server or the publisher; several share out the subscribers). Raw
 * `ws` speaking graphql-transport-ws: each client connects, subscribes and counts as ready on the
 * server's `pong {subscribed}`. Receipt times are kept per material id; the parent asks for
 * latencies once it knows the commit times. The sockets are `LeanWebSocket`s (see there why).
 *
 * Messages from the parent: { type: 'count' }, { type: 'collect', published: { [materialId]:
 * commitMs } }, { type: 'exit' }. To the parent: { type: 'ready', acked, failed },
 * { type: 'counted', frames }, { type: 'result', ... }.
 */

export interface ClientsReady {
  type: 'ready';
  acked: number;
  failed: number;
  errors: string[];
}

export interface ClientsResult {
  type: 'result';
  /** Every receipt's latency (ms from the commit stamp), unsorted: the parent merges processes. */
  latencies: number[];
  lost: number;
  duplicates: number;
  closedEarly: number;
}

/** Announcements received since the last collection: the parent waits until this stops growing. */
export interface ClientsCounted {
  type: 'counted';
  frames: number;
}

export type ParentMessage =
  { type: 'count' } | { type: 'collect'; published: Record<string, number> } | { type: 'exit' };

/** Frames longer than this are announcements (`next`); control messages are all shorter. */
const NEXT_MIN_BYTES = 96;

/** Where a `next` frame names its material (the response follows the selection's order). */
const MATERIAL_ID = Buffer.from('"material":{"id":"');
const QUOTE = 0x22;

const SUBSCRIPTION = `subscription Bench {
  materialPublished(filter: { kinds: [VIDEO] }) { cursor material { id title url } }
}`;

function main(): void {
  const url = process.env.BENCH_WS_URL!;
  const count = Number(process.env.BENCH_SUBSCRIBERS);
  const sources = Number(process.env.BENCH_SOURCE_ADDRESSES ?? 4);
  /** This process's first source address (processes spread their clients over the addresses). */
  const firstSource = Number(process.env.BENCH_FIRST_SOURCE ?? 0);
  const receipts = new Map<string, number[]>();
  let framesSinceCollect = 0;
  const sockets: LeanWebSocket[] = [];
  let acked = 0;
  let failed = 0;
  let closedEarly = 0;
  let settled = false;
  let exiting = false;
  const errors: string[] = [];
  let next = 0;
  let inFlight = 0;
  const maxInFlight = 200;

  type Message = {
    type: string;
    payload?: { subscribed?: string; data?: { materialPublished?: { material?: { id: string } } } };
  };
  const stamp = (id: string, at: number) => {
    const list = receipts.get(id);
    if (list) list.push(at);
    else receipts.set(id, [at]);
  };
  const record = (at: number, frame: Buffer | Message) => {
    const msg = Buffer.isBuffer(frame) ? (JSON.parse(String(frame)) as Message) : frame;
    if (msg.type !== 'next') return;
    const id = msg.payload?.data?.materialPublished?.material?.id;
    if (id) stamp(id, at);
  };

  const report = () => {
    if (settled || acked + failed < count) return;
    settled = true;
    process.send?.({ type: 'ready', acked, failed, errors: errors.slice(0, 5) } satisfies ClientsReady);
  };

  const open = (i: number) => {
    inFlight++;
    let ready = false;
    const done = (ok: boolean, why?: string) => {
      if (ready) return;
      ready = true;
      inFlight--;
      if (ok) acked++;
      else {
        failed++;
        if (why && errors.length < 20) errors.push(why);
      }
      pump();
      report();
    };
    const message = (data: Buffer) => {
      const at = Date.now();
      // Once subscribed, an announcement's material id is found in the frame's bytes, without
      // parsing it or keeping it (thousands of sockets share this process, and every microsecond
      // spent here delays the receipt stamps of the frames queued behind).
      if (ready && data.length > NEXT_MIN_BYTES) {
        framesSinceCollect++;
        const start = data.indexOf(MATERIAL_ID);
        const end = start < 0 ? -1 : data.indexOf(QUOTE, start + MATERIAL_ID.length);
        if (end < 0) record(at, data);
        else stamp(data.toString('latin1', start + MATERIAL_ID.length, end), at);
        return;
      }
      const msg = JSON.parse(String(data)) as Message;
      if (msg.type === 'next') {
        record(at, msg);
      } else if (msg.type === 'connection_ack') {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION } }));
      } else if (msg.type === 'pong' && msg.payload?.subscribed === '1') {
        done(true);
      } else if (msg.type === 'ping') {
        ws.send('{"type":"pong"}');
      } else if (msg.type === 'error' || msg.type === 'complete') {
        done(false, String(data));
      }
    };
    const ws = new LeanWebSocket(
      url,
      'graphql-transport-ws',
      { localAddress: `127.0.0.${1 + ((firstSource + i) % sources)}` },
      {
        open: () => ws.send('{"type":"connection_init","payload":{}}'),
        message,
        close: (code, reason) => {
          if (ready && !exiting) closedEarly++;
          done(false, `closed ${code}${reason ? `: ${reason}` : ''}`);
        },
      },
    );
    sockets.push(ws);
  };

  const pump = () => {
    while (inFlight < maxInFlight && next < count) open(next++);
  };
  pump();

  process.on('message', (m: ParentMessage) => {
    if (m.type === 'count') {
      process.send?.({ type: 'counted', frames: framesSinceCollect } satisfies ClientsCounted);
    } else if (m.type === 'collect') {
      framesSinceCollect = 0;
      const latencies: number[] = [];
      let lost = 0;
      let duplicates = 0;
      for (const [id, commitMs] of Object.entries(m.published)) {
        const got = receipts.get(id) ?? [];
        for (const at of got) latencies.push(at - commitMs);
        if (got.length < acked) lost += acked - got.length;
        if (got.length > acked) duplicates += got.length - acked;
      }
      process.send?.({
        type: 'result',
        latencies,
        lost,
        duplicates,
        closedEarly,
      } satisfies ClientsResult);
    } else if (m.type === 'exit') {
      exiting = true;
      for (const ws of sockets) ws.terminate();
      setTimeout(() => process.exit(0), 100);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

if (require.main === module) main();
