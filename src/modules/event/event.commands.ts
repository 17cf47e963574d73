import type { EntityManager } from '@mikro-orm/postgresql';
import { inTransaction, RequestContext } from '../../common/context';
import { NotFoundError, ValidationError } from '../../common/errors';
import { expectVersion, mergeLocalized, cleanText } from '../../common/mutation';
import { expectGlobalId, expectGlobalIds, toGlobalId } from '../../common/node';
import { PublicationStatus } from '../../common/enums';
import { AnnouncementTopic, EventChangeType } from '../outbox';
import { webUrl } from '../../common/urls';
import { requireActorsById } from '../actor';
import { AuditAction, writeTrail } from '../audit';
import { policy } from '../auth';
import { JointInitiative, initiativeService } from '../initiative';
import { requireRegionsByCode } from '../region';
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
  'initiatives',
  'regions',
  'languages',
  'audienceI18n',
  'registrationClosesAt',
  'status',
  'publicationStatus',
] as const;

const trail = writeTrail<Event>('Event', AUDITED, AnnouncementTopic.EVENT_CHANGED);

/** The initiatives an input names: `initiativeIds`, or the deprecated single `initiativeId`. */
function initiativeIdsOf(input: UpdateEventInput): string[] | null | undefined {
  if (input.initiativeIds != null && input.initiativeId !== undefined)
    throw new ValidationError('Give initiativeIds or initiativeId, not both', [
      'input.initiativeIds',
      'input.initiativeId',
    ]);
  if (input.initiativeIds != null)
    return [...new Set(expectGlobalIds(input.initiativeIds, 'JointInitiative', 'input.initiativeIds'))];
  if (input.initiativeId === undefined) return undefined;
  return input.initiativeId === null
    ? []
    : [expectGlobalId(input.initiativeId, 'JointInitiative', 'input.initiativeId')];
}

async function apply(
  ctx: RequestContext,
  em: EntityManager,
  e: Event,
  input: UpdateEventInput,
): Promise<void> {
  if (input.organizerIds) {
    const actors = await requireActorsById(em, input.organizerIds, 'input.organizerIds');
    policy.requireOrganisers(
      ctx.viewer,
      actors.map((a) => a.id),
    );
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
  if (input.location !== undefined) e.location = cleanText(input.location);
  if (input.remoteParticipation != null) e.remoteParticipation = input.remoteParticipation;
  if (input.free != null) e.free = input.free;
  if (input.registrationUrl !== undefined)
    e.registrationUrl = webUrl(input.registrationUrl, 'input.registrationUrl');
  if (input.regionCodes)
    e.regions.set(await requireRegionsByCode(em, input.regionCodes, 'input.regionCodes'));
  if (input.publicationStatus) e.publicationStatus = input.publicationStatus;
  if (input.languages) e.languages = [...new Set(input.languages)];
  e.audienceI18n = mergeLocalized(e.audienceI18n, input.audience, 'input.audience', false);
  if (input.registrationClosesAt !== undefined) e.registrationClosesAt = input.registrationClosesAt;
  if (e.registrationClosesAt && e.registrationClosesAt > (e.endsAt ?? e.startsAt))
    throw new ValidationError('registrationClosesAt must not be after the event ends', [
      'input.registrationClosesAt',
    ]);
  const initiativeIds = initiativeIdsOf(input);
  if (initiativeIds) {
    const tx = inTransaction(ctx, em);
    const visible = await Promise.all(initiativeIds.map((id) => initiativeService.loadVisible(tx, id)));
    const missing = initiativeIds.find((_, i) => !visible[i]);
    if (missing) throw new NotFoundError('JointInitiative', toGlobalId('JointInitiative', missing));
    e.initiatives.set(initiativeIds.map((id) => em.getReference(JointInitiative, id)));
  }
}

/** The change an update announces: PUBLISHED when it made the event public, else UPDATED. */
function updateChange(before: PublicationStatus, after: PublicationStatus): EventChangeType {
  return after === PublicationStatus.PUBLISHED && before !== PublicationStatus.PUBLISHED
    ? EventChangeType.PUBLISHED
    : EventChangeType.UPDATED;
}

async function loadForWrite(em: EntityManager, ctx: RequestContext, id: string): Promise<Event> {
  const event = await em.findOne(Event, { id }, { populate: ['organizers', 'regions', 'initiatives'] });
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
      await trail.record(em, viewer, event, {
        action: AuditAction.CREATE,
        owner: ownerOf(event),
        before: {},
        announce: EventChangeType.CREATED,
      });
      return event;
    });
  },

  async update(ctx: RequestContext, id: string, version: number, input: UpdateEventInput): Promise<Event> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const event = await loadForWrite(em, ctx, id);
      expectVersion(event, version);
      const before = trail.snapshot(event);
      const statusBefore = event.publicationStatus;
      await apply(ctx, em, event, input);
      event.updatedAt = new Date();
      await trail.record(em, viewer, event, {
        action: AuditAction.UPDATE,
        owner: ownerOf(event),
        before,
        announce: updateChange(statusBefore, event.publicationStatus),
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
      await trail.record(em, viewer, event, {
        action: AuditAction.CANCEL,
        owner: ownerOf(event),
        changes: [{ field: 'status', old: EventStatus.SCHEDULED, new: EventStatus.CANCELLED }],
        announce: EventChangeType.CANCELLED,
      });
      return event;
    });
  },
};
