import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The development signing secret's file in the data directory. */
export const DEV_SECRET_FILE = 'dev-jwt-secret';

export function devSecretPath(dataDir: string): string {
  return path.join(dataDir, DEV_SECRET_FILE);
}

/**
 * The development HS256 secret of a data directory: read from `<dataDir>/dev-jwt-secret`, or
 * created there (random, 32 bytes, file mode 0600; the directory is created if missing). The hub
 * and `npm run token` call this alike, so that tokens work without setting JWT_SECRET. Whichever
 * comes first creates it; the other reads it.
 */
export function developmentSecret(dataDir: string): { secret: string; file: string; created: boolean } {
  const file = devSecretPath(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    return { secret, file, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const existing = readFileSync(file, 'utf8').trim();
  if (existing.length < 16) {
    throw new Error(`${file} holds no usable secret: delete it to have a new one made`);
  }
  chmodSync(file, 0o600);
  return { secret: existing, file, created: false };
}

/**
 * Whether this configuration signs and verifies development tokens with the data directory's
 * secret: no JWT_SECRET, no OIDC issuer (JWT_JWKS_URL), and not production. Production never gets
 * a generated secret: it refuses HS256 tokens unless a secret is configured explicitly.
 */
export function usesDevelopmentSecret(config: {
  NODE_ENV: string;
  JWT_SECRET?: string;
  JWT_JWKS_URL?: string;
}): boolean {
  return config.NODE_ENV !== 'production' && !config.JWT_SECRET && !config.JWT_JWKS_URL;
}
