import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext } from '../../common/context';
import { NotFoundError, ValidationError } from '../../common/errors';
import { expectVersion, mergeLocalized } from '../../common/mutation';
import { expectGlobalId } from '../../common/node';
import { webUrl } from '../../common/urls';
import { AuditAction, writeTrail } from '../audit';
import { policy } from '../auth';
import { Region, requireRegionsByCode } from '../region';
import { staffService } from '../staff';
import { Actor } from './actor.entity';
import { CreateActorInput, UpdateActorInput } from './actor.inputs';

const AUDITED = [
  'slug',
  'kind',
  'nameI18n',
  'descriptionI18n',
  'website',
  'languages',
  'regions',
  'municipality',
  'parent',
] as const;

const trail = writeTrail<Actor>('Actor', AUDITED, null);

async function apply(em: EntityManager, actor: Actor, input: UpdateActorInput): Promise<void> {
  const name = mergeLocalized(actor.nameI18n, input.name, 'input.name', true);
  if (name) actor.nameI18n = name;
  actor.descriptionI18n = mergeLocalized(
    actor.descriptionI18n,
    input.description,
    'input.description',
    false,
  );
  if (input.website !== undefined) actor.website = webUrl(input.website, 'input.website');
  if (input.languages) actor.languages = [...new Set(input.languages)];
  if (input.regionCodes)
    actor.regions.set(await requireRegionsByCode(em, input.regionCodes, 'input.regionCodes'));
  if (input.municipalityCode !== undefined) {
    actor.municipality = input.municipalityCode
      ? em.getReference(
          Region,
          (await requireRegionsByCode(em, [input.municipalityCode], 'input.municipalityCode'))[0].id,
          {
            wrapped: true,
          },
        )
      : null;
  }
}

/** Writes to actors: editors update their own actor, coordinators create actors and units. */
export const actorCommands = {
  async create(ctx: RequestContext, input: CreateActorInput): Promise<Actor> {
    const viewer = policy.requireCoordinator(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      if (await em.count(Actor, { slug: input.slug })) {
        throw new ValidationError(`An actor with slug ${input.slug} exists already`, ['input.slug']);
      }
      let parent: Actor | null = null;
      if (input.parentId) {
        parent = await em.findOne(Actor, { id: expectGlobalId(input.parentId, 'Actor', 'input.parentId') });
        if (!parent) throw new NotFoundError('Actor', input.parentId);
      }
      const actor = em.create(Actor, {
        slug: input.slug,
        kind: input.kind,
        nameI18n: mergeLocalized(null, input.name, 'input.name', true)!,
        parent,
      });
      await apply(em, actor, { ...input, name: undefined });
      await trail.record(em, viewer, actor, {
        action: AuditAction.CREATE,
        owner: actor.id,
        before: {},
      });
      return actor;
    });
  },

  async update(ctx: RequestContext, id: string, version: number, input: UpdateActorInput): Promise<Actor> {
    const viewer = policy.requireStaff(ctx.viewer);
    const actor = await ctx.em.transactional(async (em) => {
      const actor = await em.findOne(Actor, { id }, { populate: ['regions'] });
      if (!actor) throw new NotFoundError('Actor', id);
      policy.requireActorUpdate(viewer, actor.id, input.name !== undefined);
      expectVersion(actor, version);
      const before = trail.snapshot(actor);
      await apply(em, actor, input);
      actor.updatedAt = new Date();
      await trail.record(em, viewer, actor, {
        action: AuditAction.UPDATE,
        owner: actor.id,
        before,
      });
      return actor;
    });
    staffService.clearCache();
    return actor;
  },
};
