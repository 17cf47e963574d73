import http from 'node:http';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema, GraphQLField } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { Client } from 'pg';
import { WebSocketServer } from 'ws';
import { runClustered } from './clustered';

/**
 * The reference for the subscription benchmark, as the floor is for Q2: a bare graphql-ws server
 * (`ws` + graphql-js, nothing of the hub's) with the same `materialPublished` field and payload
 * shape. graphql-ws executes the subscription once per subscriber and event, as it does by
 * default; the hub groups subscribers and executes once per group. Its processes each LISTEN on
 * BARE_CHANNEL; the benchmark publishes with `pg_notify`, the event's JSON as payload, stamped
 * just before. Like the hub, it answers a subscribe with a `pong {subscribed}` once the
 * subscription is registered, and it runs as many processes as the hub's workers.
 *
 * Run: DATABASE_URL=... PORT=... BARE_WORKERS=2 node -r ts-node/register test/bench/bare-subscriptions.ts
 */

export const BARE_CHANNEL = 'vaatu_bench_bare';

/** What the benchmark publishes: the subscription's result, and the filter's field. */
export interface BareEvent {
  cursor: string;
  material: { id: string; title: string; url: string; kind: 'VIDEO' | 'DOCUMENT' };
}

const schema = buildSchema(`
  enum MaterialKind { VIDEO DOCUMENT }
  input MaterialFilter { kinds: [MaterialKind!] }
  type SharedMaterial { id: ID! title: String! url: String! kind: MaterialKind! }
  type MaterialPublishedEvent { cursor: String! material: SharedMaterial! }
  type Query { ok: Boolean }
  type Subscription { materialPublished(filter: MaterialFilter, after: String): MaterialPublishedEvent! }
`);

function serve(databaseUrl: string, port: number): (done: () => void) => void {
  const pubSub = createPubSub<{ material: [BareEvent] }>();
  const field: GraphQLField<BareEvent, unknown, { filter?: { kinds?: string[] | null } | null }> = schema
    .getSubscriptionType()!
    .getFields().materialPublished;
  field.subscribe = async function* (_root, args) {
    const kinds = args.filter?.kinds;
    for await (const event of pubSub.subscribe('material')) {
      if (!kinds || kinds.includes(event.material.kind)) yield event;
    }
  };
  field.resolve = (event) => event;

  const server = http.createServer((req, res) => {
    res.writeHead(req.url === '/readyz' ? 200 : 404, { 'content-type': 'application/json' });
    res.end('{}');
  });
  const wss = new WebSocketServer({ server, path: '/graphql', perMessageDeflate: false });
  useServer(
    {
      schema,
      // The subscription's iterator is about to be pulled: registered before any event is sent.
      onOperation: (ctx, id) => {
        ctx.extra.socket.send(JSON.stringify({ type: 'pong', payload: { subscribed: id } }));
      },
    },
    wss,
  );
  const listener = new Client({ connectionString: databaseUrl });
  listener.on('notification', (n) => {
    if (n.channel === BARE_CHANNEL && n.payload)
      pubSub.publish('material', JSON.parse(n.payload) as BareEvent);
  });
  void listener.connect().then(async () => {
    await listener.query(`LISTEN ${BARE_CHANNEL}`);
    server.listen(port, '127.0.0.1');
  });
  return (done) => {
    void listener.end();
    for (const ws of wss.clients) ws.terminate();
    server.close(done);
  };
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  runClustered(Number(process.env.BARE_WORKERS ?? 1), () => serve(url, Number(process.env.PORT ?? 4200)));
}
