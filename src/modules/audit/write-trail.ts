import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../common/context';
import { diffSnapshots, FieldChange, snapshot } from '../../common/mutation';
import { AnnouncementTopic, announce } from '../outbox';
import { AuditAction } from './audit-entry.entity';
import { auditService } from './audit.service';

/** What one write leaves behind besides the row itself. */
export interface WriteRecord {
  action: AuditAction;
  /** The actor whose editors may read the entry; null for none. */
  owner: string | null;
  /**
   * The audited properties before the write (`{}` for a new row). The changes are then those
   * between it and the entity now; give `changes` instead for a change that is not a property.
   */
  before?: ReturnType<typeof snapshot>;
  changes?: FieldChange[];
  /** The change to announce to subscribers of the topic; absent or null announces nothing. */
  announce?: string | null;
}

/**
 * The tail of every write to one kind of entity, in the write's transaction: the audit entry, then
 * the announcement. Both are written in that order in one place, so a write cannot audit without
 * announcing by mistake, and the announcement (which takes the outbox lock and flushes) stays the
 * transaction's last statement.
 */
export interface WriteTrail<T extends { id: string }> {
  /** Records the write of `entity` (audit entry, then announcement); returns the changes recorded. */
  record(em: EntityManager, viewer: Viewer | null, entity: T, write: WriteRecord): Promise<FieldChange[]>;
  /** The audited properties of `entity` now, to pass later as `before`. */
  snapshot(entity: T): ReturnType<typeof snapshot>;
}

/**
 * The write trail of an entity type: its name in the audit log, the properties audited and the
 * topic its changes are announced on (none for entities nobody subscribes to).
 */
export function writeTrail<T extends { id: string }>(
  entityType: string,
  audited: readonly (keyof T & string)[],
  topic: AnnouncementTopic | null,
): WriteTrail<T> {
  return {
    snapshot: (entity) => snapshot(entity, audited),
    async record(em, viewer, entity, write) {
      const changes = write.changes ?? diffSnapshots(write.before ?? {}, snapshot(entity, audited));
      auditService.record(em, viewer, {
        entityType,
        entityId: entity.id,
        action: write.action,
        ownerActorId: write.owner,
        changes,
      });
      if (write.announce != null) {
        if (!topic) throw new Error(`${entityType} changes have no announcement topic`);
        await announce(em, topic, write.announce, entity.id);
      }
      return changes;
    },
  };
}
