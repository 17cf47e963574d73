import type { Socket } from 'node:net';
import { execute, ExecutionArgs, ExecutionResult, getOperationAST, GraphQLError, print } from 'graphql';
import { CloseCode } from 'graphql-ws';
import type { WebSocket } from 'ws';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../common/context';
import { EventSink, isSinkable, SinkableSource } from '../../common/event-sink';
import { interned } from '../../common/interned';
import { LoaderRegistry } from '../../common/loaders';
import { FormatError, formatAll } from './errors';
import { sendFrame, textFrame } from './frames';

/** Where one subscription's results go: its socket and operation id. */
export interface Delivery {
  socket: WebSocket;
  /** The TCP socket to write shared frames to directly, or null (see `directSocket`). */
  direct: Socket | null;
  id: string;
  /** Gives the operation's slot back: called as soon as the subscription is ended. */
  release(): void;
}

export interface FanOutOptions {
  formatError: FormatError;
  /** A connection whose unsent data exceeds this is closed as a slow consumer. */
  maxBuffered: number;
  forkEntityManager?: () => EntityManager;
}

/** Delivery targets by operation context (the context object is created per operation). */
const deliveries = new WeakMap<object, Delivery>();

/** Says where the results of the operation with this context go, once it is admitted. */
export function deliverTo(contextValue: object, delivery: Delivery): void {
  deliveries.set(contextValue, delivery);
}

/** The printed operation, by operation node: documents are cached and shared (see `documents`). */
const printedOperations = new WeakMap<object, string>();
const groupKeys = new Map<string, string>();

/**
 * The group of a subscription: subscribers with the same operation, variables and language get
 * the same result for an event, so it is executed and serialized once for all of them.
 */
function groupKey(args: ExecutionArgs): string {
  const node = getOperationAST(args.document, args.operationName) ?? args.document;
  let printed = printedOperations.get(node);
  if (printed === undefined) printedOperations.set(node, (printed = print(node)));
  const { lang } = args.contextValue as RequestContext;
  return interned(groupKeys, `${printed}|${JSON.stringify(args.variableValues ?? {})}|${lang}`);
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

/** Per event object: the serialized result of each group (see `groupKey`). */
const sharedPayloads = new WeakMap<object, Map<string, PayloadEntry>>();

function forkOf(em: EntityManager): () => EntityManager {
  return () => em.fork({ useContext: false });
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
export function sharedEvents(
  source: AsyncIterator<unknown>,
  args: ExecutionArgs,
  options: FanOutOptions,
): AsyncGenerator<ExecutionResult> {
  const operationKey = groupKey(args);
  const delivery = deliveries.get(args.contextValue as object);
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
    const { socket, direct } = delivery!;
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
    sendFrame(socket, direct, frame, () => `${idPrefix}${shared.json}}`);
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
