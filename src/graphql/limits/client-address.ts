import type { IncomingMessage } from 'node:http';

/** Express's compiled `trust proxy` test: is the address at this hop a trusted proxy? */
export type TrustProxy = (address: string, hop: number) => boolean;

/** TRUST_PROXY as Express's `trust proxy` setting: a boolean, a hop count, or addresses/subnets. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value == null || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/**
 * The client's address as Express's `req.ip` sees it, for requests Express does not handle (the
 * WebSocket upgrade): the socket's peer, or, through trusted proxies, the `X-Forwarded-For` entry
 * just before the first untrusted hop.
 */
export function clientAddress(request: IncomingMessage, trust: TrustProxy): string | null {
  const peer = request.socket.remoteAddress;
  if (!peer) return null;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .reverse();
  const chain = [peer, ...forwarded];
  for (let hop = 0; hop < chain.length - 1; hop++) {
    if (!trust(chain[hop], hop)) return chain[hop];
  }
  return chain[chain.length - 1];
}
