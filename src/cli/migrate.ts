import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';

/** `npm run migrate`: applies pending migrations (to DATABASE_URL, or the embedded database). */
async function main(): Promise<void> {
  const config = { ...loadConfig(), MIGRATE: true };
  const db = await openDatabase(config, (m) => console.log(m));
  console.log(db.migrated.length ? `Applied: ${db.migrated.join(', ')}` : 'No pending migrations');
  await db.close();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
