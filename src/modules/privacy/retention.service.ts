import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../common/errors';
import type { Config } from '../../config';
import { erasureService } from './erasure.service';
import { personalChangeSql } from './personal-data';

/** How long personal data is kept (days): AUDIT_RETENTION_DAYS, AUDIT_PERSONAL_DATA_DAYS, STAFF_RETENTION_DAYS. */
export interface RetentionSettings {
  /** Audit entries older than this are deleted. */
  auditRetentionDays: number;
  /** Personal values in the changes of audit entries older than this are blanked. */
  auditPersonalDataDays: number;
  /** Staff members not seen for this long are erased, as if on request. */
  staffRetentionDays: number;
}

/** The retention periods of the configuration. */
export function retentionSettings(
  config: Pick<Config, 'AUDIT_RETENTION_DAYS' | 'AUDIT_PERSONAL_DATA_DAYS' | 'STAFF_RETENTION_DAYS'>,
): RetentionSettings {
  return {
    auditRetentionDays: config.AUDIT_RETENTION_DAYS,
    auditPersonalDataDays: config.AUDIT_PERSONAL_DATA_DAYS,
    staffRetentionDays: config.STAFF_RETENTION_DAYS,
  };
}

export interface RetentionResult {
  auditEntriesRemoved: number;
  auditEntriesBlanked: number;
  staffErased: number;
}

/** PostgreSQL's form of an e-mail address, for addresses in free text of old audit changes. */
const EMAIL_SQL = `[[:alnum:]._%+-]+@[[:alnum:]-]+(\\.[[:alnum:]-]+)*\\.[[:alpha:]]{2,}`;

/**
 * Applies the retention periods once. Every statement is idempotent and safe to run from several
 * instances at once (the hub's daily job runs on each): a second run finds nothing to do, and two
 * erasures of one staff member serialise on its row (the second finds it erased and skips it).
 */
export async function applyRetention(
  em: EntityManager,
  settings: RetentionSettings,
  now: Date = new Date(),
): Promise<RetentionResult> {
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const retentionCutoff = before(settings.auditRetentionDays);
  const personalCutoff = before(settings.auditPersonalDataDays);
  const personal = personalChangeSql('c', 'a.entity_type');
  // What there is to do, read first: a writing statement, even of no rows, counts as a change of
  // the content (its trigger), which would empty every instance's response cache once a day.
  const [todo] = await em.execute<{ expired: boolean; personal: boolean; emails: boolean }[]>(
    `select exists (select 1 from audit_entry where created_at < ?) as expired,
            exists (select 1 from audit_entry a where a.created_at < ?
                      and exists (select 1 from jsonb_array_elements(a.changes) as y(c) where ${personal})) as personal,
            exists (select 1 from audit_entry where created_at < ? and changes::text ~ ?) as emails`,
    [retentionCutoff, personalCutoff, personalCutoff, EMAIL_SQL],
  );
  const removed = todo.expired
    ? await em.execute<{ n: number }[]>(
        'with d as (delete from audit_entry where created_at < ? returning 1) select count(*)::int as n from d',
        [retentionCutoff],
      )
    : [];
  // Personal fields (e-mail, phone; a contact's or staff member's name) lose their values, and
  // e-mail addresses inside any other text are masked.
  const blanked = !todo.personal
    ? []
    : await em.execute<{ id: string }[]>(
        `update audit_entry a
        set changes = (
          select coalesce(jsonb_agg(
                   case when ${personal}
                        then jsonb_build_object('field', c->'field', 'old', null, 'new', null, 'redacted', true)
                        else c end
                   order by ord), '[]'::jsonb)
            from jsonb_array_elements(a.changes) with ordinality as x(c, ord))
      where a.created_at < ?
        and exists (select 1 from jsonb_array_elements(a.changes) as y(c) where ${personal})
      returning a.id`,
        [personalCutoff],
      );
  const masked = !todo.emails
    ? []
    : await em.execute<{ id: string }[]>(
        `update audit_entry set changes = regexp_replace(changes::text, ?, '[erased]', 'g')::jsonb
      where created_at < ? and changes::text ~ ? returning id`,
        [EMAIL_SQL, personalCutoff, EMAIL_SQL],
      );
  const stale = await em.execute<{ id: string }[]>(
    'select id from staff_member where erased_at is null and coalesce(last_seen_at, updated_at) < ?',
    [before(settings.staffRetentionDays)],
  );
  let staffErased = 0;
  for (const { id } of stale) {
    try {
      await erasureService.eraseAsOperator(em.fork(), { type: 'StaffMember', id }, 'RETENTION');
      staffErased++;
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e; // erased meanwhile by another instance
    }
  }
  return {
    auditEntriesRemoved: removed[0]?.n ?? 0,
    auditEntriesBlanked: new Set([...blanked, ...masked].map((r) => r.id)).size,
    staffErased,
  };
}
