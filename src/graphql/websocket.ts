import type http from 'node:http';
import {
  createSourceEventStream,
  DocumentNode,
  execute,
  ExecutionArgs,
  ExecutionResult,
  GraphQLError,
  GraphQLFormattedError,
  GraphQLSchema,
  getOperationAST,
  parse,
  ParseOptions,
  print,
  validate,
  ValidationRule,
  specifiedRules,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { CloseCode, SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../common/context';
import { DomainError } from '../common/errors';
import { EventSink, isSinkable, SinkableSource } from '../common/event-sink';
import { isDatabaseUnavailable } from '../db/unavailable';
import { interned } from '../common/interned';
import { LoaderRegistry } from '../common/loaders';
import { budgetKey, CostReport, OperationLimits } from './limits/operation-limits';
import { OperationNotAllowedError } from './limits/limit-errors';
import { persistedQueryHash, sha256 } from './limits/persisted-queries';
import { requestProblem } from './request-checks';
import { sendFrame, textFrame } from './ws/frames';

export interface WebSocketOptions {
  schema: GraphQLSchema;
  /**
   * Builds an operation's context from the connection's parameters and its client's address;
   * throws on a bad token.
   */
  createContext(params: Record<string, unknown>, clientAddress: string | null): Promise<RequestContext>;
  /**
   * The client's address from the upgrade request (proxies considered), read once at connection:
   * the request itself is not kept for the connection's life. Default: the peer's address.
   */
  clientAddress?(request: http.IncomingMessage): string | null;
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  /** Extra validation rules (depth, aliases, directives...): the same as over HTTP. */
  validationRules?: readonly ValidationRule[];
  /**
   * The HTTP side's limits: parse options (tokens), the persisted-query allow-list, and each
   * operation's cost, charged to the same per-client budget. Validation rules come separately.
   */
  limits?: OperationLimits;
  maxSubscriptionsPerConnection?: number;
  maxPayloadBytes?: number;
  /** Milliseconds between keep-alive pings (0: none); graphql-ws's default is 12 s. */
  keepAliveMs?: number;
  /** A connection whose unsent data exceeds this is closed as a slow consumer. */
  maxBufferedBytes?: number;
  /**
   * A fresh unit of work for each event of a subscription. Given, a subscription does not keep
   * its operation's EntityManager fork (and what hangs on it) for its whole life.
   */
  forkEntityManager?: () => EntityManager;
  /**
   * Whether an upgrade request may become a connection (the browser's Origin): refused ones get
   * HTTP 403 with a JSON body before any graphql-ws message.
   */
  verifyUpgrade?(request: http.IncomingMessage): boolean;
}

type Extra = { socket: WebSocket; request: http.IncomingMessage } & Record<PropertyKey, unknown>;

const DEFAULT_PARSE_OPTIONS: ParseOptions = { maxTokens: 5000 };

/**
 * The operation's text. In allow-list mode a registered operation may be sent by its id or hash
 * alone (in `extensions.persistedQuery.sha256Hash`, with an empty `query`), and anything not
 * registered is refused with FORBIDDEN. Without the allow-list, queries must be sent in full: the
 * socket does not keep Apollo's automatic persisted queries.
 */
function resolveSource(
  payload: { query: string; extensions?: Readonly<Record<string, unknown>> | null },
  limits: OperationLimits | undefined,
): string | GraphQLError {
  const hash = persistedQueryHash(payload.extensions);
  const allowList = limits?.allowList;
  if (!allowList) {
    if (hash && !payload.query) {
      return new GraphQLError('Send the query in full over WebSocket', {
        extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' },
      });
    }
    return payload.query;
  }
  const registered = hash && !payload.query ? allowList.body(hash) : undefined;
  if (registered != null) return registered;
  if (payload.query && allowList.allows(sha256(payload.query), payload.query)) return payload.query;
  const refused = new OperationNotAllowedError();
  return new GraphQLError(refused.message, { originalError: refused });
}

type Ctx = { connectionParams?: Readonly<Record<string, unknown>>; extra: Extra } & {
  /**
   * The connection's operation slots: operation id → the subscribe message's payload that holds
   * it (a client may reuse an id once its operation ended: the payload tells the two apart).
   */
  active?: Map<string, object>;
  costs?: Map<string, CostReport>;
  clientAddress?: string | null;
};

/** The printed operation, by operation node: documents are cached and shared (see `documents`). */
const printedOperations = new WeakMap<object, string>();
const operationKeys = new Map<string, string>();

/** Formats errors as over HTTP (codes kept, internals masked). */
function formatAll(
  errors: readonly GraphQLError[],
  format: WebSocketOptions['formatError'],
): GraphQLFormattedError[] {
  return errors.map((e) => format(e.toJSON(), e));
}

function asGraphQLErrors(errors: GraphQLFormattedError[]): GraphQLError[] {
  return errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions }));
}

