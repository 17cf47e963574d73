import { parseArgs } from 'node:util';
import { Role } from '../common/context';
import { loadConfig } from '../config';
import { developmentSecret, usesDevelopmentSecret, signDevToken } from '../modules/auth';

/**
 * Prints a development token: `npm run token -- --actor valteri --role EDITOR [--ttl 3600]`.
 * Signed with JWT_SECRET when set, else with the development secret of DATA_DIR (the one the hub
 * uses when started without JWT_SECRET). Refused in production.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
  if (config.NODE_ENV === 'production') {
    console.error('Refusing to sign development tokens when NODE_ENV=production.');
    process.exit(1);
  }
  if (!config.JWT_SECRET && !usesDevelopmentSecret(config)) {
    console.error('The hub verifies tokens of its OIDC issuer (JWT_JWKS_URL): get a token there.');
    process.exit(1);
  }
  const secret = config.JWT_SECRET ?? developmentSecret(config.DATA_DIR).secret;
  const { values } = parseArgs({
    options: {
      actor: { type: 'string' },
      role: { type: 'string', multiple: true },
      ttl: { type: 'string', default: '3600' },
      sub: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
    },
  });
  const roles = (values.role ?? []).map((r) => r.toUpperCase());
  for (const r of roles) {
    if (r !== Role.EDITOR && r !== Role.COORDINATOR) {
      console.error(`Unknown role ${r}: use EDITOR or COORDINATOR.`);
      process.exit(1);
    }
  }
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0) {
    console.error('--ttl takes a number of seconds.');
    process.exit(1);
  }
  const actor = values.actor;
  const sub = values.sub ?? `dev-${actor ?? 'staff'}-${roles.join('-').toLowerCase() || 'staff'}`;
  const token = await signDevToken(
    secret,
    {
      sub,
      name: values.name ?? `Dev ${actor ?? 'staff'}`,
      email: values.email,
      actor,
      roles: roles as Role[],
    },
    ttl,
    { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
  );
  console.log(token);
}

void main();
