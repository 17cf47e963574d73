import { ValidationError } from './errors';

/** A `URL` scalar value as stored text; only http and https links are accepted. */
export function webUrl(value: URL | string | null | undefined, field: string): string | null {
  if (value == null) return null;
  let url: URL;
  try {
    url = value instanceof URL ? value : new URL(value);
  } catch {
    throw new ValidationError(`${field} is not a valid URL`, [field]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(`${field} must be an http(s) URL`, [field]);
  }
  return url.toString();
}
