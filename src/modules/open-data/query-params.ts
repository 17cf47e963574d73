import { z } from 'zod';
import { Language } from '../../common/enums';
import { ValidationError } from '../../common/errors';
import { isStorableDate, unstorableText } from '../../common/input-checks';
import { isUuid } from '../../common/node';

/** The parameters a route takes, each a zod schema of its string value. */
export type ParamShape = Record<string, z.ZodType<unknown, string>>;

export type Params<S extends ParamShape> = { [K in keyof S]?: z.output<S[K]> };

/** A parameter name as shown in a message: what a client sent can be anything. */
function shown(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}

/**
 * The query parameters of an open-data request, checked against `shape`: each at most once, none
 * that the route does not know (a mistyped `per-page` would otherwise be silently ignored), every
 * value as its schema says. BAD_USER_INPUT naming the parameter otherwise.
 */
export function parseQuery<S extends ParamShape>(query: unknown, shape: S): Params<S> {
  const raw = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!Object.hasOwn(shape, name)) {
      throw new ValidationError(
        `Unknown query parameter ${shown(name)}: this path takes ${Object.keys(shape).join(', ') || 'none'}`,
        [name],
      );
    }
    if (typeof value !== 'string') {
      throw new ValidationError(`The query parameter ${shown(name)} may be given once`, [name]);
    }
    const parsed = shape[name].safeParse(value);
    if (!parsed.success) {
      throw new ValidationError(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`, [name]);
    }
    out[name] = parsed.data;
  }
  return out as Params<S>;
}

/** `fi`, `sv` or `en` (any case). */
export const langParam = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(['fi', 'sv', 'en'], { error: 'must be fi, sv or en' }))
  .transform((v) => v.toUpperCase() as Language);

/** A whole number from `min` to `max`, written in digits. */
export function intParam(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, { error: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );
}

/** `true` or `false`. */
export const boolParam = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((v) => v === 'true');

/** A UUID (the records' identifiers). */
export const uuidParam = z
  .string()
  .refine(isUuid, { error: 'must be a UUID' })
  .transform((v) => v.toLowerCase());

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO 8601 date or date-time (`2026-12-01`, `2026-12-01T08:00:00Z`, with an offset or, when
 * none is given, in UTC), within the years PostgreSQL stores.
 */
export const dateTimeParam = z.string().transform((v, ctx) => {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(v)
    ? `${v}T00:00:00Z`
    : /(?:Z|[+-]\d{2}:?\d{2})$/i.test(v)
      ? v
      : `${v}Z`;
  const date = new Date(text.replace(' ', 'T'));
  if (!DATE_TIME.test(v) || Number.isNaN(date.getTime()) || !isStorableDate(date)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be an ISO 8601 date or date-time, e.g. 2026-12-01T08:00:00Z',
    });
    return z.NEVER;
  }
  return date;
});

/** Free text of up to `max` characters that PostgreSQL can store. */
export function textParam(max: number) {
  return z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .superRefine((v, ctx) => {
      const problem = unstorableText(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/**
 * A comma-separated list (`regionCodes=13,14`) of up to `max` values, each checked by `item`;
 * repeated values count once.
 */
export function listParam<T>(item: z.ZodType<T, string>, max = 100) {
  return z.string().transform((v, ctx) => {
    const parts = [...new Set(v.split(',').map((p) => p.trim()))].filter((p) => p !== '');
    if (parts.length === 0 || parts.length > max) {
      ctx.addIssue({ code: 'custom', message: `must list 1 to ${max} comma-separated values` });
      return z.NEVER;
    }
    const out: T[] = [];
    for (const part of parts) {
      const parsed = item.safeParse(part);
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: `${JSON.stringify(part.slice(0, 60))} ${parsed.error.issues[0]?.message ?? 'is not valid'}`,
        });
        return z.NEVER;
      }
      out.push(parsed.data);
    }
    return out;
  });
}

/** A code of the hub's taxonomies or regions (letters, digits, `_` and `-`). */
export const codeParam = z.string().regex(/^[A-Za-z0-9_-]{1,50}$/, { error: 'is not a code' });

/** One of an enum's values (any case), e.g. `kind=webinar`. */
export function enumParam<E extends Record<string, string>>(values: E) {
  const allowed = Object.values(values);
  return z.string().transform((v, ctx) => {
    const upper = v.toUpperCase();
    if (!allowed.includes(upper)) {
      ctx.addIssue({ code: 'custom', message: `must be one of ${allowed.join(', ')}` });
      return z.NEVER;
    }
    return upper as E[keyof E];
  });
}
