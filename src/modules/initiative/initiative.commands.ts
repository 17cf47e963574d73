import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext, Viewer } from '../../common/context';
import { requireDateOrder, toIsoDate } from '../../common/dates';
import { NotFoundError, ValidationError } from '../../common/errors';
import { diffSnapshots, expectVersion, mergeLocalized } from '../../common/mutation';
import { expectGlobalId } from '../../common/node';
import { webUrl } from '../../common/urls';
import { Actor } from '../actor';
import { AnnouncementTopic, InitiativeChangeType } from '../outbox';
import { AuditAction, writeTrail } from '../audit';
import { policy } from '../auth';
import { requireRegionsByCode } from '../region';
import { InitiativeParticipant, JointInitiative, ParticipantRole } from './initiative.entity';
import { CreateInitiativeInput, UpdateInitiativeInput } from './initiative.inputs';

const AUDITED = [
  'titleI18n',
  'kind',
  'descriptionI18n',
  'status',
  'startsOn',
  'endsOn',
  'regions',
  'publicationStatus',
  'website',
] as const;

const trail = writeTrail<JointInitiative>('JointInitiative', AUDITED, AnnouncementTopic.INITIATIVE_CHANGED);

function leadsOf(initiative: JointInitiative): string[] {
  return initiative.participants
    .getItems()
    .filter((p) => p.role === ParticipantRole.LEAD)
    .map((p) => p.actor.id);
}

async function apply(em: EntityManager, i: JointInitiative, input: UpdateInitiativeInput): Promise<void> {
  const title = mergeLocalized(i.titleI18n, input.title, 'input.title', true);
  if (title) i.titleI18n = title;
  if (input.kind) i.kind = input.kind;
  i.descriptionI18n = mergeLocalized(i.descriptionI18n, input.description, 'input.description', false);
  if (input.status) i.status = input.status;
  if (input.startsOn !== undefined) i.startsOn = toIsoDate(input.startsOn);
  if (input.endsOn !== undefined) i.endsOn = toIsoDate(input.endsOn);
  requireDateOrder(i.startsOn, i.endsOn, 'input.endsOn');
  if (input.regionCodes)
    i.regions.set(await requireRegionsByCode(em, input.regionCodes, 'input.regionCodes'));
  if (input.publicationStatus) i.publicationStatus = input.publicationStatus;
  if (input.website !== undefined) i.website = webUrl(input.website, 'input.website');
}

/** Loads an initiative for a change; only the lead's editors (or coordinators) pass `requireLead`. */
async function load(
  em: EntityManager,
  ctx: RequestContext,
  id: string,
  requireLead: boolean,
): Promise<JointInitiative> {
  const initiative = await em.findOne(JointInitiative, { id }, { populate: ['participants', 'regions'] });
  return policy.requireWritable(ctx.viewer, 'JointInitiative', id, initiative, (x) => ({
    status: x.publicationStatus,
    owners: x.participants.getItems().map((p) => p.actor.id),
    editors: requireLead ? leadsOf(x) : x.participants.getItems().map((p) => p.actor.id),
  }));
}

/**
 * Loads an initiative with its participants for a change of them, and its participants' actor
 * ids; one the viewer may not see is NOT_FOUND. Who may make the change is each command's check.
 */
async function loadForParticipants(em: EntityManager, viewer: Viewer, id: string) {
  const initiative = await em.findOne(JointInitiative, { id }, { populate: ['participants'] });
  const owners = initiative?.participants.getItems().map((p) => p.actor.id) ?? [];
  if (!initiative || !policy.canRead(viewer, initiative.publicationStatus, owners)) {
    throw new NotFoundError('JointInitiative', id);
  }
  return { initiative, owners };
}

