/**
 * GraphQL over WebSocket, in parts:
 * - `server.ts`: the graphql-ws wiring (connection auth, operation slots, acknowledgements,
 *   errors, shutdown); `attachWebSocket` is the entry point.
 * - `operation.ts` and `documents.ts`: the HTTP side's checks and limits for each operation, and
 *   the cache of parsed and validated documents.
 * - `fan-out.ts`: subscription events, executed and serialized once per group of subscribers.
 * - `frames.ts`: WebSocket frames built once and written to many sockets.
 */
export { attachWebSocket, CLOSE_TRY_AGAIN_LATER } from './server';
export type { WebSocketOptions } from './options';
