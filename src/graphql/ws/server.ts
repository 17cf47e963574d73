import type http from 'node:http';
import type { Socket } from 'node:net';
import { createSourceEventStream, ExecutionResult, GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { DomainError } from '../../common/errors';
import { isDatabaseUnavailable } from '../../db/unavailable';
import type { CostReport } from '../limits/operation-limits';
import { formatAll, refusal } from './errors';
import { deliverTo, sharedEvents } from './fan-out';
import { directSocket } from './frames';
import { OperationGate } from './operation';
import type { WebSocketOptions } from './options';

type Extra = { socket: WebSocket; request: http.IncomingMessage } & Record<PropertyKey, unknown>;

/** What the hub keeps for one connection (graphql-ws's context object is its key). */
interface ConnectionState {
  /** The client's address, read from the upgrade request when the connection opened. */
  clientAddress: string | null;
  /** Where shared frames may be written directly, or null (see `directSocket`). */
  direct: Socket | null;
  /**
   * The connection's operation slots: operation id → the subscribe message's payload that holds
   * it (a client may reuse an id once its operation ended: the payload tells the two apart).
   */
  active: Map<string, object>;
  /** What each running operation was charged, for its results and acknowledgement. */
  costs: Map<string, CostReport>;
}

const connections = new WeakMap<object, ConnectionState>();

function stateOf(ctx: object): ConnectionState {
  let state = connections.get(ctx);
  if (!state) {
    state = { clientAddress: null, direct: null, active: new Map(), costs: new Map() };
    connections.set(ctx, state);
  }
  return state;
}

/** Frees operation `id`'s slot, if `payload`'s operation still holds it. */
function release(state: ConnectionState, id: string, payload: object): void {
  if (state.active.get(id) !== payload) return;
  state.active.delete(id);
  state.costs.delete(id);
}

/**
 * GraphQL over WebSocket (graphql-ws) on the HTTP server's port and `/graphql` path, with the
 * HTTP side's rules: the token is checked in `connection_init` (a bad one closes with 4403), the
 * same validation rules and error masking apply, subscriptions per connection and message sizes
 * are limited, and slow consumers are closed instead of buffering without end. Operations are
 * checked and admitted by `OperationGate`; subscription events are sent by `sharedEvents`.
 */
export function attachWebSocket(
  httpServer: http.Server,
  options: WebSocketOptions,
): { dispose(): Promise<void>; connections(): number } {
  const maxSubs = options.maxSubscriptionsPerConnection ?? 20;
  const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const gate = new OperationGate(options);
  const fanOut = {
    formatError: options.formatError,
    maxBuffered,
    forkEntityManager: options.forkEntityManager,
  };

  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: options.maxPayloadBytes ?? 64 * 1024,
    verifyClient: options.verifyUpgrade
      ? (info, done) => {
          if (options.verifyUpgrade!(info.req)) done(true);
          else done(false, 403, ORIGIN_REFUSED, { 'Content-Type': 'application/json' });
        }
      : undefined,
  });
  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema: options.schema,
      // Close reasons never carry an error's message (graphql-ws shows it outside production).
      isProd: true,
      onConnect: async (ctx) => {
        const state = stateOf(ctx);
        const { request, socket } = ctx.extra;
        state.clientAddress = options.clientAddress
          ? options.clientAddress(request)
          : (request.socket.remoteAddress ?? null);
        state.direct = directSocket(socket, request.socket);
        // graphql-ws would keep the upgrade request (headers and all) for the connection's life.
        (ctx.extra as Partial<Extra>).request = undefined;
        try {
          await options.createContext(ctx.connectionParams ?? {}, state.clientAddress);
          return true;
        } catch (e) {
          // The database could not be reached (the staff record is written on first use): not a
          // bad token, so not 4403 but "try again later", which clients retry by themselves.
          if (isDatabaseUnavailable(e)) socket.close(CLOSE_TRY_AGAIN_LATER, 'Try again later');
          else if (!(e instanceof DomainError))
            socket.close(CloseCode.InternalServerError, 'Internal server error');
          return false; // graphql-ws closes with 4403 Forbidden (ignored when closing already)
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        const state = stateOf(ctx);
        if (state.active.size >= maxSubs) {
          return [
            new GraphQLError(`At most ${maxSubs} operations per connection`, {
              extensions: { code: 'RATE_LIMITED' },
            }),
          ];
        }
        // The slot is taken before the first await, so a burst of subscribe messages cannot all
        // pass the check above while the first ones are still being prepared; it is given back
        // when the operation is refused here, or completes (onComplete).
        state.active.set(id, payload);
        let accepted = false;
        try {
          const prepared = await gate.prepare(payload, ctx.connectionParams ?? {}, state.clientAddress);
          if (!('args' in prepared)) return refusal(prepared, options.formatError);
          if (prepared.cost) state.costs.set(id, prepared.cost);
          deliverTo(prepared.args.contextValue, {
            socket: ctx.extra.socket,
            direct: state.direct,
            id,
            release: () => release(state, id, payload),
          });
          accepted = true;
          return prepared.args;
        } catch (e) {
          // Anything unexpected answers the operation (masked) instead of closing the socket.
          const err =
            e instanceof GraphQLError ? e : new GraphQLError('Internal error', { originalError: e as Error });
          return refusal([err], options.formatError);
        } finally {
          if (!accepted) release(state, id, payload);
        }
      },
      subscribe: async (args) => {
        const stream = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in stream)) return stream as ExecutionResult;
        return sharedEvents((stream as AsyncIterable<unknown>)[Symbol.asyncIterator](), args, fanOut);
      },
      onOperation: async (ctx, id, _payload, _args, result) => {
        // Acknowledges a subscription once it is registered (its event stream is running): a
        // subscription that failed, like a query's result, gets no pong. The pong carries what the
        // subscription was charged (once, when it starts).
        if (!(Symbol.asyncIterator in result)) return;
        const cost = stateOf(ctx).costs.get(id);
        await ctx.extra.socket.send(
          JSON.stringify({ type: 'pong', payload: { subscribed: id, ...(cost ? { cost } : {}) } }),
        );
      },
      onNext: (ctx, id, _payload, _args, result) => {
        if (ctx.extra.socket.bufferedAmount > maxBuffered) {
          ctx.extra.socket.close(CloseCode.InternalServerError, 'Slow consumer: too much undelivered data');
        }
        // Queries and mutations over the socket report their cost as over HTTP (subscription events
        // are sent by sharedEvents, shared across a group, and carry none: see the acknowledgement).
        const cost = stateOf(ctx).costs.get(id);
        const extensions = cost ? { ...result.extensions, cost } : result.extensions;
        if (result.errors?.length) {
          return {
            ...result,
            extensions,
            errors: formatAll(result.errors as GraphQLError[], options.formatError),
          };
        }
        return cost ? { ...result, extensions } : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => formatAll(errors, options.formatError),
      onComplete: (ctx, id, payload) => release(stateOf(ctx), id, payload),
    },
    wsServer,
    options.keepAliveMs ?? 12_000,
  );
  // graphql-ws answers any socket 'error' with console.error (a stack on standard error) and a 1011
  // close. The errors `ws` raises itself on a peer's bad frames already closed the connection
  // with the right code: they go to the hub's log as one line. Registered after graphql-ws, so its
  // listener is there to take over; any other error still reaches it.
  wsServer.on('connection', (socket) => {
    const others = socket.listeners('error') as ((e: Error) => void)[];
    socket.removeAllListeners('error');
    socket.on('error', (e: Error & { code?: string }) => {
      if (typeof e.code === 'string' && e.code.startsWith('WS_ERR_'))
        options.onProtocolError?.(e.code, e.message);
      else for (const listener of others) listener.call(socket, e);
    });
  });
  return {
    connections: () => wsServer.clients.size,
    /**
     * Says "going away" (1001) to every client and waits for them to close. A client that does not
     * answer the close frame (stalled, or behind a dead link) would hold the shutdown for ws's
     * 30 s close timeout: after `CLOSE_GRACE_MS` the rest are cut off.
     */
    async dispose() {
      const grace = setTimeout(() => {
        for (const client of wsServer.clients) client.terminate();
      }, CLOSE_GRACE_MS);
      try {
        await cleanup.dispose();
        await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      } finally {
        clearTimeout(grace);
      }
    },
  };
}

const ORIGIN_REFUSED = JSON.stringify({
  errors: [{ message: 'This origin may not connect (CORS_ORIGINS)', extensions: { code: 'FORBIDDEN' } }],
});

/**
 * WebSocket close code 1013 (Try Again Later, RFC 6455's registry): the server cannot serve the
 * connection now (the database is unreachable). graphql-ws clients reconnect by themselves.
 */
export const CLOSE_TRY_AGAIN_LATER = 1013;

/** How long clients get to answer the close frame at shutdown before their sockets are cut. */
const CLOSE_GRACE_MS = 3000;
