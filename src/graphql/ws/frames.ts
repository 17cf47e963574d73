import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** A complete, unmasked, final WebSocket text frame (RFC 6455 §5.2): what a server sends. */
export function textFrame(payload: Buffer): Buffer {
  const n = payload.length;
  const headerLength = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + n);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (n < 126) frame[1] = n;
  else if (n < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}

/**
 * The TCP socket that frames built once for many connections may be written to directly, or null
 * when they must go through ws. Decided once, when the connection opens, from public API only:
 * `tcp` is the upgrade request's socket (the one ws writes to), and `socket.extensions` is what
 * was negotiated in the handshake, fixed for the connection's life.
 *
 * Why writing beside ws is safe then: without an extension (no permessage-deflate), ws writes each
 * message, ping and close frame to the TCP socket synchronously inside `send`, `ping` or `close`,
 * and never holds a frame back in a queue (it queues only while compressing, or while reading a
 * Blob, which this server never sends). So a frame written here lands in order between ws's own.
 * `frames.spec.ts` pins that behaviour of the installed ws version, and fails if it changes.
 */
export function directSocket(socket: WebSocket, tcp: Socket | undefined): Socket | null {
  return tcp && socket.extensions === '' ? tcp : null;
}

/**
 * Sends a frame built once for many sockets (the same announcement to every subscriber of a
 * group): written to the TCP socket as it is when the connection allows it (see `directSocket`),
 * so one buffer serves every socket and each send is one write. Otherwise through ws as text.
 */
export function sendFrame(socket: WebSocket, direct: Socket | null, frame: Buffer, text: () => string): void {
  if (direct && socket.readyState === socket.OPEN && !direct.destroyed) {
    direct.write(frame);
    return;
  }
  socket.send(text());
}
