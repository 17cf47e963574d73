import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

/**
 * The subscription benchmark's WebSocket client (RFC 6455, client side, text frames only): one TCP
 * socket read through `net`'s `onread` into one buffer shared by every client of the process, the
 * opening handshake and frame parsing done here.
 *
 * Why not `ws`, as everywhere else: the subscribers share the hub's two cores, so every
 * microsecond a client spends on a frame delays the receipts queued behind it and slows the hub's
 * writes. Measured on 5,000 sockets receiving the same announcement frame, `ws` costs about 24 µs
 * of CPU per message (17 user, 7 system); this client about 13 (7 user, 6 system), most of it the
 * read itself. It is a measuring instrument, not an API client: the frontends and the tests use
 * `graphql-ws` and `ws`.
 */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP_TEXT = 0x1;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

/** One read buffer for all of a process's sockets: `onread` callbacks run one at a time. */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

export interface LeanHandlers {
  /** The handshake succeeded. */
  open(): void;
  /**
   * A complete text message. `data` is only valid during the call: it may point into the shared
   * read buffer, so copy what you keep.
   */
  message(data: Buffer): void;
  /** The socket closed (`code` from the server's close frame, 1006 without one). */
  close(code: number, reason: string): void;
}

/** A masked client frame (RFC 6455 §5.3). */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const header = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + 4 + n);
  frame[0] = 0x80 | opcode;
  if (n < 126) frame[1] = 0x80 | n;
  else if (n < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, header);
  for (let i = 0; i < n; i++) frame[header + 4 + i] = payload[i] ^ mask[i & 3];
  return frame;
}

export class LeanWebSocket {
  private readonly socket: net.Socket;
  private readonly key = randomBytes(16).toString('base64');
  private opened = false;
  private closed = false;
  private closeCode = 1006;
  private closeReason = '';
  /** Bytes of an incomplete handshake or frame, kept (copied) until the rest arrives. */
  private pending: Buffer | null = null;

  constructor(
    url: string,
    protocol: string,
    options: { localAddress?: string },
    private readonly on: LeanHandlers,
  ) {
    const { hostname, port, pathname, search } = new URL(url);
    this.socket = net.connect({
      host: hostname,
      port: Number(port),
      localAddress: options.localAddress,
      noDelay: true,
      onread: { buffer: READ_BUFFER, callback: (n) => this.onRead(READ_BUFFER.subarray(0, n)) },
    });
    this.socket.on('connect', () =>
      this.socket.write(
        `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${this.key}\r\nSec-WebSocket-Version: 13\r\n` +
          `Sec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
      ),
    );
    this.socket.on('error', (e) => {
      this.closeReason ||= e.message;
    });
    this.socket.on('close', () => {
      if (this.closed) return;
      this.closed = true;
      this.on.close(this.closeCode, this.closeReason);
    });
  }

  send(text: string): void {
    if (!this.socket.destroyed) this.socket.write(clientFrame(OP_TEXT, Buffer.from(text)));
  }

  terminate(): void {
    this.socket.destroy();
  }

  private onRead(chunk: Buffer): boolean {
    let data = chunk;
    if (this.pending) {
      data = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    const rest = this.opened ? this.frames(data) : this.handshake(data);
    if (rest > 0) this.pending = Buffer.from(data.subarray(data.length - rest));
    return true;
  }

  /** Checks the server's 101 answer; returns the count of bytes not consumed yet. */
  private handshake(data: Buffer): number {
    const end = data.indexOf('\r\n\r\n');
    if (end < 0) return data.length;
    const head = data.toString('latin1', 0, end);
    const accept = createHash('sha1')
      .update(this.key + GUID)
      .digest('base64');
    const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
    const acceptHeader = /\r\nsec-websocket-accept: *([^\r]+)/i.exec(head)?.[1]?.trim();
    if (status !== '101' || acceptHeader !== accept) {
      this.closeReason = `handshake refused: ${head.split('\r\n')[0]}`;
      this.socket.destroy();
      return 0;
    }
    this.opened = true;
    this.on.open();
    return this.frames(data.subarray(end + 4));
  }

  /** Handles every complete frame in `data`; returns the count of bytes of an incomplete one. */
  private frames(data: Buffer): number {
    let at = 0;
    while (data.length - at >= 2) {
      const fin = data[at] & 0x80;
      const opcode = data[at] & 0x0f;
      if (data[at + 1] & 0x80) return this.fail('masked server frame');
      let length = data[at + 1] & 0x7f;
      let header = 2;
      if (length === 126) {
        if (data.length - at < 4) break;
        length = data.readUInt16BE(at + 2);
        header = 4;
      } else if (length === 127) {
        if (data.length - at < 10) break;
        length = Number(data.readBigUInt64BE(at + 2));
        header = 10;
      }
      if (data.length - at < header + length) break;
      const payload = data.subarray(at + header, at + header + length);
      at += header + length;
      if (!fin) return this.fail('fragmented message');
      if (opcode === OP_TEXT) this.on.message(payload);
      else if (opcode === OP_PING) this.socket.write(clientFrame(OP_PONG, payload));
      else if (opcode === OP_CLOSE) {
        this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        this.closeReason = payload.toString('utf8', 2);
        this.socket.end(clientFrame(OP_CLOSE, Buffer.from(payload.subarray(0, 2))));
        return 0;
      } else if (opcode !== OP_PONG) return this.fail(`unexpected opcode ${opcode}`);
    }
    return data.length - at;
  }

  private fail(why: string): number {
    this.closeReason = why;
    this.socket.destroy();
    return 0;
  }
}
