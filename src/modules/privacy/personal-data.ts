import type { FieldChange } from '../../common/mutation';

/** What replaces an erased person's values. */
export const ERASED = '[erased]';

/**
 * Audit change fields that hold personal data: `email` and `phone` of any record, and the `name`
 * (and more) of the records that are persons. Their values are removed after
 * AUDIT_PERSONAL_DATA_DAYS, and at once when the person is erased.
 */
const PERSONAL_FIELDS_OF_ANY = new Set(['email', 'phone']);
const PERSONAL_FIELDS_BY_TYPE: Readonly<Record<string, ReadonlySet<string>>> = {
  Contact: new Set(['name', 'email', 'phone', 'title', 'titleI18n']),
  StaffMember: new Set(['name', 'email', 'phone', 'subject']),
};

/** The entity types whose records are persons (their audit entries are blanked on erasure). */
export const PERSON_TYPES = Object.keys(PERSONAL_FIELDS_BY_TYPE);

/**
 * SQL true for an element `c` (jsonb) of the `changes` of an audit entry whose `entity_type` is
 * `typeColumn`, when it is a personal field that still holds a value.
 */
export function personalChangeSql(c: string, typeColumn: string): string {
  const list = (fields: Iterable<string>) => [...fields].map((f) => `'${f}'`).join(', ');
  const byType = Object.entries(PERSONAL_FIELDS_BY_TYPE).map(
    ([type, fields]) => `(${typeColumn} = '${type}' and ${c}->>'field' in (${list(fields)}))`,
  );
  return `((${c}->>'field' in (${list(PERSONAL_FIELDS_OF_ANY)}) or ${byType.join(' or ')})
    and (${c}->'old' <> 'null'::jsonb or ${c}->'new' <> 'null'::jsonb))`;
}

export function isPersonalField(entityType: string, field: string): boolean {
  return PERSONAL_FIELDS_OF_ANY.has(field) || (PERSONAL_FIELDS_BY_TYPE[entityType]?.has(field) ?? false);
}

/** The audit changes with every value of a personal field removed. */
export function blankPersonalChanges(entityType: string, changes: FieldChange[]): FieldChange[] {
  return changes.map((c) =>
    isPersonalField(entityType, c.field) && (c.old != null || c.new != null)
      ? { field: c.field, old: null, new: null, redacted: true }
      : c,
  );
}

/** The audit changes with every value removed (entries about an erased person). */
export function blankAllChanges(changes: FieldChange[]): FieldChange[] {
  return changes.map((c) => ({ field: c.field, old: null, new: null, redacted: true }));
}

/** What identifies one person: every name, e-mail address and phone number they were known by. */
export interface PersonIdentifiers {
  names: string[];
  emails: string[];
  phones: string[];
}

const JS_SPECIAL = /[.*+?^${}()|[\]\\/]/g;
const escape = (s: string) => s.replace(JS_SPECIAL, '\\$&');
const digitsOf = (s: string) => s.replace(/\D/g, '');

/** A name is searched for inside other text only when it is a full name: two words or more. */
function searchableName(name: string): string[] | null {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return words.length >= 2 && name.trim().length >= 5 ? words : null;
}

/** The phone's digits as written anywhere: `+358 40 000 0000`, `040-000 0000`, `0400000000`. */
function phoneForms(phone: string): string[] | null {
  const digits = digitsOf(phone);
  if (digits.length < 6) return null;
  const forms = [digits];
  if (phone.trim().startsWith('+358')) forms.push(`0${digits.slice(3)}`);
  else if (digits.startsWith('0')) forms.push(`358${digits.slice(1)}`);
  return forms;
}

/**
 * Finds and removes one person's identifiers in text:
 * - e-mail addresses whole, in any case;
 * - phone numbers by their digits, with any spaces or hyphens, international or national form;
 * - full names (two words or more) as whole words, in any case, with any spacing. A one-word name
 *   (a token may carry only "Anna") is too common a word to search for: it is removed only where
 *   a whole value equals it (the person's own row, and personal fields of audit changes).
 */
export class PersonMatcher {
  private readonly pattern: RegExp | null;
  private readonly strongPattern: RegExp | null;
  private readonly exact: Set<string>;
  /** A loose PostgreSQL regular expression (case-insensitive) that every match also matches. */
  readonly sqlPrefilter: string | null;
  /** The same for e-mail addresses and phone numbers only. */
  readonly sqlStrongPrefilter: string | null;

