import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { AnnouncementSource, RequestContext, Viewer } from '../../common/context';
import { Language } from '../../common/enums';
import { UnauthenticatedError } from '../../common/errors';
import { LoaderRegistry } from '../../common/loaders';
import { languageFromHeader } from '../../common/localized';
import { StaffClaims, TokenVerifier } from './token';

/**
 * Who a verified token's claims are (the staff feature's service is the one implementation). Auth
 * names only what it needs, so that it does not import the staff feature, which imports auth.
 */
export interface ViewerSource {
  viewerFromClaims(em: EntityManager, claims: StaffClaims): Promise<Viewer>;
}

export interface RequestCredentials {
  authorization?: string | null;
  acceptLanguage?: string | null;
  /** The client's IP address (per-client query budget of anonymous clients). */
  clientAddress?: string | null;
}

/**
 * Builds the per-request context: a fresh EntityManager fork (one unit of work per HTTP request
 * or WebSocket operation), the viewer from the bearer token, the language and fresh loaders.
 * No token means anonymous; a bad or expired token is UNAUTHENTICATED, never silently anonymous.
 */
export function makeContextFactory(
  orm: MikroORM,
  verifier: TokenVerifier,
  staff: ViewerSource,
  announcements?: AnnouncementSource,
) {
  return async (credentials: RequestCredentials): Promise<RequestContext> => {
    const em = orm.em.fork({ useContext: false });
    const lang = languageFromHeader(credentials.acceptLanguage) ?? Language.FI;
    const clientAddress = credentials.clientAddress ?? null;
    const base = { em, lang, loaders: new LoaderRegistry(), announcements, clientAddress };
    const header = credentials.authorization?.trim();
    if (!header) return { ...base, viewer: null };
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
    const claims = await verifier.verify(match[1]);
    return { ...base, viewer: await staff.viewerFromClaims(em, claims) };
  };
}
