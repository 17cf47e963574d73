import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext, Viewer } from '../../common/context';
import { NotFoundError, ValidationError } from '../../common/errors';
import type { FieldChange } from '../../common/mutation';
import { toGlobalId } from '../../common/node';
import { Contact } from '../actor';
import { AuditAction, auditService } from '../audit';
import { policy } from '../auth';
import { StaffMember } from '../staff';
import { broadcastErasure, ErasureNotice, notifyErasureHere } from './erasure-events';
import {
  blankAllChanges,
  ERASED,
  identifiersInChanges,
  PersonIdentifiers,
  PersonMatcher,
} from './personal-data';

/** Why a person's data was erased: on request (GraphQL, `npm run erase`), or at the end of retention. */
export type ErasureReason = 'REQUEST' | 'RETENTION';

/** How much of the database an erasure changed besides the person's own record. */
export interface ErasureSummary {
  /** Audit entries whose changes named the person (or were about them). */
  auditEntries: number;
  /** Other rows whose text named the person (an e-mail address in a description, say). */
  otherRecords: number;
  /** The same person's other contact entries (the same e-mail address), erased too. */
  contacts: number;
}

interface TextColumn {
  column: string;
  /** `text` (also varchar), `array` (text[]), `json` or `jsonb`. */
  kind: 'text' | 'array' | 'json' | 'jsonb';
}

