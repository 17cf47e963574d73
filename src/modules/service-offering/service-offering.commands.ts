import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext } from '../../common/context';
import { requireDateOrder, toIsoDate } from '../../common/dates';
import { PublicationStatus } from '../../common/enums';
import { NotFoundError, ValidationError } from '../../common/errors';
import { expectVersion, mergeLocalized } from '../../common/mutation';
import { expectGlobalId } from '../../common/node';
import { webUrl } from '../../common/urls';
import { Actor, Contact } from '../actor';
import { AuditAction, writeTrail } from '../audit';
import { policy } from '../auth';
import { requireRegionsByCode } from '../region';
import { requireTerms } from '../taxonomy';
import { ServiceOffering } from './service-offering.entity';
import { CreateServiceOfferingInput, UpdateServiceOfferingInput } from './service-offering.inputs';
import { AnnouncementTopic, ServiceOfferingChangeType } from '../outbox';

const AUDITED = [
  'titleI18n',
  'descriptionI18n',
  'categories',
  'ageGroups',
  'supportNeeds',
  'regions',
  'languages',
  'deliveryModes',
  'cost',
  'referralRequired',
  'status',
  'validFrom',
  'validUntil',
  'contact',
  'url',
  'howToApplyI18n',
] as const;

const trail = writeTrail<ServiceOffering>(
  'ServiceOffering',
  AUDITED,
  AnnouncementTopic.SERVICE_OFFERING_CHANGED,
);

/** Applies the given fields of a create or update input; validates codes and the contact. */
async function apply(
  em: EntityManager,
  offering: ServiceOffering,
  input: UpdateServiceOfferingInput,
  actorId: string,
): Promise<void> {
  const title = mergeLocalized(offering.titleI18n, input.title, 'input.title', true);
  if (title) offering.titleI18n = title;
  offering.descriptionI18n = mergeLocalized(
    offering.descriptionI18n,
    input.description,
    'input.description',
    false,
  );
  if (input.categoryCodes)
    offering.categories.set(await requireTerms.categories(em, input.categoryCodes, 'input.categoryCodes'));
  if (input.supportNeedCodes) {
    offering.supportNeeds.set(
      await requireTerms.supportNeeds(em, input.supportNeedCodes, 'input.supportNeedCodes'),
    );
  }
  if (input.regionCodes)
    offering.regions.set(await requireRegionsByCode(em, input.regionCodes, 'input.regionCodes'));
  if (input.ageGroups) offering.ageGroups = [...new Set(input.ageGroups)];
  if (input.languages) offering.languages = [...new Set(input.languages)];
  if (input.deliveryModes) offering.deliveryModes = [...new Set(input.deliveryModes)];
  if (input.cost) offering.cost = input.cost;
  if (input.referralRequired != null) offering.referralRequired = input.referralRequired;
  if (input.validFrom !== undefined) offering.validFrom = toIsoDate(input.validFrom);
  if (input.validUntil !== undefined) offering.validUntil = toIsoDate(input.validUntil);
  requireDateOrder(offering.validFrom, offering.validUntil, 'input.validUntil');
  if (input.url !== undefined) offering.url = webUrl(input.url, 'input.url');
  offering.howToApplyI18n = mergeLocalized(
    offering.howToApplyI18n,
    input.howToApply,
    'input.howToApply',
    false,
  );
  if (input.contactId !== undefined) {
    if (input.contactId === null) {
      offering.contact = null;
    } else {
      const contactId = expectGlobalId(input.contactId, 'Contact', 'input.contactId');
      const contact = await em.findOne(Contact, { id: contactId, actor: actorId });
      if (!contact)
        throw new ValidationError('The contact must be a contact person of the same actor', [
          'input.contactId',
        ]);
      offering.contact = em.getReference(Contact, contact.id, { wrapped: true });
    }
  }
}

async function loadForWrite(em: EntityManager, ctx: RequestContext, id: string): Promise<ServiceOffering> {
  const offering = await em.findOne(
    ServiceOffering,
    { id },
    { populate: ['categories', 'supportNeeds', 'regions'] },
  );
  return policy.requireWritable(ctx.viewer, 'ServiceOffering', id, offering, (o) => ({
    status: o.status,
    owners: [o.actor.id],
  }));
}

/** Writes to service offerings: each one transaction with its audit entry (and announcement). */
export const serviceOfferingCommands = {
  async create(ctx: RequestContext, input: CreateServiceOfferingInput): Promise<ServiceOffering> {
    const viewer = policy.requireStaff(ctx.viewer);
    const actorId = expectGlobalId(input.actorId, 'Actor', 'input.actorId');
    return ctx.em.transactional(async (em) => {
      const actor = await em.findOne(Actor, { id: actorId });
      if (!actor) throw new NotFoundError('Actor', input.actorId);
      policy.requireEditorOf(viewer, actor.id);
      const offering = em.create(ServiceOffering, {
        actor,
        titleI18n: mergeLocalized(null, input.title, 'input.title', true)!,
        status: PublicationStatus.DRAFT,
      });
      await apply(em, offering, { ...input, title: undefined }, actor.id);
      await trail.record(em, viewer, offering, {
        action: AuditAction.CREATE,
        owner: actor.id,
        before: {},
        announce: ServiceOfferingChangeType.CREATED,
      });
      return offering;
    });
  },

  async update(
    ctx: RequestContext,
    id: string,
    version: number,
    input: UpdateServiceOfferingInput,
  ): Promise<ServiceOffering> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const offering = await loadForWrite(em, ctx, id);
      expectVersion(offering, version);
      const before = trail.snapshot(offering);
      await apply(em, offering, input, offering.actor.id);
      offering.updatedAt = new Date();
      await trail.record(em, viewer, offering, {
        action: AuditAction.UPDATE,
        owner: offering.actor.id,
        before,
        announce: ServiceOfferingChangeType.UPDATED,
      });
      return offering;
    });
  },

  /** Moves an offering to PUBLISHED or ARCHIVED. */
  async setStatus(
    ctx: RequestContext,
    id: string,
    version: number,
    status: PublicationStatus,
  ): Promise<ServiceOffering> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const offering = await loadForWrite(em, ctx, id);
      expectVersion(offering, version);
      if (offering.status === status) throw new ValidationError(`The offering is already ${status}`, ['id']);
      const before = offering.status;
      offering.status = status;
      offering.updatedAt = new Date();
      await trail.record(em, viewer, offering, {
        action: status === PublicationStatus.PUBLISHED ? AuditAction.PUBLISH : AuditAction.ARCHIVE,
        owner: offering.actor.id,
        changes: [{ field: 'status', old: before, new: status }],
        announce:
          status === PublicationStatus.PUBLISHED
            ? ServiceOfferingChangeType.PUBLISHED
            : ServiceOfferingChangeType.ARCHIVED,
      });
      return offering;
    });
  },
};
