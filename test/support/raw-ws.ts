import WebSocket from 'ws';

/** A graphql-ws protocol message as it arrived (parsed), or the text when it was not JSON. */
export type Frame = { type: string; id?: string; payload?: unknown } & Record<string, unknown>;

/**
 * A bare graphql-transport-ws socket: sends any text, keeps every frame received, and waits for
 * frames by predicate (events, never time). For tests that need what a well-behaved client
 * would not do: bursts, malformed messages, counting frames.
 */
export interface RawWs {
  socket: WebSocket;
  frames: Frame[];
  /** Frames that were not JSON (the server sends none). */
  unparsed: string[];
  send(message: unknown): void;
  /** Resolves with the first frame (from `from` on) matching, waiting for it if needed. */
  waitFor(match: (frame: Frame) => boolean, ms?: number, from?: number): Promise<Frame>;
  /** Resolves when `n` frames match. */
  waitForCount(match: (frame: Frame) => boolean, n: number, ms?: number): Promise<Frame[]>;
  /** The close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function openRawWs(
  httpUrl: string,
  connectionParams: Record<string, unknown> | null = {},
): Promise<RawWs> {
  const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const frames: Frame[] = [];
  const unparsed: string[] = [];
  const listeners = new Set<() => void>();
  socket.on('message', (data) => {
    const text = String(data);
    try {
      frames.push(JSON.parse(text) as Frame);
    } catch {
      unparsed.push(text);
    }
    for (const l of [...listeners]) l();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      for (const l of [...listeners]) l();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waitForCount = (match: (frame: Frame) => boolean, n: number, ms = 10_000): Promise<Frame[]> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = frames.filter(match);
        if (found.length >= n) {
          done();
          resolve(found);
        } else if (socket.readyState === WebSocket.CLOSED) {
          done();
          reject(
            new Error(
              `Socket closed with ${found.length} of ${n} frames: ${JSON.stringify(frames.slice(-3))}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${frames.filter(match).length} of ${n} frames after ${ms} ms`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  const raw: RawWs = {
    socket,
    frames,
    unparsed,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async waitFor(match, ms = 10_000, from = 0) {
      const [frame] = await waitForCount((f) => frames.indexOf(f) >= from && match(f), 1, ms);
      return frame;
    },
    waitForCount,
    closed,
    close: () => socket.close(),
  };
  if (connectionParams) {
    raw.send({ type: 'connection_init', payload: connectionParams });
    await Promise.race([
      raw.waitFor((f) => f.type === 'connection_ack'),
      closed.then(({ code }) => {
        throw new Error(`closed with ${code} before connection_ack`);
      }),
    ]);
  }
  return raw;
}

/** Whether a frame is the server's acknowledgement (pong `{ subscribed }`) of operation `id`. */
export function isAck(id?: string): (frame: Frame) => boolean {
  return (f) => {
    const subscribed = (f.payload as { subscribed?: unknown } | undefined)?.subscribed;
    return f.type === 'pong' && typeof subscribed === 'string' && (id === undefined || subscribed === id);
  };
}
