import WebSocket from 'ws';

/**
 * The subscriber side of the subscription benchmark, run in its own process (so it does not share
 * an event loop with the server or the publisher). Raw `ws` speaking graphql-transport-ws: each
 * client connects, subscribes and counts as ready on the server's `pong {subscribed}`. Receipt
 * times are kept per material id; the parent asks for latencies once it knows the commit times.
 *
 * Messages from the parent: { type: 'collect', published: { [materialId]: commitMs } }, { type: 'exit' }.
 * To the parent: { type: 'ready', acked, failed }, { type: 'result', ... }.
 */

export interface ClientsReady {
  type: 'ready';
  acked: number;
  failed: number;
  errors: string[];
}

export interface ClientsResult {
  type: 'result';
  receipts: number;
  /** The first receipt: what the fan-out waits for before its first write. */
  minMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  lost: number;
  duplicates: number;
  closedEarly: number;
}

export type ParentMessage = { type: 'collect'; published: Record<string, number> } | { type: 'exit' };

/** Frames longer than this are announcements (`next`); control messages are all shorter. */
const NEXT_MIN_BYTES = 96;

const SUBSCRIPTION = `subscription Bench {
  materialPublished(filter: { kinds: [VIDEO] }) { cursor material { id title url } }
}`;

function main(): void {
  const url = process.env.BENCH_WS_URL!;
  const count = Number(process.env.BENCH_SUBSCRIBERS);
  const sources = Number(process.env.BENCH_SOURCE_ADDRESSES ?? 4);
  const receipts = new Map<string, number[]>();
  /** Receipt stamp and frame, alternating; parsed into `receipts` when the parent collects. */
  const raw: (number | Buffer)[] = [];
  const sockets: WebSocket[] = [];
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
  const record = (at: number, frame: Buffer | Message) => {
    const msg = Buffer.isBuffer(frame) ? (JSON.parse(String(frame)) as Message) : frame;
    if (msg.type !== 'next') return;
    const id = msg.payload?.data?.materialPublished?.material?.id;
    if (!id) return;
    const list = receipts.get(id);
    if (list) list.push(at);
    else receipts.set(id, [at]);
  };

  const report = () => {
    if (settled || acked + failed < count) return;
    settled = true;
    process.send?.({ type: 'ready', acked, failed, errors: errors.slice(0, 5) } satisfies ClientsReady);
  };

  const open = (i: number) => {
    inFlight++;
    let ready = false;
    const ws = new WebSocket(url, 'graphql-transport-ws', {
      localAddress: `127.0.0.${1 + (i % sources)}`,
      perMessageDeflate: false,
    });
    sockets.push(ws);
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
    ws.on('open', () => ws.send('{"type":"connection_init","payload":{}}'));
    ws.on('message', (data: Buffer) => {
      const at = Date.now();
      // Once subscribed, an announcement is only stamped and kept: parsing it here would delay
      // the receipt stamps of the frames queued behind it (10k sockets share this one process).
      if (ready && data.length > NEXT_MIN_BYTES) {
        raw.push(at, data);
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
    });
    ws.on('error', (e) => done(false, e.message));
    ws.on('close', (code) => {
      if (ready && !exiting) closedEarly++;
      done(false, `closed ${code}`);
    });
  };

  const pump = () => {
    while (inFlight < maxInFlight && next < count) open(next++);
  };
  pump();

  process.on('message', (m: ParentMessage) => {
    if (m.type === 'collect') {
      for (let i = 0; i < raw.length; i += 2) record(raw[i] as number, raw[i + 1] as Buffer);
      raw.length = 0;
      const latencies: number[] = [];
      let lost = 0;
      let duplicates = 0;
      for (const [id, commitMs] of Object.entries(m.published)) {
        const got = receipts.get(id) ?? [];
        for (const at of got) latencies.push(at - commitMs);
        if (got.length < acked) lost += acked - got.length;
        if (got.length > acked) duplicates += got.length - acked;
      }
      const sorted = Float64Array.from(latencies).sort();
      const at = (p: number) =>
        sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : NaN;
      process.send?.({
        type: 'result',
        receipts: sorted.length,
        minMs: sorted.length ? sorted[0] : NaN,
        p50Ms: at(0.5),
        p99Ms: at(0.99),
        maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
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
