import type { EntityManager } from '@mikro-orm/postgresql';
import { AnnouncementTopic } from './announcement.entity';

/** The LISTEN/NOTIFY channel; payloads carry only the announcement id (far below 8000 bytes). */
export const NOTIFY_CHANNEL = 'vaatu_announcements';

/** Advisory lock key that serialises outbox writers, so ids grow in commit order. */
const OUTBOX_LOCK = 7_344_201;

const mode = { crossProcess: true };

/**
 * Cross-process fan-out (advisory lock + NOTIFY) on a PostgreSQL server; off on the embedded
 * database, which is single-process and has neither.
 */
export function configureOutbox(options: { crossProcess: boolean }): void {
  mode.crossProcess = options.crossProcess;
}

/**
 * Records an announcement inside the caller's transaction (`em` must be transactional), as its
 * last write: it is delivered only after commit, and a rolled-back change announces nothing. The
 * caller's pending changes are flushed first, so that the outbox lock, which every announcing
 * transaction waits for, is held only from this one statement to the commit.
 */
export async function announce(
  em: EntityManager,
  topic: AnnouncementTopic,
  change: string,
  entityId: string,
): Promise<void> {
  await em.flush();
  if (!mode.crossProcess) {
    await em.execute('insert into announcement (topic, change, entity_id) values (?, ?, ?)', [
      topic,
      change,
      entityId,
    ]);
    return;
  }
  // The lock is taken before the row (and its id) is made: ids grow in commit order.
  await em.execute(
    `with locked as (select pg_advisory_xact_lock(?)),
      added as (insert into announcement (topic, change, entity_id)
        select ?::text, ?::text, ?::uuid from locked returning id)
     select pg_notify(?, id::text) from added`,
    [OUTBOX_LOCK, topic, change, entityId, NOTIFY_CHANNEL],
  );
}
