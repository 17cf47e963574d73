/** A value bound as a query parameter (a list expands to `?, ?, ...` inside `in (...)`). */
export type SqlValue = string | number | boolean | Date | null | readonly (string | number)[];

/**
 * A piece of SQL with its `?` placeholders and their values, in order. Composing pieces keeps
 * every value bound (the driver escapes them when the statement runs): no caller-supplied text is
 * ever spliced into the SQL itself.
 */
export class Sql {
  constructor(
    readonly text: string,
    readonly params: readonly SqlValue[] = [],
  ) {}
}

function placeholders(text: string): number {
  let n = 0;
  for (let i = text.indexOf('?'); i !== -1; i = text.indexOf('?', i + 1)) n++;
  return n;
}

/**
 * Tagged template for SQL: interpolated `Sql` pieces are inlined with their values, anything else
 * is bound as a parameter. The literal parts must not contain `?` (it is the placeholder).
 */
export function sql(strings: TemplateStringsArray, ...values: (Sql | SqlValue)[]): Sql {
  let text = '';
  const params: SqlValue[] = [];
  strings.forEach((part, i) => {
    if (part.includes('?')) throw new Error('SQL literal contains a placeholder character');
    text += part;
    if (i < values.length) {
      const value = values[i];
      if (value instanceof Sql) {
        text += value.text;
        params.push(...value.params);
      } else {
        text += '?';
        params.push(value);
      }
    }
  });
  return new Sql(text, params);
}

/**
 * Trusted SQL text (identifiers and constants of the code base, never user input), with `?`
 * placeholders bound to `params`.
 */
export function rawSql(text: string, params: readonly SqlValue[] = []): Sql {
  if (placeholders(text) !== params.length)
    throw new Error(`Expected ${placeholders(text)} values for the SQL placeholders, got ${params.length}`);
  return new Sql(text, params);
}

/** The pieces joined by `separator` (plain SQL text such as `' or '`). */
export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return new Sql(
    parts.map((p) => p.text).join(separator),
    parts.flatMap((p) => p.params),
  );
}

const EMPTY = new Sql('');

/** `piece` when `condition` holds, else nothing. */
export function sqlIf(condition: boolean, piece: () => Sql): Sql {
  return condition ? piece() : EMPTY;
}

/**
 * `= any(?)` with the whole list as one parameter (a PostgreSQL array literal, its type taken from
 * the column it is compared with). For the batched loads, whose lists run to hundreds of keys: one
 * parameter instead of one per key makes the statement's text the same for every batch and costs
 * the server and the driver less to parse and bind than `in ($1, …, $n)`. An empty list matches
 * nothing, as `in (null)` does.
 */
export function anyOf(values: readonly string[]): Sql {
  const literal = `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
  return new Sql('= any(?)', [literal]);
}
