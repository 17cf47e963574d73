import { ValidationError } from './errors';

/** A `Date` scalar value as the `YYYY-MM-DD` string the database column holds. */
export function toIsoDate(value: Date | null | undefined): string | null {
  if (value == null) return null;
  return value.toISOString().slice(0, 10);
}

/** Checks that `from` is not after `until` (both optional ISO dates). */
export function requireDateOrder(
  from: string | null | undefined,
  until: string | null | undefined,
  field: string,
): void {
  if (from && until && until < from)
    throw new ValidationError(`${field} must not be before the start date`, [field]);
}

/** The hub's home time zone: "today" for validity periods is the date in Finland. */
export const HOME_TIME_ZONE = 'Europe/Helsinki';

const homeDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: HOME_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date in Finland (`YYYY-MM-DD`) at `at`: after 22:00 or 21:00 UTC it is already tomorrow. */
export function finnishDate(at: Date = new Date()): string {
  return homeDate.format(at);
}

const requestDates = new WeakMap<object, string>();

/**
 * Today in Finland, fixed for one request (keyed by its `scope`, e.g. the request's loader
 * registry): a request that runs across midnight reads one date throughout.
 */
export function finnishToday(scope?: object): string {
  if (!scope) return finnishDate();
  let today = requestDates.get(scope);
  if (!today) {
    today = finnishDate();
    requestDates.set(scope, today);
  }
  return today;
}
