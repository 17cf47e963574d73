import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { loadDemoData } from '../seed/demo-data';

/** `npm run seed`: migrates, upserts reference data and loads the demo data set (idempotent). */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config, (m) => console.log(m));
  try {
    const counts = await loadDemoData(db.orm.em.fork());
    console.log(`Demo data: ${JSON.stringify(counts)}`);
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