/** Writes to joint initiatives and their participants. */
export const initiativeCommands = {
  async create(ctx: RequestContext, input: CreateInitiativeInput): Promise<JointInitiative> {
    const viewer = policy.requireStaff(ctx.viewer);
    const leadId = expectGlobalId(input.leadActorId, 'Actor', 'input.leadActorId');
    return ctx.em.transactional(async (em) => {
      const lead = await em.findOne(Actor, { id: leadId });
      if (!lead) throw new NotFoundError('Actor', input.leadActorId);
      policy.requireEditorOf(viewer, lead.id);
      const initiative = em.create(JointInitiative, {
        titleI18n: mergeLocalized(null, input.title, 'input.title', true)!,
        kind: input.kind,
      });
      await apply(em, initiative, { ...input, title: undefined });
      em.create(InitiativeParticipant, { initiative, actor: lead, role: ParticipantRole.LEAD });
      await trail.record(em, viewer, initiative, {
        action: AuditAction.CREATE,
        owner: lead.id,
        changes: [
          ...diffSnapshots({}, trail.snapshot(initiative)),
          { field: 'participants', old: null, new: [`${lead.id}:LEAD`] },
        ],
        announce: InitiativeChangeType.CREATED,
      });
      return initiative;
    });
  },

  async update(
    ctx: RequestContext,
    id: string,
    version: number,
    input: UpdateInitiativeInput,
  ): Promise<JointInitiative> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const initiative = await load(em, ctx, id, true);
      expectVersion(initiative, version);
      const before = trail.snapshot(initiative);
      await apply(em, initiative, input);
      initiative.updatedAt = new Date();
      await trail.record(em, viewer, initiative, {
        action: AuditAction.UPDATE,
        owner: leadsOf(initiative)[0] ?? null,
        before,
        announce: InitiativeChangeType.UPDATED,
      });
      return initiative;
    });
  },

  /**
   * Adds an actor. The lead's editors and coordinators may add anyone in any role; an editor of
   * actor A may add A itself as PARTNER or EXPERT. LEAD is granted only by the lead or a coordinator.
   */
  async addParticipant(
    ctx: RequestContext,
    initiativeId: string,
    actorId: string,
    role: ParticipantRole,
  ): Promise<JointInitiative> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const { initiative, owners } = await loadForParticipants(em, viewer, initiativeId);
      const actor = await em.findOne(Actor, { id: actorId });
      if (!actor) throw new NotFoundError('Actor', actorId);
      policy.requireParticipantAdder(viewer, leadsOf(initiative), actor.id, role === ParticipantRole.LEAD);
      if (owners.includes(actor.id)) throw new ValidationError('The actor already takes part', ['actorId']);
      em.create(InitiativeParticipant, { initiative, actor, role });
      initiative.updatedAt = new Date();
      await trail.record(em, viewer, initiative, {
        action: AuditAction.ADD_PARTICIPANT,
        owner: leadsOf(initiative)[0] ?? actor.id,
        changes: [{ field: 'participants', old: null, new: `${actor.id}:${role}` }],
        announce: InitiativeChangeType.PARTICIPANT_ADDED,
      });
      return initiative;
    });
  },

  /** Removes an actor: the lead's editors and coordinators, or an editor of that actor itself. The last LEAD stays. */
  async removeParticipant(
    ctx: RequestContext,
    initiativeId: string,
    actorId: string,
  ): Promise<JointInitiative> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const { initiative } = await loadForParticipants(em, viewer, initiativeId);
      const participant = initiative.participants.getItems().find((p) => p.actor.id === actorId);
      if (!participant) throw new NotFoundError('InitiativeParticipant', actorId);
      policy.requireParticipantRemover(viewer, leadsOf(initiative), actorId);
      if (participant.role === ParticipantRole.LEAD && leadsOf(initiative).length === 1) {
        throw new ValidationError('An initiative keeps at least one LEAD: add another lead first', [
          'actorId',
        ]);
      }
      const ownerActorId = leadsOf(initiative)[0] ?? null;
      initiative.participants.remove(participant);
      em.remove(participant);
      initiative.updatedAt = new Date();
      await trail.record(em, viewer, initiative, {
        action: AuditAction.REMOVE_PARTICIPANT,
        owner: ownerActorId,
        changes: [{ field: 'participants', old: `${actorId}:${participant.role}`, new: null }],
        announce: InitiativeChangeType.PARTICIPANT_REMOVED,
      });
      return initiative;
    });
  },
};
