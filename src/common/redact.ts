/**
 * Keeps personal data out of log lines and error messages. Two layers:
 *
 * - what the hub itself logs never carries bound SQL parameters, request variables or token claims
 *   (`DEBUG_SQL` logs statements with `$1` placeholders, errors are described by `describeError`);
 * - as a backstop, `redactText` masks anything that looks like an e-mail address or a phone number
 *   in any text about to be logged or sent as an error message.
 *
 * Any logger can use these: a structured logger runs `describeError` as its error serializer and
 * `redactText` over its message strings.
 */

/** What replaces an e-mail address or a phone number in logs and error messages. */
export const REDACTED_EMAIL = '[email]';
export const REDACTED_PHONE = '[phone]';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/**
 * International numbers (`+358 40 123 4567`) and Finnish national ones (`040 123 4567`,
 * `09-123 456`): 7 to 13 digits with optional single spaces or hyphens, not part of a longer
 * word, number or identifier (a uuid, a timestamp).
 */
const PHONE = /(?<![\p{L}\p{N}+_-])(?:\+\d{1,3}|0)(?:[ -]?\d){6,12}(?![\p{L}\p{N}_-])/gu;

/** `text` with e-mail addresses and phone numbers masked. */
export function redactText(text: string): string {
  if (!text) return text;
  return text.replace(EMAIL, REDACTED_EMAIL).replace(PHONE, REDACTED_PHONE);
}

interface DriverErrorLike {
  name?: string;
  message?: string;
  code?: unknown;
  sqlState?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
}

/** Errors of the database driver (pg, or MikroORM's DriverException around one): they carry a SQLSTATE. */
function isDriverError(e: Error): boolean {
  const d = e as DriverErrorLike;
  return (
    typeof d.sqlState === 'string' ||
    (typeof d.code === 'string' && /^[0-9A-Z]{5}$/.test(d.code) && 'severity' in e)
  );
}

/** The stack's frames only (its first lines repeat the message). */
function frames(stack: string | undefined): string {
  if (!stack) return '';
  const lines = stack.split('\n').filter((l) => /^\s+at /.test(l));
  return lines.length ? `\n${lines.join('\n')}` : '';
}

/**
 * A driver error without its SQL or values: knex prefixes the message with the statement, its
 * parameters inlined (`insert ... values ('maija@...') - new row violates ...`), and PostgreSQL's
 * `detail` repeats the row. Kept: the class, SQLSTATE, constraint, table, column and PostgreSQL's
 * own message with any quoted value removed.
 */
function describeDriverError(e: Error): string {
  const d = e as DriverErrorLike;
  const message = d.message ?? '';
  const cut = message.lastIndexOf(' - ');
  let own = cut >= 0 ? message.slice(cut + 3) : message;
  // `invalid input syntax for type uuid: "…"`: the value is the input.
  own = own.replace(/: ".*"\s*$/s, ': "…"');
  const facts = [
    `SQLSTATE ${String(d.sqlState ?? d.code)}`,
    d.constraint ? `constraint ${String(d.constraint)}` : null,
    d.table ? `table ${String(d.table)}` : null,
    d.column ? `column ${String(d.column)}` : null,
  ].filter(Boolean);
  return `${e.name} (${facts.join(', ')}): ${redactText(own)}${frames(e.stack)}`;
}

/**
 * An error as one log text without personal data: database errors without their statement,
 * parameters or row detail; any other error as its name, message and stack frames, with e-mail
 * addresses and phone numbers masked. Causes (`cause`, `originalError`) follow, described alike.
 */
export function describeError(error: unknown, depth = 0): string {
  if (error == null) return '';
  if (!(error instanceof Error)) return redactText(String(error));
  let text = isDriverError(error)
    ? describeDriverError(error)
    : `${error.name}: ${redactText(error.message)}${frames(error.stack)}`;
  const cause = (error as { cause?: unknown; originalError?: unknown }).originalError ?? error.cause;
  if (cause && cause !== error && depth < 3) text += `\nCaused by: ${describeError(cause, depth + 1)}`;
  return text;
}