/** Every column of every table that can hold text, found in the catalogue (so new tables count too). */
async function textColumns(em: EntityManager): Promise<Map<string, TextColumn[]>> {
  const rows = await em.execute<{ table_name: string; column_name: string; data_type: string }[]>(
    `select c.table_name, c.column_name, c.data_type
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        and c.is_generated = 'NEVER' and c.table_name not like 'mikro_orm%'
        and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
             or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar', '_bpchar')))
      order by c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, TextColumn[]>();
  for (const r of rows) {
    const kind =
      r.data_type === 'ARRAY'
        ? 'array'
        : r.data_type === 'json' || r.data_type === 'jsonb'
          ? r.data_type
          : 'text';
    const columns = tables.get(r.table_name) ?? [];
    columns.push({ column: r.column_name, kind });
    tables.set(r.table_name, columns);
  }
  return tables;
}

/**
 * Tables of persons: another row there is scrubbed only when it holds the erased person's e-mail
 * address or phone number (then it is theirs), not for a name alone, which may be a namesake's.
 */
const PERSON_TABLES = new Set(['contact', 'staff_member']);

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/**
 * Removes the person's identifiers from every text column of every table (rows locked and
 * rewritten in the caller's transaction). Audit changes get the audit rules (personal fields equal
 * to an identifier are blanked), everything else has the identifiers replaced by `[erased]`.
 */
async function scrubEverywhere(em: EntityManager, matcher: PersonMatcher): Promise<ErasureSummary> {
  const summary: ErasureSummary = { auditEntries: 0, otherRecords: 0, contacts: 0 };
  // Whole JSON strings equal to an identifier (one-word names too) in audit changes.
  const exact = [...matcher.ids.names, ...matcher.ids.emails, ...matcher.ids.phones]
    .filter((v) => v.trim())
    .map((v) => `%${likeEscape(JSON.stringify(v.trim()))}%`);
  for (const [table, columns] of await textColumns(em)) {
    const isAudit = table === 'audit_entry';
    const ofPersons = PERSON_TABLES.has(table);
    const prefilter = ofPersons ? matcher.sqlStrongPrefilter : matcher.sqlPrefilter;
    const conditions: string[] = [];
    const params: unknown[] = [];
    for (const c of columns) {
      if (prefilter) {
        conditions.push(`${quote(c.column)}::text ~* ?`);
        params.push(prefilter);
      }
      if (isAudit && c.column === 'changes' && exact.length) {
        conditions.push(`${quote(c.column)}::text ilike any (array[?]::text[])`);
        params.push(exact);
      }
    }
    if (conditions.length === 0) continue;
    const selected = columns.map((c) => quote(c.column)).join(', ');
    const rows = await em.execute<Record<string, unknown>[]>(
      `select ctid::text as "__ctid"${isAudit ? ', entity_type as "__type"' : ''}, ${selected}
         from ${quote(table)} where ${conditions.join(' or ')} for update`,
      params,
    );
    for (const row of rows) {
      if (ofPersons && !columns.some((c) => matcher.identifies(row[c.column]))) continue;
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const c of columns) {
        const before = row[c.column];
        if (before == null) continue;
        const after =
          isAudit && c.column === 'changes'
            ? matcher.scrubChanges(String(row.__type), before as FieldChange[])
            : matcher.scrubValue(before);
        if (JSON.stringify(after) === JSON.stringify(before)) continue;
        if (c.kind === 'array') {
          sets.push(`${quote(c.column)} = array[?]::text[]`);
          values.push(after);
        } else if (c.kind === 'json' || c.kind === 'jsonb') {
          sets.push(`${quote(c.column)} = ?::${c.kind}`);
          values.push(JSON.stringify(after));
        } else {
          sets.push(`${quote(c.column)} = ?`);
          values.push(after);
        }
      }
      if (sets.length === 0) continue;
      await em.execute(`update ${quote(table)} set ${sets.join(', ')} where ctid = ?::tid`, [
        ...values,
        row.__ctid,
      ]);
      if (isAudit) summary.auditEntries++;
      else summary.otherRecords++;
    }
  }
  return summary;
}

/** Blanks the audit entries about the person's own record; returns the identifiers they held. */
async function blankEntriesAbout(
  em: EntityManager,
  type: ErasureNotice['type'],
  id: string,
): Promise<{ ids: PersonIdentifiers; count: number }> {
  const entries = await em.execute<{ id: string; changes: FieldChange[] }[]>(
    'select id, changes from audit_entry where entity_type = ? and entity_id = ? for update',
    [type, id],
  );
  const ids: PersonIdentifiers = { names: [], emails: [], phones: [] };
  for (const entry of entries) {
    const found = identifiersInChanges(type, entry.changes);
    ids.names.push(...found.names);
    ids.emails.push(...found.emails);
    ids.phones.push(...found.phones);
    await em.execute('update audit_entry set changes = ?::jsonb where id = ?', [
      JSON.stringify(blankAllChanges(entry.changes)),
      entry.id,
    ]);
  }
  return { ids, count: entries.length };
}

/**
 * The other contact entries of the same person (the same e-mail address: a contact person of
 * several actors, or a staff member who is also a contact): blanked and deleted like the erased one.
 * Returns their identifiers and how many there were.
 */
async function eraseContactsByEmail(
  em: EntityManager,
  emails: string[],
  exceptId: string | null,
): Promise<{ ids: PersonIdentifiers; count: number }> {
  let ids: PersonIdentifiers = { names: [], emails: [], phones: [] };
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (wanted.length === 0) return { ids, count: 0 };
  const contacts = await em.find(
    Contact,
    {
      $or: wanted.map((e) => ({ email: { $ilike: likeEscape(e) } })),
      ...(exceptId ? { id: { $ne: exceptId } } : {}),
    },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  for (const contact of contacts) {
    ids = merge(ids, {
      names: [contact.name],
      emails: contact.email ? [contact.email] : [],
      phones: contact.phone ? [contact.phone] : [],
    });
    ids = merge(ids, (await blankEntriesAbout(em, 'Contact', contact.id)).ids);
    em.remove(contact);
  }
  await em.flush();
  return { ids, count: contacts.length };
}

function merge(a: PersonIdentifiers, b: PersonIdentifiers): PersonIdentifiers {
  return {
    names: [...a.names, ...b.names],
    emails: [...a.emails, ...b.emails],
    phones: [...a.phones, ...b.phones],
  };
}

/** The erasure's own audit entry: which fields were erased and how much else changed, no values. */
function recordErasure(
  em: EntityManager,
  eraser: Viewer | null,
  reason: ErasureReason,
  notice: ErasureNotice,
  ownerActorId: string | null,
  fields: string[],
  summary: ErasureSummary,
): void {
  auditService.record(em, eraser, {
    entityType: notice.type,
    entityId: notice.id,
    action: AuditAction.ERASE,
    ownerActorId,
    changes: [
      ...fields.map((field) => ({ field, old: null, new: null, redacted: true })),
      { field: 'reason', old: null, new: reason },
      { field: 'scrubbed', old: null, new: { ...summary } },
    ],
  });
}

/** What an erasure needs to know of the person's own record. */
interface ErasureTarget {
  notice: ErasureNotice;
  /** Their identifiers as the record holds them. */
  ids: PersonIdentifiers;
  ownerActorId: string | null;
  /** The fields erased, for the audit entry. */
  fields: string[];
  /** Erases the record itself (flushed by the caller). */
  erase(): void;
}

/**
 * The steps every erasure takes, in one transaction: blank the audit entries about the record,
 * erase the same person's other contact entries, erase the record, remove the identifiers from
 * everything else, audit the erasure, and tell the other instances (on commit).
 */
async function erasePerson(
  em: EntityManager,
  eraser: Viewer | null,
  reason: ErasureReason,
  target: ErasureTarget,
): Promise<void> {
  const { notice } = target;
  const about = await blankEntriesAbout(em, notice.type, notice.id);
  let ids = merge(target.ids, about.ids);
  const linked = await eraseContactsByEmail(em, ids.emails, notice.type === 'Contact' ? notice.id : null);
  ids = merge(ids, linked.ids);
  target.erase();
  await em.flush();
  const summary = await scrubEverywhere(em, new PersonMatcher(ids));
  summary.auditEntries += about.count;
  summary.contacts = linked.count;
  recordErasure(em, eraser, reason, notice, target.ownerActorId, target.fields, summary);
  await em.flush();
  await broadcastErasure(em, notice);
}

async function eraseStaff(
  em: EntityManager,
  eraser: Viewer | null,
  reason: ErasureReason,
  id: string,
): Promise<void> {
  const [staff] = await em.find(StaffMember, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const globalId = toGlobalId('StaffMember', id);
  if (!staff) throw new NotFoundError('StaffMember', globalId);
  if (staff.erasedAt)
    throw new NotFoundError('StaffMember', globalId, `StaffMember already erased: ${globalId}`);
  // A subject may be an e-mail address (some issuers use one as `sub`).
  const sub = staff.subject.slice(staff.subject.indexOf('|') + 1);
  await erasePerson(em, eraser, reason, {
    notice: { type: 'StaffMember', id },
    ids: {
      names: [staff.name],
      emails: [staff.email ?? '', sub.includes('@') ? sub : ''].filter(Boolean),
      phones: [],
    },
    ownerActorId: staff.actor?.id ?? null,
    fields: ['name', 'email', 'subject', 'actor', 'roles'],
    erase() {
      staff.subject = `erased:${staff.id}`;
      staff.name = ERASED;
      staff.email = null;
      staff.actor = null;
      staff.roles = [];
      staff.lastSeenAt = null;
      staff.erasedAt = new Date();
    },
  });
}

async function eraseContactRecord(
  em: EntityManager,
  eraser: Viewer | null,
  reason: ErasureReason,
  id: string,
): Promise<void> {
  const [contact] = await em.find(Contact, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!contact) throw new NotFoundError('Contact', toGlobalId('Contact', id));
  await erasePerson(em, eraser, reason, {
    notice: { type: 'Contact', id },
    ids: {
      names: [contact.name],
      emails: contact.email ? [contact.email] : [],
      phones: contact.phone ? [contact.phone] : [],
    },
    ownerActorId: contact.actor.id,
    fields: ['name', 'title', 'email', 'phone'],
    erase: () => em.remove(contact),
  });
}

async function run(
  em: EntityManager,
  eraser: Viewer | null,
  notice: ErasureNotice,
  reason: ErasureReason = 'REQUEST',
): Promise<ErasureNotice> {
  await em.transactional((tx) =>
    notice.type === 'StaffMember'
      ? eraseStaff(tx, eraser, reason, notice.id)
      : eraseContactRecord(tx, eraser, reason, notice.id),
  );
  notifyErasureHere(notice);
  return notice;
}

/**
 * Erasure of a person's data (GDPR art. 17): their record, and their name, e-mail address and
 * phone number wherever else they occur — audit changes, any text of any table. A staff member's
 * row stays as a placeholder ("[erased]", `erasedAt` set, a new subject), so that audit entries and
 * service needs still point somewhere and who-did-what stays countable; a contact's row is deleted.
 * The erasure is audited (ERASE) without the erased values. One transaction; caches of every
 * instance are told after the commit (`erasure-events.ts`).
 */
export const erasureService = {
  /** `eraseStaffMember`: coordinators only. */
  eraseStaffMember(ctx: RequestContext, id: string): Promise<ErasureNotice> {
    const viewer = policy.requireEraser(ctx.viewer);
    return run(ctx.em, viewer, { type: 'StaffMember', id });
  },

  /** `eraseContact`: coordinators only. */
  eraseContact(ctx: RequestContext, id: string): Promise<ErasureNotice> {
    const viewer = policy.requireEraser(ctx.viewer);
    return run(ctx.em, viewer, { type: 'Contact', id });
  },

  /** An operator's erasure (`npm run erase`, the retention job): audited without a staff member. */
  eraseAsOperator(
    em: EntityManager,
    notice: ErasureNotice,
    reason: ErasureReason = 'REQUEST',
  ): Promise<ErasureNotice> {
    return run(em, null, notice, reason);
  },

  /**
   * The staff member with this token subject: as stored (`<iss>|<sub>`, `local|<sub>` for tokens
   * without an issuer), or the bare `sub` when only one issuer has it.
   */
  async findStaffBySubject(em: EntityManager, subject: string): Promise<StaffMember> {
    const exact = await em.findOne(StaffMember, { subject });
    if (exact) return exact;
    const bare = await em.find(StaffMember, { subject: { $like: `%|${likeEscape(subject)}` } });
    if (bare.length === 1) return bare[0];
    if (bare.length > 1)
      throw new ValidationError(`Several issuers have the subject ${subject}: give it as <issuer>|<sub>`, [
        'staff',
      ]);
    throw new NotFoundError('StaffMember', subject, `No staff member has the subject ${subject}`);
  },
};
