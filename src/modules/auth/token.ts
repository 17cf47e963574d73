import { createRemoteJWKSet, errors as joseErrors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { Role } from '../../common/context';
import { UnauthenticatedError } from '../../common/errors';

export interface AuthConfig {
  NODE_ENV?: string;
  JWT_SECRET?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
  JWT_JWKS_URL?: string;
  /** Accept HS256 tokens under NODE_ENV=production (refused there unless set). */
  JWT_ALLOW_HS256?: boolean;
  /** Longest lifetime of an HS256 token in seconds (default 12 h). */
  JWT_MAX_TTL_SECONDS?: number;
}

const DEFAULT_MAX_TTL_SECONDS = 12 * 3600;
const CLOCK_TOLERANCE_SECONDS = 5;

const claimsSchema = z.object({
  sub: z.string().min(1).max(300),
  name: z.string().min(1).max(300),
  email: z.string().email().max(300).optional().nullable(),
  actor: z.string().max(200).optional().nullable(),
  roles: z.array(z.enum([Role.EDITOR, Role.COORDINATOR])).default([]),
  exp: z.number().optional(),
  iss: z.string().optional(),
});

export type StaffClaims = z.infer<typeof claimsSchema>;

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

/**
 * Verifies bearer tokens with `jose`: HS256 with `JWT_SECRET` (development, tests), or an OIDC
 * issuer's remote JWKS (`JWT_JWKS_URL`, keys fetched and rotated by jose) in production.
 * Algorithms are restricted; `exp` is required and checked with `nbf`, `iss` and `aud` when
 * configured. HS256 tokens live at most JWT_MAX_TTL_SECONDS, and are refused under
 * NODE_ENV=production unless JWT_ALLOW_HS256 says otherwise: anyone holding the shared secret
 * could mint a coordinator's token.
 */
export class TokenVerifier {
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  private readonly secret?: Uint8Array;
  /** A secret is configured, but HS256 is refused (production without JWT_ALLOW_HS256). */
  private readonly hs256Refused: boolean;

  constructor(private readonly config: AuthConfig) {
    if (config.JWT_JWKS_URL)
      this.jwks = createRemoteJWKSet(new URL(config.JWT_JWKS_URL), { cooldownDuration: 30_000 });
    this.hs256Refused =
      config.JWT_SECRET != null && config.NODE_ENV === 'production' && !config.JWT_ALLOW_HS256;
    if (config.JWT_SECRET && !this.hs256Refused) this.secret = new TextEncoder().encode(config.JWT_SECRET);
  }

  async verify(token: string): Promise<StaffClaims> {
    const options = {
      issuer: this.config.JWT_ISSUER || undefined,
      audience: this.config.JWT_AUDIENCE || undefined,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp'],
    };
    let payload: JWTPayload;
    try {
      if (this.jwks) {
        ({ payload } = await jwtVerify(token, this.jwks, { ...options, algorithms: ASYMMETRIC }));
      } else if (this.secret) {
        ({ payload } = await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'] }));
        this.checkLifetime(payload);
      } else if (this.hs256Refused) {
        throw new UnauthenticatedError(
          'HS256 tokens are refused in production (JWT_ALLOW_HS256 is not set): use the OIDC issuer',
        );
      } else {
        throw new UnauthenticatedError('Authentication is not configured on this server');
      }
    } catch (e) {
      if (e instanceof UnauthenticatedError) throw e;
      if (e instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('Token expired');
      if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'exp') {
        throw new UnauthenticatedError('Token has no expiry: the claim "exp" is required');
      }
      throw new UnauthenticatedError('Invalid token');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthenticatedError('Token lacks the required claims (sub, name)');
    return claims.data;
  }

  /** An HS256 token may live at most JWT_MAX_TTL_SECONDS, counted from `iat` and from now. */
  private checkLifetime(payload: JWTPayload): void {
    const max = this.config.JWT_MAX_TTL_SECONDS ?? DEFAULT_MAX_TTL_SECONDS;
    const now = Math.floor(Date.now() / 1000);
    const exp = payload.exp ?? now;
    const lifetime = Math.max(exp - now, typeof payload.iat === 'number' ? exp - payload.iat : 0);
    if (lifetime > max + CLOCK_TOLERANCE_SECONDS) {
      throw new UnauthenticatedError(
        `Token lives too long: the claim "exp" is more than ${max} s after "iat" or now (JWT_MAX_TTL_SECONDS)`,
      );
    }
  }
}

/** Signs an HS256 development token (the `npm run token` script and tests). */
export async function signDevToken(
  secret: string,
  claims: { sub: string; name: string; email?: string; actor?: string; roles: Role[] },
  ttlSeconds: number,
  options: { issuer?: string; audience?: string } = {},
): Promise<string> {
  let jwt = new SignJWT({ name: claims.name, email: claims.email, actor: claims.actor, roles: claims.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
