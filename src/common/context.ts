import type { EntityManager } from '@mikro-orm/postgresql';
import { registerEnumType } from 'type-graphql';
import { Language } from './enums';
import { LoaderRegistry } from './loaders';

export enum Role {
  EDITOR = 'EDITOR',
  COORDINATOR = 'COORDINATOR',
}
registerEnumType(Role, { name: 'Role' });

/** The authenticated staff member behind a request (from the token's claims). */
export interface Viewer {
  staffId: string;
  subject: string;
  name: string;
  email: string | null;
  actorId: string | null;
  actorSlug: string | null;
  roles: Role[];
  /** Seconds since epoch when the token expires (subscriptions end then). */
  expiresAt: number | null;
}

/** A source of live announcement streams (the subscription hub of this instance). */
export interface AnnouncementSource {
  subscribe(
    topic: string,
    filter: unknown,
    after: string | null | undefined,
    ctx: RequestContext,
    /** `changes`: deliver only these kinds of change. */
    options?: { changes?: readonly string[] },
  ): Promise<AsyncIterableIterator<unknown>>;
}

/** What every service receives first: the request's unit of work, who asks, and in what language. */
export interface RequestContext {
  em: EntityManager;
  viewer: Viewer | null;
  lang: Language;
  loaders: LoaderRegistry;
  /** Present where subscriptions are served (HTTP and WebSocket contexts of a running hub). */
  announcements?: AnnouncementSource;
  /** The client's IP address (behind trusted proxies: the forwarded one), where known. */
  clientAddress?: string | null;
}

/**
 * The context with `em` (a transaction's EntityManager) in place of the request's: reads inside a
 * transaction must use its connection (the embedded database serves one session at a time).
 */
export function inTransaction(ctx: RequestContext, em: EntityManager): RequestContext {
  return { ...ctx, em, loaders: new LoaderRegistry() };
}