  constructor(readonly ids: PersonIdentifiers) {
    const alternatives: string[] = [];
    const sql: string[] = [];
    for (const email of new Set(ids.emails.map((e) => e.trim()).filter((e) => e.includes('@')))) {
      alternatives.push(`(?<![\\p{L}\\p{N}._%+-])${escape(email)}(?![\\p{L}\\p{N}_-]|\\.[\\p{L}\\p{N}])`);
      sql.push(escape(email));
    }
    for (const phone of new Set(ids.phones)) {
      for (const digits of phoneForms(phone) ?? []) {
        const body = digits.split('').join('[ -]?');
        alternatives.push(`(?<![\\p{N}])\\+?${body}(?!\\p{N})`);
        sql.push(digits.split('').join('[ -]?'));
      }
    }
    const strong = alternatives.length;
    const sqlStrong = sql.length;
    for (const name of new Set(ids.names)) {
      const words = searchableName(name);
      if (!words) continue;
      const body = words.map(escape).join('\\s+');
      alternatives.push(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`);
      sql.push(words.map(escape).join('\\s+'));
    }
    this.pattern = alternatives.length ? new RegExp(alternatives.join('|'), 'giu') : null;
    this.strongPattern = strong ? new RegExp(alternatives.slice(0, strong).join('|'), 'iu') : null;
    this.sqlPrefilter = sql.length ? sql.join('|') : null;
    this.sqlStrongPrefilter = sqlStrong ? sql.slice(0, sqlStrong).join('|') : null;
    this.exact = new Set(
      [...ids.names, ...ids.emails, ...ids.phones].map((v) => v.trim().toLowerCase()).filter(Boolean),
    );
  }

  /** True when `value` is, as a whole, one of the person's identifiers. */
  equals(value: string): boolean {
    return this.exact.has(value.trim().toLowerCase());
  }

  /**
   * Whether a value holds the person's e-mail address or phone number: what tells that another
   * record of a person (a contact, a staff member) is theirs, where a name alone may be a namesake's.
   */
  identifies(value: unknown): boolean {
    if (!this.strongPattern) return false;
    if (typeof value === 'string') return this.strongPattern.test(value);
    if (Array.isArray(value)) return value.some((v) => this.identifies(v));
    if (value && typeof value === 'object') return Object.values(value).some((v) => this.identifies(v));
    return false;
  }

  /** `text` with the person's identifiers replaced by `[erased]`. */
  scrubText(text: string): string {
    if (!this.pattern) return text;
    return text.replace(this.pattern, ERASED);
  }

  /** Any JSON-like value with the identifiers in its strings replaced (keys are left alone). */
  scrubValue<T>(value: T): T {
    if (typeof value === 'string') return this.scrubText(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.scrubValue(v)) as T;
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.scrubValue(v);
      return out as T;
    }
    return value;
  }

  /**
   * Audit changes with the person removed: a personal field whose value is one of the person's
   * identifiers is blanked (and marked `redacted`), and identifiers inside any other text replaced.
   */
  scrubChanges(entityType: string, changes: FieldChange[]): FieldChange[] {
    return changes.map((c) => {
      const isTheirs = (v: unknown) => typeof v === 'string' && this.equals(v);
      if (isPersonalField(entityType, c.field) && (isTheirs(c.old) || isTheirs(c.new))) {
        return { field: c.field, old: null, new: null, redacted: true };
      }
      return this.scrubValue(c);
    });
  }
}

/** The string values of personal fields in audit changes (earlier names, e-mails, phones of a person). */
export function identifiersInChanges(entityType: string, changes: FieldChange[]): PersonIdentifiers {
  const ids: PersonIdentifiers = { names: [], emails: [], phones: [] };
  for (const c of changes) {
    if (!isPersonalField(entityType, c.field)) continue;
    for (const v of [c.old, c.new]) {
      if (typeof v !== 'string' || !v.trim()) continue;
      if (c.field === 'email') ids.emails.push(v);
      else if (c.field === 'phone') ids.phones.push(v);
      else if (c.field === 'name') ids.names.push(v);
    }
  }
  return ids;
}
