/**
 * Telling "the database cannot be reached" from every other failure, so that clients hear
 * SERVICE_UNAVAILABLE (HTTP 503, retry later) instead of an internal error.
 */

/** Seconds a client is asked to wait (`Retry-After`) before trying again after an outage. */
export const RETRY_AFTER_SECONDS = 5;

/** Socket errors of the driver: the server is down, unreachable, or went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs of an unreachable or unavailable server: class 08 (connection exception),
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300
 * too_many_connections.
 */
function isUnavailableState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

/**
 * What the driver and the pool say without a code: a connection that ended under a query, a
 * connection attempt or a wait for a pooled connection that timed out.
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^Connection ended unexpectedly/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Knex: Timeout acquiring a connection/,
];

/**
 * Whether `error` (or what it wraps: `cause`, `originalError`, `thrownValue`) says the database
 * cannot be reached: the statement did not fail on its own merits and may succeed when retried.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let hops = 0; current && typeof current === 'object' && hops < 8; hops++) {
    const e = current as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || isUnavailableState(e.code))) return true;
    if (e.name === 'KnexTimeoutError') return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    const wrapper = current as { cause?: unknown; originalError?: unknown; thrownValue?: unknown };
    // graphql-js wraps a thrown value that is no Error (of this realm) as NonErrorThrown.
    current = wrapper.cause ?? wrapper.originalError ?? wrapper.thrownValue;
  }
  return false;
}
