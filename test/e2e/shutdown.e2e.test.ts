import http from 'node:http';
import WebSocket from 'ws';
import { startTestHub, TestHub } from '../support/hub';

/*
 * Stopping the hub must not wait on clients. A WebSocket client that stops reading never answers
 * the server's close frame; without a cut-off, ws would keep the socket (and the shutdown) for its
 * 30 s close timeout (or until Apollo's HTTP drain cuts every connection, 10 s in). The hub cuts
 * such sockets 3 s after its close frame: the bound below is far from both (not a speed target).
 */

let t: TestHub | undefined;

afterAll(async () => {
  await t?.stop().catch(() => undefined);
});

it('stops while a WebSocket client has stalled', async () => {
  t = await startTestHub('shutdown');
  const client = new WebSocket(t.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const acked = new Promise<void>((resolve, reject) => {
    client.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') resolve();
    });
    client.on('error', reject);
  });
  await new Promise<void>((resolve) => client.once('open', () => resolve()));
  client.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  await acked;
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  // Stop reading: the close frame stays unread, so the client never answers it.
  (client as unknown as { _socket: { pause(): void } })._socket.pause();

  const hub = t;
  t = undefined;
  const stopping = Date.now();
  await hub.stop();
  expect(Date.now() - stopping).toBeLessThan(8000);
  // The server cut the socket: the client sees the connection end once it reads again.
  (client as unknown as { _socket: { resume(): void } })._socket.resume();
  await closed;
  expect(client.readyState).toBe(WebSocket.CLOSED);
}, 20_000);

it('answers requests still in flight when it starts draining with Connection: close', async () => {
  const hub = await startTestHub('draining');
  const agent = new http.Agent({ keepAlive: true });
  const body = JSON.stringify({ query: '{ __typename }' });
  let stopping: Promise<void> = Promise.resolve();
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request(hub.url, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        // The server's "100 Continue" says it has taken the request: it is in flight from then on.
        expect: '100-continue',
      },
    });
    req.once('continue', () => {
      stopping = hub.stop();
      req.end(body);
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.flushHeaders();
  });
  const res = await response;
  let text = '';
  for await (const chunk of res) text += String(chunk);
  expect(res.statusCode).toBe(200);
  expect(JSON.parse(text)).toMatchObject({ data: { __typename: 'Query' } });
  // The client must not reuse the connection the server is about to end.
  expect(res.headers.connection).toBe('close');
  await stopping;
  agent.destroy();
}, 20_000);
