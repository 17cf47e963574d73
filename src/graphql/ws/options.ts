import type http from 'node:http';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../common/context';
import type { OperationLimits } from '../limits/operation-limits';
import type { FormatError } from './errors';

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
  formatError: FormatError;
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
  /**
   * A peer broke the WebSocket protocol (a frame over `maxPayloadBytes`, a bad opcode, invalid
   * UTF-8): `ws` has already closed the connection with the fitting code (1009, 1002, 1007).
   */
  onProtocolError?(code: string, message: string): void;
}
