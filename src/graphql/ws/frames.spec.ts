import type { EventEmitter } from 'node:events';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as ws from 'ws';
import { WebSocket, WebSocketServer } from 'ws';
import wsPackage from 'ws/package.json';
import { directSocket, sendFrame, textFrame } from './frames';

/** ws's frame parser: exported at run time, missing from its type definitions. */
const { Receiver } = ws as unknown as {
  Receiver: new (options: { isServer: boolean }) => EventEmitter & { write(chunk: Buffer): boolean };
};

/** What ws's own client-side parser makes of a frame: the text messages it reads. */
function parse(frame: Buffer): string[] {
  const messages: string[] = [];
  const receiver = new Receiver({ isServer: false });
  receiver.on('message', (data: Buffer, isBinary: boolean) => {
    expect(isBinary).toBe(false);
    messages.push(data.toString('utf8'));
  });
  receiver.on('error', (e: Error) => {
    throw e;
  });
  receiver.write(frame);
  return messages;
}

describe('textFrame', () => {
  it.each([0, 5, 125, 126, 300, 65535, 65536, 200_000])('frames %i bytes as ws reads them', (size) => {
    const text = 'ä'.repeat(Math.floor(size / 2)) + 'x'.repeat(size % 2);
    const payload = Buffer.from(text, 'utf8');
    expect(payload.length).toBe(size);
    const frame = textFrame(payload);
    expect(frame.length).toBe(size + (size < 126 ? 2 : size < 65536 ? 4 : 10));
    expect(parse(frame)).toEqual([text]);
  });
});

/** One real connection: the server's end (with its upgrade request) and a client. */
interface Connection {
  socket: WebSocket;
  tcp: Socket;
  client: WebSocket;
  /** Text messages the client has received, in order. */
  received: string[];
  /** Resolves once the client has received `n` messages in all. */
  receivedCount(n: number): Promise<void>;
}

const servers: { http: http.Server; ws: WebSocketServer; client: WebSocket }[] = [];

/** Opens a connection to a fresh ws server on a free port (`perMessageDeflate` as the hub's: off). */
async function connect(perMessageDeflate = false): Promise<Connection> {
  const httpServer = http.createServer();
  const wsServer = new WebSocketServer({ server: httpServer, perMessageDeflate });
  httpServer.listen(0, '127.0.0.1');
  await once(httpServer, 'listening');
  const accepted = once(wsServer, 'connection') as Promise<[WebSocket, http.IncomingMessage]>;
  // ws's client offers permessage-deflate by default, as browsers do.
  const client = new WebSocket(`ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}`);
  servers.push({ http: httpServer, ws: wsServer, client });
  const received: string[] = [];
  let waiting: { n: number; resolve(): void } | null = null;
  client.on('message', (data: Buffer) => {
    received.push(data.toString('utf8'));
    if (waiting && received.length >= waiting.n) waiting.resolve();
  });
  await once(client, 'open');
  const [socket, request] = await accepted;
  return {
    socket,
    tcp: request.socket,
    client,
    received,
    receivedCount: (n) =>
      received.length >= n ? Promise.resolve() : new Promise((resolve) => (waiting = { n, resolve })),
  };
}

afterEach(async () => {
  for (const { http: httpServer, ws: wsServer, client } of servers.splice(0)) {
    if (client.readyState !== client.CLOSED) {
      client.terminate();
      await once(client, 'close');
    }
    for (const socket of wsServer.clients) socket.terminate();
    await new Promise((resolve) => wsServer.close(resolve));
    await new Promise((resolve) => httpServer.close(resolve));
  }
});

/** The bytes a message's frame takes on the wire, server to client. */
const frameLength = (text: string): number => textFrame(Buffer.from(text, 'utf8')).length;

/**
 * `sendFrame` writes frames to the TCP socket beside ws. That is only safe because of how this ws
 * version behaves without an extension: these tests pin it, and fail if an upgrade changes it.
 */
describe('writing frames beside ws (what sendFrame relies on)', () => {
  it('runs against the ws version whose behaviour was checked', () => {
    // A different ws: run this file, and if it passes, update the version here.
    expect(wsPackage.version).toBe('8.23.0');
  });

  it("has ws write each message, ping and close frame to the upgrade request's socket at once", async () => {
    const { socket, tcp } = await connect();
    expect(socket.extensions).toBe('');
    expect(directSocket(socket, tcp)).toBe(tcp);
    for (const text of ['', 'x', 'ä'.repeat(100), 'y'.repeat(70_000)]) {
      const before = tcp.bytesWritten;
      socket.send(text);
      expect(tcp.bytesWritten - before).toBe(frameLength(text));
    }
    let before = tcp.bytesWritten;
    socket.ping();
    expect(tcp.bytesWritten - before).toBe(2);
    before = tcp.bytesWritten;
    socket.close(1000);
    expect(tcp.bytesWritten - before).toBe(4);
  });

  it('has ws hold nothing back of its own while the client reads nothing', async () => {
    const { socket, tcp, client, receivedCount } = await connect();
    client.pause();
    const chunk = 'z'.repeat(256 * 1024);
    let sent = 0;
    // Fill the kernel's buffers until Node queues writes: ws must still not queue any itself.
    while (tcp.writableLength === 0 && sent < 256) {
      socket.send(chunk);
      sent++;
    }
    expect(tcp.writableLength).toBeGreaterThan(0);
    const before = tcp.bytesWritten;
    socket.send('after');
    expect(tcp.bytesWritten - before).toBe(frameLength('after'));
    // bufferedAmount is Node's queue plus ws's own: ws's is empty.
    expect(socket.bufferedAmount).toBe(tcp.writableLength);
    client.resume();
    await receivedCount(sent + 1);
  });

  it("delivers frames written directly in order with ws's own messages", async () => {
    const { socket, tcp, received, receivedCount } = await connect();
    const direct = directSocket(socket, tcp);
    const expected: string[] = [];
    for (let i = 0; i < 300; i++) {
      // Some large enough to fill the kernel's buffers, so that Node queues some writes.
      const text = JSON.stringify({ i, pad: 'p'.repeat(i % 7 === 0 ? 100_000 : i) });
      expected.push(text);
      if (i % 3 === 0) socket.send(text);
      else sendFrame(socket, direct, textFrame(Buffer.from(text, 'utf8')), () => text);
      if (i % 10 === 0) socket.ping();
    }
    await receivedCount(expected.length);
    expect(received).toEqual(expected);
  });

  it('writes nothing directly once ws has sent its close frame', async () => {
    const { socket, tcp, client } = await connect();
    const closed = once(client, 'close');
    socket.close(1000);
    const before = tcp.bytesWritten;
    sendFrame(socket, directSocket(socket, tcp), textFrame(Buffer.from('late')), () => 'late');
    expect(tcp.bytesWritten).toBe(before);
    const [code] = (await closed) as [number];
    expect(code).toBe(1000);
  });

  it('goes through ws when the connection compresses', async () => {
    const { socket, tcp, received, receivedCount } = await connect(true);
    expect(socket.extensions).toContain('permessage-deflate');
    const direct = directSocket(socket, tcp);
    expect(direct).toBeNull();
    const expected = Array.from({ length: 50 }, (_, i) => JSON.stringify({ i, pad: 'c'.repeat(i * 100) }));
    expected.forEach((text, i) => {
      if (i % 2) socket.send(text);
      else sendFrame(socket, direct, textFrame(Buffer.from(text, 'utf8')), () => text);
    });
    await receivedCount(expected.length);
    expect(received).toEqual(expected);
  });
});
