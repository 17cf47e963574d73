import 'reflect-metadata';
import { redactText } from '../common/redact';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { configureErasureBroadcast, applyRetention, retentionSettings } from '../modules/privacy';

/**
 * `npm run prune`: applies the retention periods now (what the hub does once a day): deletes audit
 * entries older than AUDIT_RETENTION_DAYS, blanks personal values in those older than
 * AUDIT_PERSONAL_DATA_DAYS, erases staff members not seen for STAFF_RETENTION_DAYS.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config);
  configureErasureBroadcast({ crossProcess: !db.embedded });
  try {
    const result = await applyRetention(db.orm.em.fork(), retentionSettings(config));
    console.log(`Retention: ${JSON.stringify(result)}`);
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(redactText(e instanceof Error ? e.message : String(e)));
  process.exit(1);
});
