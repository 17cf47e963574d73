import type { EntityManager } from '@mikro-orm/postgresql';
import { inTransaction, RequestContext } from '../../common/context';
import { ForbiddenError, NotFoundError, ValidationError } from '../../common/errors';
import { diffSnapshots, expectVersion, mergeLocalized, snapshot } from '../../common/mutation';
import { expectGlobalId, expectGlobalIds } from '../../common/node';
import { webUrl } from '../../common/urls';
import { Actor } from '../actor/actor.entity';
import { AuditAction } from '../audit/audit-entry.entity';
import { auditService } from '../audit/audit.service';
import { policy } from '../auth/policy';
import { JointInitiative } from '../initiative/initiative.entity';
import { initiativeService } from '../initiative/initiative.service';
import { requireRegionsByCode } from '../region/region.service';
import { Event, EventStatus } from './event.entity';
import { CreateEventInput, UpdateEventInput } from './event.inputs';

const AUDITED = [
  'kind',
  'titleI18n',
  'descriptionI18n',
  'startsAt',
  'endsAt',
  'location',
  'remoteParticipation',
  'free',
  'registrationUrl',
  'organizers',
  'initiative',
  'regions',
  'status',
  'publicationStatus',
] as const;

async function apply(
  ctx: RequestContext,
  em: EntityManager,
  e: Event,
  input: UpdateEventInput,
): Promise<void> {
  if (input.organizerIds) {
    const ids = [...new Set(expectGlobalIds(input.organizerIds, 'Actor', 'input.organizerIds'))];
    const actors = await em.find(Actor, { id: { $in: ids } });
    if (actors.length !== ids.length) throw new ValidationError('Unknown organiser', ['input.organizerIds']);
    if (!policy.canEditAny(ctx.viewer, ids)) {
      throw new ForbiddenError('The organisers must include an actor you edit');
    }
    e.organizers.set(actors);
  }
  if (input.kind) e.kind = input.kind;
  const title = mergeLocalized(e.titleI18n, input.title, 'input.title', true);
  if (title) e.titleI18n = title;
  e.descriptionI18n = mergeLocalized(e.descriptionI18n, input.description, 'input.description', false);
  if (input.startsAt) e.startsAt = input.startsAt;
  if (input.endsAt !== undefined) e.endsAt = input.endsAt;
  if (e.endsAt && e.endsAt < e.startsAt)
    throw new ValidationError('endsAt must not be before startsAt', ['input.endsAt']);
  if (input.location !== undefined) e.location = input.location?.trim() || null;
  if (input.remoteParticipation != null) e.remoteParticipation = input.remoteParticipation;
  if (input.free != null) e.free = input.free;
  if (input.registrationUrl !== undefined)
    e.registrationUrl = webUrl(input.registrationUrl, 'input.registrationUrl');
  if (input.regionCodes)
    e.regions.set(await requireRegionsByCode(em, input.regionCodes, 'input.regionCodes'));
  if (input.publicationStatus) e.publicationStatus = input.publicationStatus;
  if (input.initiativeId !== undefined) {
    if (input.initiativeId === null) {
      e.initiative = null;
    } else {
      const id = expectGlobalId(input.initiativeId, 'JointInitiative', 'input.initiativeId');
      if (!(await initiativeService.loadVisible(inTransaction(ctx, em), id)))
        throw new NotFoundError('JointInitiative', input.initiativeId);
      e.initiative = em.getReference(JointInitiative, id, { wrapped: true });
    }
  }
}

async function loadForWrite(em: EntityManager, ctx: RequestContext, id: string): Promise<Event> {
  const event = await em.findOne(Event, { id }, { populate: ['organizers', 'regions'] });
  return policy.requireWritable(ctx.viewer, 'Event', id, event, (x) => ({
    status: x.publicationStatus,
    owners: x.organizers.getItems().map((o) => o.id),
  }));
}

function ownerOf(event: Event): string | null {
  return event.organizers.getItems()[0]?.id ?? null;
}

/** Writes to events: editors of an organising actor, or coordinators. */
export const eventCommands = {
  async create(ctx: RequestContext, input: CreateEventInput): Promise<Event> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const event = em.create(Event, {
        kind: input.kind,
        titleI18n: mergeLocalized(null, input.title, 'input.title', true)!,
        startsAt: input.startsAt,
      });
      await apply(ctx, em, event, { ...input, title: undefined });
      auditService.record(em, viewer, {
        entityType: 'Event',
        entityId: event.id,
        action: AuditAction.CREATE,
        ownerActorId: ownerOf(event),
        changes: diffSnapshots({}, snapshot(event, AUDITED)),
      });
      return event;
    });
  },

  async update(ctx: RequestContext, id: string, version: number, input: UpdateEventInput): Promise<Event> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const event = await loadForWrite(em, ctx, id);
      expectVersion(event, version);
      const before = snapshot(event, AUDITED);
      await apply(ctx, em, event, input);
      event.updatedAt = new Date();
      auditService.record(em, viewer, {
        entityType: 'Event',
        entityId: event.id,
        action: AuditAction.UPDATE,
        ownerActorId: ownerOf(event),
        changes: diffSnapshots(before, snapshot(event, AUDITED)),
      });
      return event;
    });
  },

  async cancel(ctx: RequestContext, id: string, version: number): Promise<Event> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const event = await loadForWrite(em, ctx, id);
      expectVersion(event, version);
      if (event.status === EventStatus.CANCELLED)
        throw new ValidationError('The event is already cancelled', ['id']);
      event.status = EventStatus.CANCELLED;
      event.updatedAt = new Date();
      auditService.record(em, viewer, {
        entityType: 'Event',
        entityId: event.id,
        action: AuditAction.CANCEL,
        ownerActorId: ownerOf(event),
        changes: [{ field: 'status', old: EventStatus.SCHEDULED, new: EventStatus.CANCELLED }],
      });
      return event;
    });
  },
};