/** Where one subscription's results go: its socket and operation id (set in `onSubscribe`). */
interface Delivery {
  socket: WebSocket;
  id: string;
  /** Gives the operation's slot back: called as soon as the subscription is ended. */
  release(): void;
}

/**
 * Maps each event of a subscription to its result. Subscribers in one group (same visibility and
 * filter) share the event object, so identical operations on it are executed once, and the result
 * is serialized once and sent as the same frame to every socket of the group. When the source
 * takes a sink (see `EventSink`), the source's fan-out loop calls it synchronously for each
 * subscriber, and this iterator only waits for the source's end or failure; otherwise each event
 * arrives through the iterator. Either way the loop writes graphql-ws `next` messages itself
 * instead of yielding each result to graphql-ws, which would validate and stringify it again per
 * subscriber. Each execution gets a fresh unit of work.
 */
function mapEvents(
  source: AsyncIterator<unknown>,
  args: ExecutionArgs,
  operationKey: string,
  delivery: Delivery | undefined,
  options: {
    formatError: WebSocketOptions['formatError'];
    maxBuffered: number;
    forkEntityManager?: () => EntityManager;
  },
): AsyncGenerator<ExecutionResult> {
  const { viewer, lang, announcements, em } = args.contextValue as RequestContext;
  const fork = options.forkEntityManager ?? forkOf(em);
  // graphql-ws keeps the execution arguments while the subscription lives: keep only what the
  // events need, not the operation's own unit of work (each event gets a fresh one below).
  if (options.forkEntityManager) args.contextValue = { viewer, lang, announcements };
  // A promise even when something throws at once: the fan-out awaits it, and must not throw.
  const run = (event: unknown): Promise<ExecutionResult> =>
    new Promise((resolve) => {
      const contextValue: RequestContext = {
        viewer,
        lang,
        announcements,
        em: fork(),
        loaders: new LoaderRegistry(),
      };
      resolve(execute({ ...args, rootValue: event, contextValue }));
    });
  const serialize = (result: ExecutionResult): SharedPayload => ({
    json: JSON.stringify(
      result.errors?.length
        ? { ...result, errors: formatAll(result.errors as GraphQLError[], options.formatError) }
        : result,
    ),
    frames: new Map(),
  });
  /** The event's shared payload for this operation, started by whichever subscriber asks first. */
  const payloadFor = (event: object): PayloadEntry => {
    let payloads = sharedPayloads.get(event);
    if (!payloads) sharedPayloads.set(event, (payloads = new Map()));
    let entry = payloads.get(operationKey);
    if (!entry) {
      const started: PayloadEntry = {
        value: null,
        promise: run(event)
          .then(serialize)
          .catch((e: unknown) =>
            serialize({
              errors: [
                e instanceof GraphQLError
                  ? e
                  : new GraphQLError('Internal error', { originalError: e as Error }),
              ],
            }),
          )
          .then((value) => (started.value = value)),
      };
      payloads.set(operationKey, (entry = started));
    }
    return entry;
  };
  const idPrefix = delivery ? `{"id":${JSON.stringify(delivery.id)},"type":"next","payload":` : '';
  const write = (shared: SharedPayload): void => {
    const { socket } = delivery!;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > options.maxBuffered) {
      socket.close(CloseCode.InternalServerError, 'Slow consumer: too much undelivered data');
      return;
    }
    // Clients mostly number their operations alike ("1"): the whole `next` frame is then built
    // once per group and event, and written as it is to each socket.
    let frame = shared.frames.get(idPrefix);
    if (!frame) {
      frame = textFrame(Buffer.from(`${idPrefix}${shared.json}}`, 'utf8'));
      shared.frames.set(idPrefix, frame);
    }
    sendFrame(socket, frame, () => `${idPrefix}${shared.json}}`);
  };
  /** Deliveries waiting for a payload still being prepared, in order; null when none wait. */
  let backlog: Promise<void> | null = null;
  const sink: EventSink<unknown> = {
    key: operationKey,
    prepare: (event) =>
      event && typeof event === 'object'
        ? payloadFor(event).promise.then(() => undefined)
        : Promise.resolve(),
    deliver: (event) => {
      if (!event || typeof event !== 'object') return;
      const entry = payloadFor(event);
      if (!backlog && entry.value) {
        write(entry.value);
        return;
      }
      const queued: Promise<void> = (backlog ?? Promise.resolve())
        .then(() => entry.promise)
        .then(write)
        .catch(() => undefined) // a socket gone bad: the connection's close ends the subscription
        .finally(() => {
          if (backlog === queued) backlog = null;
        });
      backlog = queued;
    },
  };
  const sinkable = delivery != null && isSinkable<unknown>(source);
  let attached = false;
  const iterator: AsyncGenerator<ExecutionResult> = {
    async next() {
      if (sinkable && !attached) {
        // Attached on the first pull, after graphql-ws has acknowledged the operation.
        attached = true;
        (source as unknown as SinkableSource<unknown>).attachSink(sink);
      }
      for (;;) {
        let r: IteratorResult<unknown>;
        try {
          r = await source.next();
        } catch (e) {
          // The source failed (a token expired, say): what was already delivered goes out first.
          if (backlog) await backlog;
          throw e;
        }
        if (r.done) {
          if (backlog) await backlog;
          return { value: undefined, done: true };
        }
        const event = r.value;
        if (!delivery || !event || typeof event !== 'object') return { value: await run(event), done: false };
        sink.deliver(event);
      }
    },
    async return() {
      // graphql-ws calls this at once on the client's `complete`: the slot is free before the
      // client's next message is read (onComplete follows only once the stream has wound down).
      delivery?.release();
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(e: unknown) {
      await source.return?.();
      throw e;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
    [Symbol.asyncDispose]: async () => {
      await source.return?.();
    },
  } as AsyncGenerator<ExecutionResult>;
  return iterator;
}

function forkOf(em: EntityManager): () => EntityManager {
  return () => em.fork({ useContext: false });
}

/** One operation's result for one event: its JSON, and its `next` frames by id prefix. */
interface SharedPayload {
  json: string;
  frames: Map<string, Buffer>;
}

/** A shared payload being prepared (`value` is set once it is ready). */
interface PayloadEntry {
  value: SharedPayload | null;
  promise: Promise<SharedPayload>;
}

/** Per event object: the serialized result of each distinct operation (+ variables + language). */
const sharedPayloads = new WeakMap<object, Map<string, PayloadEntry>>();

/** Delivery targets by operation context (the context object is created per operation). */
const deliveries = new WeakMap<object, Delivery>();

/**
 * GraphQL over WebSocket (graphql-ws) on the HTTP server's port and `/graphql` path, with the
 * HTTP side's rules: the token is checked in `connection_init` (a bad one closes with 4403), the
 * same validation rules and error masking apply, subscriptions per connection and message sizes
 * are limited, and slow consumers are closed instead of buffering without end.
 */
export function attachWebSocket(
  httpServer: http.Server,
  options: WebSocketOptions,
): { dispose(): Promise<void>; connections(): number } {
  const maxSubs = options.maxSubscriptionsPerConnection ?? 20;
  const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const rules = [...specifiedRules, ...(options.validationRules ?? [])];
  const parseOptions = options.limits?.parseOptions ?? DEFAULT_PARSE_OPTIONS;
  const maxTokens = parseOptions.maxTokens ?? DEFAULT_PARSE_OPTIONS.maxTokens!;
  /** Parsed and validated documents by query text (with that text, the one instance kept). */
  const documents = new Map<string, { text: string; document: DocumentNode }>();
  /** What each running operation of a connection was charged, for its results and acknowledgement. */
  const costsOf = (ctx: unknown): Map<string, CostReport> => ((ctx as Ctx).costs ??= new Map());
  /** Frees operation `id`'s slot, if `payload`'s operation still holds it. */
  const release = (ctx: unknown, id: string, payload: object): void => {
    const c = ctx as Ctx;
    if (c.active?.get(id) !== payload) return;
    c.active.delete(id);
    costsOf(ctx).delete(id);
  };
  /**
   * Checks, parses, validates and admits one operation (see `onSubscribe`): its execution
   * arguments, or the errors that refuse it.
   */
  const prepareOperation = async (
    ctx: { connectionParams?: Readonly<Record<string, unknown>>; extra: Extra },
    id: string,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | readonly GraphQLError[]> => {
    const c = ctx as unknown as Ctx;
    const limits = options.limits;
    const problem = requestProblem(payload, maxTokens);
    if (problem) {
      const err = new GraphQLError(problem.message, { originalError: problem });
      return asGraphQLErrors(formatAll([err], options.formatError));
    }
    const source = resolveSource(payload, limits);
    if (source instanceof GraphQLError) return asGraphQLErrors(formatAll([source], options.formatError));
    const known = documents.get(source);
    let document = known?.document;
    if (!document) {
      try {
        document = parse(source, parseOptions);
      } catch (e) {
        const err = e instanceof GraphQLError ? e : new GraphQLError('Syntax error');
        return asGraphQLErrors(
          formatAll(
            [
              new GraphQLError(err.message, {
                originalError: err,
                extensions: { code: 'GRAPHQL_PARSE_FAILED' },
              }),
            ],
            options.formatError,
          ),
        );
      }
      const errors = validate(options.schema, document, rules);
      if (errors.length) {
        const tagged = errors.map((e) =>
          e.extensions?.code
            ? e
            : new GraphQLError(e.message, {
                nodes: e.nodes,
                originalError: e.originalError,
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              }),
        );
        return asGraphQLErrors(formatAll(tagged, options.formatError));
      }
      // Valid documents are shared: thousands of subscribers usually send the same few queries.
      if (documents.size >= 500) documents.clear();
      documents.set(source, { text: source, document });
    } else if (known && payload.query) {
      // graphql-ws keeps the payload while the operation runs: let it hold the shared text.
      (payload as { query: string }).query = known.text;
    }
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) {
      const err = new GraphQLError(
        payload.operationName
          ? `Unknown operation named "${payload.operationName}"`
          : 'Must provide operationName if the document contains several operations',
        { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } },
      );
      return asGraphQLErrors(formatAll([err], options.formatError));
    }
    const coerced = getVariableValues(
      options.schema,
      operation.variableDefinitions ?? [],
      payload.variables ?? {},
    );
    if (coerced.errors?.length) {
      const tagged = coerced.errors.map(
        (e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } }),
      );
      return asGraphQLErrors(formatAll(tagged, options.formatError));
    }
    let contextValue: RequestContext;
    try {
      contextValue = await options.createContext(ctx.connectionParams ?? {}, c.clientAddress ?? null);
    } catch (e) {
      const err = new GraphQLError(e instanceof Error ? e.message : 'Unauthenticated', {
        originalError: e as Error,
      });
      return asGraphQLErrors(formatAll([err], options.formatError));
    }
    if (limits) {
      try {
        // Charged once, when the operation starts (a subscription's events are not charged).
        const report = limits.newReport();
        await limits.admit(document, operation, payload.variables ?? {}, budgetKey(contextValue), report);
        costsOf(ctx).set(id, await limits.complete(report, budgetKey(contextValue)));
      } catch (e) {
        const err = new GraphQLError(e instanceof Error ? e.message : 'Refused', {
          originalError: e as Error,
        });
        return asGraphQLErrors(formatAll([err], options.formatError));
      }
    }
    deliveries.set(contextValue, { socket: ctx.extra.socket, id, release: () => release(ctx, id, payload) });
    return {
      schema: options.schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      contextValue,
    };
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
        const c = ctx as unknown as Ctx;
        const { request } = ctx.extra;
        c.clientAddress = options.clientAddress
          ? options.clientAddress(request)
          : (request.socket.remoteAddress ?? null);
        // graphql-ws would keep the upgrade request (headers and all) for the connection's life.
        (ctx.extra as Partial<Extra>).request = undefined;
        try {
          await options.createContext(ctx.connectionParams ?? {}, c.clientAddress);
          return true;
        } catch (e) {
          // The database could not be reached (the staff record is written on first use): not a
          // bad token, so not 4403 but "try again later", which clients retry by themselves.
          if (isDatabaseUnavailable(e)) ctx.extra.socket.close(CLOSE_TRY_AGAIN_LATER, 'Try again later');
          else if (!(e instanceof DomainError))
            ctx.extra.socket.close(CloseCode.InternalServerError, 'Internal server error');
          return false; // graphql-ws closes with 4403 Forbidden (ignored when closing already)
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        const c = ctx as unknown as Ctx;
        c.active ??= new Map();
        if (c.active.size >= maxSubs) {
          return [
            new GraphQLError(`At most ${maxSubs} operations per connection`, {
              extensions: { code: 'RATE_LIMITED' },
            }),
          ];
        }
        // The slot is taken before the first await, so a burst of subscribe messages cannot all
        // pass the check above while the first ones are still being prepared; it is given back
        // when the operation is refused here, or completes (onComplete).
        c.active.set(id, payload);
        let accepted = false;
        try {
          const prepared = await prepareOperation(ctx, id, payload);
          accepted = !Array.isArray(prepared);
          return prepared;
        } catch (e) {
          // Anything unexpected answers the operation (masked) instead of closing the socket.
          const err =
            e instanceof GraphQLError ? e : new GraphQLError('Internal error', { originalError: e as Error });
          return asGraphQLErrors(formatAll([err], options.formatError));
        } finally {
          if (!accepted) release(ctx, id, payload);
        }
      },
      subscribe: async (args) => {
        const stream = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in stream)) return stream as ExecutionResult;
        const op = getOperationAST(args.document, args.operationName);
        const lang = (args.contextValue as RequestContext).lang;
        const node = op ?? args.document;
        let printed = printedOperations.get(node);
        if (printed === undefined) printedOperations.set(node, (printed = print(node)));
        const key = interned(
          operationKeys,
          `${printed}|${JSON.stringify(args.variableValues ?? {})}|${lang}`,
        );
        return mapEvents(
          (stream as AsyncIterable<unknown>)[Symbol.asyncIterator](),
          args,
          key,
          deliveries.get(args.contextValue as object),
          { formatError: options.formatError, maxBuffered, forkEntityManager: options.forkEntityManager },
        );
      },
      onOperation: async (ctx, id, _payload, _args, result) => {
        // Acknowledges a subscription once it is registered (its event stream is running): a
        // subscription that failed, like a query's result, gets no pong. The pong carries what the
        // subscription was charged (once, when it starts).
        if (!(Symbol.asyncIterator in result)) return;
        const cost = costsOf(ctx).get(id);
        await ctx.extra.socket.send(
          JSON.stringify({ type: 'pong', payload: { subscribed: id, ...(cost ? { cost } : {}) } }),
        );
      },
      onNext: (ctx, id, _payload, _args, result) => {
        if (ctx.extra.socket.bufferedAmount > maxBuffered) {
          ctx.extra.socket.close(CloseCode.InternalServerError, 'Slow consumer: too much undelivered data');
        }
        // Queries and mutations over the socket report their cost as over HTTP (subscription events
        // are sent by mapEvents, shared across a group, and carry none: see the acknowledgement).
        const cost = costsOf(ctx).get(id);
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
      onComplete: (ctx, id, payload) => release(ctx, id, payload),
    },
    wsServer,
    options.keepAliveMs ?? 12_000,
  );
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
