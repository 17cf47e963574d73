import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Erasures reach every instance's in-memory copies of personal data (the staff identity cache,
 * the response cache, live subscriptions of an erased staff member): in this process at once,
 * after the commit; in other processes by PostgreSQL NOTIFY on this channel, which is delivered
 * only when the erasing transaction commits. Payload: `<type>:<uuid>` (no personal data).
 */
export const ERASURE_CHANNEL = 'vaatu_erasures';

export interface ErasureNotice {
  type: 'StaffMember' | 'Contact';
  id: string;
}

/** Called with the erased record, or null when erasures may have been missed (a lost listener). */
export type ErasureListener = (notice: ErasureNotice | null) => void;

const listeners = new Set<ErasureListener>();
const mode = { crossProcess: true };

/** NOTIFY other processes (PostgreSQL server), or not (the embedded database: one process). */
export function configureErasureBroadcast(options: { crossProcess: boolean }): void {
  mode.crossProcess = options.crossProcess;
}

/** Registers a listener in this process; returns its removal. */
export function onErasure(listener: ErasureListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells this process's listeners (after the commit). */
export function notifyErasureHere(notice: ErasureNotice | null): void {
  for (const listener of listeners) listener(notice);
}

/** Tells the other processes, from inside the erasing transaction (sent on commit). */
export async function broadcastErasure(em: EntityManager, notice: ErasureNotice): Promise<void> {
  if (!mode.crossProcess) return;
  await em.execute('select pg_notify(?, ?)', [ERASURE_CHANNEL, `${notice.type}:${notice.id}`]);
}

/** A NOTIFY payload back as a notice (null when it is not one). */
export function parseErasureNotice(payload: string | undefined): ErasureNotice | null {
  const match = /^(StaffMember|Contact):([0-9a-f-]{36})$/i.exec(payload ?? '');
  return match ? { type: match[1] as ErasureNotice['type'], id: match[2] } : null;
}
