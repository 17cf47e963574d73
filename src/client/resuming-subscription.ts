import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';
import { type Client, type ClientOptions, createClient } from 'graphql-ws';

/**
 * A subscription client for frontends (and scripts) that never gives up and never shows an event
 * twice or skips one: graphql-ws with endless retries, resubscribing after every reconnect with
 * `after` set to the cursor of the last event it *showed*. The hub replays what was committed
 * since that cursor, then goes on live (see the resume protocol in src/modules/announcement/README.md).
 *
 * Runs in browsers as it is; in Node, pass `webSocketImpl` (the `ws` package).
 */
export interface ResumingSubscriptionOptions<T> {
  /** `ws://host:4000/graphql` (or `wss://`). */
  url: string;
  /**
   * A subscription whose field takes `$after: String` and whose events carry a `cursor`: its text,
   * or a typed document (e.g. `NewMaterialsDocument` of src/client/generated, see codegen.yml).
   */
  query: string | DocumentNode | TypedDocumentNode<T, Record<string, unknown>>;
  /** The other variables (filters); `after` is set by the client. */
  variables?: Record<string, unknown>;
  /** Where to start: the cursor of the last event shown before (e.g. kept in localStorage). */
  after?: string | null;
  /** The event's cursor, from one result's `data`. */
  cursorOf(data: T): string;
  /** Shows one event; called once per event, in commit order. */
  show(data: T, cursor: string): void;
  /** The bearer token, asked again at every (re)connection (it may have been renewed). */
  token?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Told of every lost connection and error; the client keeps retrying unless the token is refused. */
  onError?(error: unknown): void;
  /** Told when the hub refused the token (close 4403) or the operation: the client then stops. */
  onFatal?(error: unknown): void;
  /** Milliseconds before retry `n` (0-based); default: 0.5 s doubling up to 10 s, with jitter. */
  retryDelayMs?(retry: number): number;
  /** Connected (again): `resumed` is false for the first connection. */
  onConnected?(resumed: boolean): void;
  /** The hub registered the subscription (its acknowledgement, after every (re)subscription). */
  onSubscribed?(): void;
  webSocketImpl?: unknown;
}

export interface ResumingSubscription {
  /** The cursor of the last event shown (what a later start may pass as `after`). */
  readonly cursor: string | null;
  /** Stops for good. */
  dispose(): Promise<void>;
}

const defaultDelay = (retry: number): number =>
  Math.min(10_000, 500 * 2 ** retry) * (0.5 + Math.random() / 2);

function closeCode(error: unknown): number | null {
  return error && typeof error === 'object' && 'code' in error && typeof error.code === 'number'
    ? error.code
    : null;
}

/** Starts the subscription; see `ResumingSubscriptionOptions`. */
export function resumingSubscription<T>(options: ResumingSubscriptionOptions<T>): ResumingSubscription {
  let cursor = options.after ?? null;
  let connections = 0;
  let disposed = false;
  const delay = options.retryDelayMs ?? defaultDelay;
  const clientOptions: ClientOptions = {
    url: options.url,
    lazy: false,
    retryAttempts: Infinity,
    // Every lost or refused connection is retried, except a refused token (4403): retrying
    // cannot fix it. graphql-ws by default does not retry a connection that was never made.
    shouldRetry: (error) => closeCode(error) !== 4403,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, delay(retries))),
    connectionParams: async () => {
      const token = await options.token?.();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    onNonLazyError: (error) => options.onFatal?.(error),
    on: {
      connected: () => options.onConnected?.(connections++ > 0),
      closed: (event) => {
        if (!disposed && closeCode(event) !== 1000) options.onError?.(event);
      },
      error: (error) => options.onError?.(error),
      pong: (received, pong) => {
        if (received && pong && typeof pong.subscribed === 'string') options.onSubscribed?.();
      },
    },
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
  };
  const client: Client = createClient(clientOptions);
  // graphql-ws sends this payload again at every reconnection, serialising it then: the getter
  // gives the cursor of the last event shown at that moment.
  const payload = {
    query: typeof options.query === 'string' ? options.query : print(options.query),
    get variables(): Record<string, unknown> {
      return { ...options.variables, after: cursor };
    },
  };
  client.subscribe<T>(payload, {
    next: (result) => {
      if (result.errors?.length || !result.data) {
        options.onError?.(result.errors);
        return;
      }
      const data = result.data as T;
      const next = options.cursorOf(data);
      options.show(data, next);
      cursor = next;
    },
    error: (error) => {
      if (!disposed) options.onFatal?.(error);
    },
    complete: () => undefined,
  });
  return {
    get cursor() {
      return cursor;
    },
    async dispose() {
      disposed = true;
      await client.dispose();
    },
  };
}
