import type http from 'node:http';

/**
 * Tells HTTP clients that a draining server will not take their next request: once `start` is
 * called, every response whose headers are not yet sent (in flight, or arriving on a kept-alive
 * connection) carries `Connection: close`, and Node closes its connection after it. Without it
 * the client would reuse the connection the server is about to end, and its next request would
 * fail with ECONNRESET instead of going to another instance.
 */
export function closeConnectionsWhenDraining(server: http.Server): { start(): void } {
  let draining = false;
  const inFlight = new Set<http.ServerResponse>();
  const closeAfter = (res: http.ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (draining) {
      closeAfter(res);
      return;
    }
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  return {
    start() {
      draining = true;
      for (const res of inFlight) closeAfter(res);
      inFlight.clear();
    },
  };
}
