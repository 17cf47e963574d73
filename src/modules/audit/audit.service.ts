import type { EntityManager } from '@mikro-orm/postgresql';
import { isCoordinator, RequestContext, Viewer } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { ForbiddenError } from '../../common/errors';
import { paginate } from '../../common/list-query';
import { FieldChange } from '../../common/mutation';
import { expectGlobalId, fromGlobalId } from '../../common/node';
import { Page, pageSize } from '../../common/pagination';
import { policy } from '../auth/policy';
import { AuditAction, AuditEntry } from './audit-entry.entity';
import { AuditLogFilter } from './audit.inputs';

export interface AuditRecord {
  entityType: string;
  entityId: string;
  action: AuditAction;
  ownerActorId: string | null;
  changes: FieldChange[];
}

/** The audit log: written inside each mutation's transaction, read by coordinators and editors. */
export const auditService = {
  /** Adds an entry to the unit of work `em` (flushed with the mutation, in its transaction). */
  record(em: EntityManager, viewer: Viewer, record: AuditRecord): AuditEntry {
    return em.create(AuditEntry, {
      staff: viewer.staffId,
      staffActor: viewer.actorId,
      ownerActor: record.ownerActorId,
      entityType: record.entityType,
      entityId: record.entityId,
      action: record.action,
      changes: record.changes,
    });
  },

  /**
   * Adds an entry for a change an import made (no staff member: the import ran it), with action
   * IMPORT, to the unit of work `em` (flushed in the import's transaction).
   */
  recordImport(em: EntityManager, record: Omit<AuditRecord, 'action'>): AuditEntry {
    return em.create(AuditEntry, {
      staff: null,
      staffActor: null,
      ownerActor: record.ownerActorId,
      entityType: record.entityType,
      entityId: record.entityId,
      action: AuditAction.IMPORT,
      changes: record.changes,
    });
  },

  /** Whether a record of `entityType` was deleted through the API (its DELETE entry exists). */
  async wasDeleted(em: EntityManager, entityType: string, entityId: string): Promise<boolean> {
    return (await em.count(AuditEntry, { entityType, entityId, action: AuditAction.DELETE })) > 0;
  },

  /** Coordinators see every entry; editors the entries about their own actor's records or made by its staff. */
  list(
    ctx: RequestContext,
    args: { filter?: AuditLogFilter | null; first?: number | null; after?: string | null },
  ): Promise<Page<AuditEntry>> {
    const viewer = policy.requireStaff(ctx.viewer);
    const qb = ctx.em.createQueryBuilder(AuditEntry, 'e');
    if (!isCoordinator(viewer)) {
      if (!viewer.actorId || !policy.canEditActor(viewer, viewer.actorId)) {
        throw new ForbiddenError('The audit log is for coordinators and editors');
      }
      qb.andWhere('(e.owner_actor_id = ? or e.staff_actor_id = ?)', [viewer.actorId, viewer.actorId]);
    }
    const f = args.filter ?? {};
    if (f.entityTypes?.length) qb.andWhere({ entityType: { $in: f.entityTypes } });
    if (f.entityId) {
      const parsed = fromGlobalId(f.entityId);
      qb.andWhere({ entityId: parsed?.id ?? '00000000-0000-0000-0000-000000000000' });
    }
    if (f.actions?.length) qb.andWhere({ action: { $in: f.actions } });
    if (f.actorId) qb.andWhere({ ownerActor: expectGlobalId(f.actorId, 'Actor', 'filter.actorId') });
    if (f.staffId) qb.andWhere({ staff: expectGlobalId(f.staffId, 'StaffMember', 'filter.staffId') });
    if (f.from) qb.andWhere({ createdAt: { $gte: f.from } });
    if (f.to) qb.andWhere({ createdAt: { $lte: f.to } });
    return paginate(
      qb,
      { prop: 'createdAt', column: 'created_at', direction: OrderDirection.DESC },
      pageSize(args.first),
      args.after,
    );
  },
};
