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
 * Records an announcement inside the caller's transaction (`em` must be transactional): it is
 * delivered only after commit, and a rolled-back change announces nothing.
 */
export async function announce(
  em: EntityManager,
  topic: AnnouncementTopic,
  change: string,
  entityId: string,
): Promise<void> {
  if (mode.crossProcess) await em.execute('select pg_advisory_xact_lock(?)', [OUTBOX_LOCK]);
  const rows = await em.execute<{ id: string }[]>(
    'insert into announcement (topic, change, entity_id) values (?, ?, ?) returning id',
    [topic, change, entityId],
  );
  if (mode.crossProcess) await em.execute('select pg_notify(?, ?)', [NOTIFY_CHANNEL, String(rows[0].id)]);
}
