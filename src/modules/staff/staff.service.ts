import { randomUUID } from 'node:crypto';
import { loadById } from '../../common/by-id';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext, Viewer } from '../../common/context';
import { UnauthenticatedError } from '../../common/errors';
import { Actor } from '../actor';
import { policy } from '../auth';
import type { StaffClaims } from '../auth';
import { StaffMember } from './staff-member.entity';

const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 10_000;

/**
 * Staff identities. A StaffMember is created or updated from a token's claims on first use;
 * the mapping is cached for a minute per process, so a request costs no SQL for identity.
 * An erasure clears the cache (on every instance: see `src/modules/privacy`), so that the person's
 * next request creates a new staff member instead of reusing the erased one.
 */
export class StaffService {
  private readonly cache = new Map<string, { viewer: Omit<Viewer, 'expiresAt'>; at: number }>();
  /** Bumped by `clearCache`: a lookup that started before a clear does not cache its result. */
  private generation = 0;

  async viewerFromClaims(em: EntityManager, claims: StaffClaims): Promise<Viewer> {
    const subject = `${claims.iss ?? 'local'}|${claims.sub}`;
    const key = JSON.stringify([
      subject,
      claims.name,
      claims.email ?? null,
      claims.actor ?? null,
      [...claims.roles].sort(),
    ]);
    const hit = this.cache.get(key);
    const now = Date.now();
    if (hit && now - hit.at < CACHE_TTL_MS) return { ...hit.viewer, expiresAt: claims.exp ?? null };
    const generation = this.generation;
    // Outside the identity map: a partial actor (id and slug) kept there would be what the rest
    // of the request reads for that actor, with its other fields missing.
    const actor = claims.actor
      ? await em.findOne(Actor, { slug: claims.actor }, { fields: ['id', 'slug'], disableIdentityMap: true })
      : null;
    // A token for an actor the hub does not know would give staff access on nobody's behalf.
    if (claims.actor && !actor) {
      throw new UnauthenticatedError('The token\'s claim "actor" names no actor known to this hub');
    }
    const [staff] = await em.upsertMany(
      StaffMember,
      [
        {
          id: randomUUID(),
          subject,
          name: claims.name,
          email: claims.email ?? null,
          actor: actor?.id ?? null,
          roles: claims.roles,
          lastSeenAt: new Date(),
        },
      ],
      {
        onConflictFields: ['subject'],
        onConflictAction: 'merge',
        onConflictExcludeFields: ['id', 'createdAt'],
      },
    );
    const viewer = {
      staffId: staff.id,
      subject,
      name: claims.name,
      email: claims.email ?? null,
      actorId: actor?.id ?? null,
      actorSlug: actor?.slug ?? null,
      roles: claims.roles,
    };
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    if (generation === this.generation) this.cache.set(key, { viewer, at: now });
    return { ...viewer, expiresAt: claims.exp ?? null };
  }

  /** Forget cached identities (tests, erasures, and after an actor's slug changes). */
  clearCache(): void {
    this.cache.clear();
    this.generation++;
  }

  async findViewer(ctx: RequestContext): Promise<StaffMember | null> {
    if (!ctx.viewer) return null;
    return loadById(ctx, StaffMember, ctx.viewer.staffId);
  }

  async findById(ctx: RequestContext, id: string): Promise<StaffMember | null> {
    if (!policy.canSeeStaffDirectory(ctx.viewer)) return null;
    return loadById(ctx, StaffMember, id);
  }
}
