import { parseArgs } from 'node:util';
import { Role } from '../common/context';
import { signDevToken } from '../modules/auth/token';

/**
 * Prints a development token: `npm run token -- --actor valteri --role EDITOR [--ttl 3600]`.
 * Refused in production and when no JWT_SECRET is set.
 */
async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    console.error('Refusing to sign development tokens when NODE_ENV=production.');
    process.exit(1);
  }
  const secret = process.env.JWT_SECRET;
  if (!secret || secret.length < 16) {
    console.error('Set JWT_SECRET (at least 16 characters) to the same value the hub runs with.');
    process.exit(1);
  }
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
    { issuer: process.env.JWT_ISSUER, audience: process.env.JWT_AUDIENCE },
  );
  console.log(token);
}

void main();
