import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext } from '../../common/context';
import { ConflictError, NotFoundError, ValidationError } from '../../common/errors';
import { cleanText, diffSnapshots, expectVersion, mergeLocalized } from '../../common/mutation';
import { expectGlobalId, toGlobalId } from '../../common/node';
import { AuditAction, auditService, writeTrail } from '../audit';
import { policy } from '../auth';
import { requireRegionsByCode } from '../region';
import { Actor } from './actor.entity';
import { Contact, ContactRole } from './contact.entity';
import { CreateContactInput, internationalPhone, UpdateContactInput } from './contact.inputs';

const AUDITED = ['name', 'titleI18n', 'email', 'phone', 'role', 'regions'] as const;

const trail = writeTrail<Contact>('Contact', AUDITED, null);

async function apply(em: EntityManager, contact: Contact, input: UpdateContactInput): Promise<void> {
  if (input.name != null) contact.name = input.name.trim();
  contact.titleI18n = mergeLocalized(contact.titleI18n, input.title, 'input.title', false);
  if (input.email !== undefined) contact.email = cleanText(input.email);
  if (input.phone !== undefined) {
    const phone = cleanText(input.phone);
    contact.phone = phone ? internationalPhone(phone) : null;
  }
  if (input.role) contact.role = input.role;
  if (input.regionCodes)
    contact.regions.set(await requireRegionsByCode(em, input.regionCodes, 'input.regionCodes'));
  if (!contact.email && !contact.phone) {
    throw new ValidationError('A contact person needs an e-mail address or a phone number', [
      'input.email',
      'input.phone',
    ]);
  }
}

/**
 * A contact for a change. One that is gone but was deleted through the API (its DELETE is in the
 * audit log) is a CONFLICT: the client's version is stale, someone removed it meanwhile.
 */
async function loadForWrite(em: EntityManager, ctx: RequestContext, id: string): Promise<Contact> {
  const viewer = policy.requireStaff(ctx.viewer);
  const contact = await em.findOne(Contact, { id }, { populate: ['regions'] });
  if (!contact) {
    if (await auditService.wasDeleted(em, 'Contact', id))
      throw new ConflictError('The contact person was deleted by someone else');
    throw new NotFoundError('Contact', toGlobalId('Contact', id));
  }
  policy.requireContactEditor(viewer, contact.actor.id);
  return contact;
}

/** Writes to contact persons: editors of the actor, or coordinators; each audited. */
export const contactCommands = {
  async create(ctx: RequestContext, input: CreateContactInput): Promise<Contact> {
    const viewer = policy.requireStaff(ctx.viewer);
    const actorId = expectGlobalId(input.actorId, 'Actor', 'input.actorId');
    return ctx.em.transactional(async (em) => {
      const actor = await em.findOne(Actor, { id: actorId });
      if (!actor) throw new NotFoundError('Actor', input.actorId);
      policy.requireContactEditor(viewer, actor.id);
      const contact = em.create(Contact, {
        actor,
        name: input.name.trim(),
        role: input.role ?? ContactRole.GENERAL,
      });
      await apply(em, contact, { ...input, name: undefined });
      await trail.record(em, viewer, contact, {
        action: AuditAction.CREATE,
        owner: actor.id,
        before: {},
      });
      return contact;
    });
  },

  async update(
    ctx: RequestContext,
    id: string,
    version: number,
    input: UpdateContactInput,
  ): Promise<Contact> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const contact = await loadForWrite(em, ctx, id);
      expectVersion(contact, version);
      const before = trail.snapshot(contact);
      await apply(em, contact, input);
      contact.updatedAt = new Date();
      await trail.record(em, viewer, contact, {
        action: AuditAction.UPDATE,
        owner: contact.actor.id,
        before,
      });
      return contact;
    });
  },

  /** Deletes a contact; offerings naming it keep no contact. Returns its global id. */
  async delete(ctx: RequestContext, id: string, version: number): Promise<string> {
    const viewer = policy.requireStaff(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const contact = await loadForWrite(em, ctx, id);
      expectVersion(contact, version);
      await trail.record(em, viewer, contact, {
        action: AuditAction.DELETE,
        owner: contact.actor.id,
        changes: diffSnapshots(trail.snapshot(contact), {}),
      });
      em.remove(contact);
      await em.flush();
      return toGlobalId('Contact', id);
    });
  },
};
