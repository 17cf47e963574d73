/**
 * A piece of SQL with its `?` placeholders and their values, in order. Composing fragments keeps
 * every value bound (MikroORM escapes them when the statement runs): no caller-supplied text is
 * ever spliced into the SQL itself.
 */
export interface SqlFragment {
  readonly text: string;
  readonly params: readonly unknown[];
}

function placeholders(text: string): number {
  let n = 0;
  for (let i = text.indexOf('?'); i !== -1; i = text.indexOf('?', i + 1)) n++;
  return n;
}

/**
 * A fragment from a template whose interpolations are either other fragments (spliced with their
 * values) or values (bound at a new `?`). Literal SQL text must not contain `?` itself.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  let text = strings[0];
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (isFragment(value)) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1];
  });
  if (placeholders(text) !== params.length)
    throw new Error('A literal `?` in SQL text would be taken for a placeholder');
  return { text, params };
}

/** Literal SQL text, with `?` placeholders bound to `params` (e.g. a shared subquery constant). */
export function rawSql(text: string, params: readonly unknown[] = []): SqlFragment {
  if (placeholders(text) !== params.length)
    throw new Error(`Expected ${placeholders(text)} values for the SQL placeholders, got ${params.length}`);
  return { text, params };
}

/** The fragments joined by `separator` (plain SQL text such as `' or '`). */
export function joinSql(parts: readonly SqlFragment[], separator: string): SqlFragment {
  return {
    text: parts.map((p) => p.text).join(separator),
    params: parts.flatMap((p) => p.params),
  };
}

/** `fragment` when `condition` holds, else nothing. */
export function sqlIf(condition: boolean, fragment: () => SqlFragment): SqlFragment {
  return condition ? fragment() : EMPTY;
}

const EMPTY: SqlFragment = { text: '', params: [] };

function isFragment(value: unknown): value is SqlFragment {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SqlFragment).text === 'string' &&
    Array.isArray((value as SqlFragment).params)
  );
}
