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

/** What of ws's internals the fast path reads: its sender's state and queue, and the TCP socket. */
interface WsInternals {
  _socket?: Socket;
  _sender?: { _state?: number; _queue?: unknown[] };
}

/**
 * Sends a frame built once for many sockets (the same announcement to every subscriber of a
 * group): written to the TCP socket as it is, when ws has nothing of its own pending on it (no
 * compression, no queued frames; ws writes whole frames synchronously otherwise), so one buffer
 * serves every socket and each send is one write. Otherwise through ws as text.
 */
export function sendFrame(socket: WebSocket, frame: Buffer, text: () => string): void {
  const { _socket: tcp, _sender: sender } = socket as unknown as WsInternals;
  if (tcp && sender && sender._state === 0 && sender._queue?.length === 0 && !tcp.destroyed) {
    tcp.write(frame);
    return;
  }
  socket.send(text());
}
