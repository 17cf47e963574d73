/**
 * Checks of raw client input that the database or the runtime would otherwise trip over: text
 * PostgreSQL cannot store, values nested deeper than recursive code can follow, and dates outside
 * PostgreSQL's range. Every walk here is iterative, so no input can overflow the stack.
 */

/** How deep request variables (JSON) may nest: far beyond any input type of the schema. */
export const MAX_INPUT_NESTING = 64;

/** A UTF-16 surrogate without its pair (it has no UTF-8 form: it would be stored as U+FFFD). */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored as PostgreSQL text (which refuses NUL), or null when it can. */
export function unstorableText(text: string): string | null {
  if (text.includes('\0')) return 'contains a NUL character';
  return UNPAIRED_SURROGATE.test(text) ? 'contains an unpaired UTF-16 surrogate' : null;
}

export interface InputProblem {
  /** The path of the offending value, e.g. `input.title.fi` or `ids.2`. */
  field: string;
  message: string;
}

/**
 * The first problem in a JSON value: nesting deeper than `maxNesting`, or a string that cannot
 * be stored. `prefix` names the value (a variable's name); paths are dot-separated.
 */
export function findInputProblem(
  value: unknown,
  prefix: string,
  maxNesting = MAX_INPUT_NESTING,
): InputProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: prefix, depth: 0 }];
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const why = unstorableText(v);
      if (why) return { field: path, message: `${path} ${why}` };
    } else if (v && typeof v === 'object') {
      if (depth >= maxNesting) {
        return { field: prefix, message: `${prefix} is nested more than ${maxNesting} levels deep` };
      }
      const entries = Array.isArray(v) ? v.map((item, i) => [String(i), item] as const) : Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i];
        stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
      }
    }
  }
  return null;
}

/** The earliest and latest instants PostgreSQL's date and timestamptz columns take from us. */
const EARLIEST = new Date('0001-01-01T00:00:00.000Z').getTime();
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Whether a date lies in years 1–9999 (PostgreSQL has no year 0; ISO text has 4-digit years). */
export function isStorableDate(date: Date): boolean {
  const t = date.getTime();
  return Number.isFinite(t) && t >= EARLIEST && t <= LATEST;
}
