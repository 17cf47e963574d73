import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext, Viewer } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { paginate, selection } from '../../common/list-query';
import { sql } from '../../common/sql';
import { FieldChange } from '../../common/mutation';
import { expectGlobalId, fromGlobalId } from '../../common/node';
import { Page, pageSize } from '../../common/pagination';
import { policy } from '../auth';
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
  /**
   * Adds an entry to the unit of work `em` (flushed with the mutation, in its transaction).
   * @param viewer who did it; null for an operator's command (e.g. `npm run erase`)
   */
  record(em: EntityManager, viewer: Viewer | null, record: AuditRecord): AuditEntry {
    return em.create(AuditEntry, {
      staff: viewer?.staffId ?? null,
      staffActor: viewer?.actorId ?? null,
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
    const own = policy.auditLogScope(ctx.viewer);
    const f = args.filter ?? {};
    const rows = selection(
      AuditEntry,
      own === null ? null : sql`(e.owner_actor_id = ${own} or e.staff_actor_id = ${own})`,
      f.entityTypes?.length ? sql`e.entity_type in (${f.entityTypes})` : null,
      f.entityId
        ? sql`e.entity_id = ${fromGlobalId(f.entityId)?.id ?? '00000000-0000-0000-0000-000000000000'}`
        : null,
      f.actions?.length ? sql`e.action in (${f.actions})` : null,
      f.actorId ? sql`e.owner_actor_id = ${expectGlobalId(f.actorId, 'Actor', 'filter.actorId')}` : null,
      f.staffId ? sql`e.staff_id = ${expectGlobalId(f.staffId, 'StaffMember', 'filter.staffId')}` : null,
      f.from ? sql`e.created_at >= ${f.from}` : null,
      f.to ? sql`e.created_at <= ${f.to}` : null,
    );
    return paginate(
      ctx.em,
      rows,
      { prop: 'createdAt', column: 'created_at', direction: OrderDirection.DESC },
      pageSize(args.first),
      args.after,
    );
  },
};
