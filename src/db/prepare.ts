import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../common/logger';
import type { Config } from '../config';
import { Actor } from '../modules/actor';
import { Database, openDatabase } from './database';

/** Loads demo data into an empty database (the zero-setup start passes the demo data set). */
export type SeedDemo = (em: EntityManager) => Promise<unknown>;

/** Loads the demo data when SEED_DEMO says so (default: on the embedded database) and no actor exists. */
export async function seedIfEmpty(
  config: Config,
  db: Database,
  log: Logger,
  seedDemo: SeedDemo | undefined,
): Promise<void> {
  const wanted = config.SEED_DEMO ?? db.embedded;
  if (seedDemo && wanted && (await db.orm.em.fork().count(Actor, {})) === 0) {
    const counts = await seedDemo(db.orm.em.fork());
    log.info(`Loaded demo data: ${JSON.stringify(counts)}`);
  }
}

/**
 * What a cluster's primary does once before its workers open the database: migrations (unless
 * MIGRATE=false) and the demo data, so that workers neither race on them nor each load the data.
 */
export async function prepareDatabase(config: Config, log: Logger, seedDemo?: SeedDemo): Promise<void> {
  const db = await openDatabase(config, (m, level = 'info') => log[level](m));
  try {
    await seedIfEmpty(config, db, log, seedDemo);
  } finally {
    await db.close();
  }
}
