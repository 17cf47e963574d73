import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Received<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

export interface LiveSubscription<T> {
  /** Everything received so far, in order. */
  received: Received<T>[];
  /** Resolves once the server acknowledged the subscription (it is registered). */
  ready: Promise<void>;
  /** Resolves when `n` results have arrived (rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<Received<T>[]>;
  completed: Promise<void>;
  unsubscribe(): void;
}

/** A raw graphql-ws `subscribe` payload: any text, even invalid, and any extensions. */
export interface RawOperation {
  query: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

export interface TestWsClient {
  client: Client;
  subscribe<T, V>(doc: TypedDocumentNode<T, V>, variables?: V): LiveSubscription<T>;
  /** Runs a query or mutation (or a refused operation) to its end; resolves with what arrived. */
  run<T = Record<string, unknown>>(operation: RawOperation): Promise<Received<T>[]>;
  /** The close event's code when the server closes the connection. */
  closed: Promise<number>;
  dispose(): Promise<void>;
}

/** The `ws` client, sending these headers with its upgrade request (as a proxy in front would). */
function withHeaders(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  };
}

/** A real graphql-ws client over a real socket, with the server's per-subscription acknowledgement. */
export function connectWs(
  httpUrl: string,
  options: { token?: string; lazy?: boolean; headers?: Record<string, string> } = {},
): TestWsClient {
  let counter = 0;
  const acks = new Map<string, () => void>();
  let closeCode: (code: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => (closeCode = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: options.headers ? withHeaders(options.headers) : WebSocket,
    lazy: options.lazy ?? true,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    connectionParams: options.token ? { authorization: `Bearer ${options.token}` } : {},
    generateID: () => `op-${++counter}`,
    on: {
      pong: (received, payload) => {
        const id = received && payload && typeof payload.subscribed === 'string' ? payload.subscribed : null;
        if (id) acks.get(id)?.();
      },
      closed: (event) => closeCode((event as { code: number }).code),
    },
  });
  return {
    client,
    closed,
    subscribe<T, V>(doc: TypedDocumentNode<T, V>, variables?: V): LiveSubscription<T> {
      const received: Received<T>[] = [];
      const waiters: (() => void)[] = [];
      let complete: () => void = () => undefined;
      const completed = new Promise<void>((resolve) => (complete = resolve));
      let ack: () => void = () => undefined;
      const ready = new Promise<void>((resolve) => (ack = resolve));
      const unsubscribe = client.subscribe<T>(
        { query: print(doc), variables: (variables ?? {}) as Record<string, unknown> },
        {
          next: (value) => {
            received.push(value as Received<T>);
            waiters.splice(0).forEach((w) => w());
          },
          error: (error) => {
            const errors = Array.isArray(error)
              ? error
              : [{ message: String((error as Error).message ?? error) }];
            received.push({ errors });
            waiters.splice(0).forEach((w) => w());
            ack();
            complete();
          },
          complete: () => {
            ack();
            complete();
          },
        },
      );
      acks.set(`op-${counter}`, ack);
      return {
        received,
        ready,
        completed,
        unsubscribe,
        async waitFor(n: number, ms = 10_000) {
          const deadline = Date.now() + ms;
          while (received.length < n) {
            const left = deadline - Date.now();
            if (left <= 0)
              throw new Error(`Expected ${n} results, got ${received.length}: ${JSON.stringify(received)}`);
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, left);
              waiters.push(() => {
                clearTimeout(timer);
                resolve();
              });
            });
          }
          return received;
        },
      };
    },
    run<T>(operation: RawOperation): Promise<Received<T>[]> {
      const received: Received<T>[] = [];
      return new Promise((resolve) => {
        client.subscribe<T>(operation, {
          next: (value) => received.push(value as Received<T>),
          error: (error) => {
            const errors = Array.isArray(error)
              ? error
              : [{ message: String((error as Error).message ?? error) }];
            received.push({ errors });
            resolve(received);
          },
          complete: () => resolve(received),
        });
      });
    },
    async dispose() {
      await client.dispose();
    },
  };
}
