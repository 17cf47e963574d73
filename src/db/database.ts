import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { ormConfig } from '../mikro-orm.config';
import { loadReferenceData } from '../seed/reference-data';
import { EmbeddedDatabase, startEmbeddedFor } from './embedded';
import { attachReadPool } from './query';

export interface Database {
  orm: MikroORM;
  embedded: boolean;
  /** The connection URL (of the embedded server too). */
  url: string;
  /** Applied migrations at start, by name. */
  migrated: string[];
  close(): Promise<void>;
}

/** Progress (migrations applied) at 'info'; knex's warnings (a dropped connection) at 'warn'. */
export type DbLogger = (message: string, level?: 'info' | 'warn') => void;

/**
 * From now on every pooled connection starts with PostgreSQL's `statement_timeout` (sent as a
 * startup parameter, so it costs no extra round trip): one runaway statement is cancelled instead
 * of holding a connection. Migrations and reference data, run before this, are not bounded by it.
 * The embedded PGlite cannot set it per connection, so it is never called there.
 */
async function boundStatements(orm: MikroORM, ms: number, connectTimeoutMs: number): Promise<void> {
  // The driver options are replaced as a whole: the connect timeout and the knex log set at init
  // stay with them.
  await orm.reconnect({
    driverOptions: {
      ...orm.config.get('driverOptions'),
      connection: { statement_timeout: ms, connectionTimeoutMillis: connectTimeoutMs },
    },
  });
}

/**
 * Opens the database: the PostgreSQL server at DATABASE_URL, or else the embedded PGlite under
 * DATA_DIR (`started`, or started here). Pending migrations are applied (or, with MIGRATE=false,
 * the start is refused with a clear message); the reference data is upserted. On the server path,
 * statements are then bounded by DB_STATEMENT_TIMEOUT_MS, and the read path gets a pool of its own
 * (see `attachReadPool`).
 */
export async function openDatabase(
  config: Pick<
    Config,
    | 'DATABASE_URL'
    | 'DATA_DIR'
    | 'DB_POOL_MAX'
    | 'MIGRATE'
    | 'DEBUG_SQL'
    | 'DB_STATEMENT_TIMEOUT_MS'
    | 'DB_CONNECT_TIMEOUT_MS'
  >,
  log: DbLogger = () => undefined,
  /** The embedded database, when the caller started it already (see `startEmbeddedFor`). */
  started?: Promise<EmbeddedDatabase>,
): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.DATABASE_URL;
  let poolMax = config.DB_POOL_MAX;
  if (!url) {
    embedded = await (started ?? startEmbeddedFor(config));
    url = embedded.url;
    poolMax = embedded.poolMax;
    log(`Embedded PostgreSQL (PGlite) on ${config.DATA_DIR}`);
  }
  let orm: MikroORM;
  try {
    orm = await MikroORM.init(
      ormConfig({
        clientUrl: url,
        poolMax,
        debug: config.DEBUG_SQL,
        warn: (message) => log(message, 'warn'),
        // In-process, the embedded database is never unreachable: only a busy pool would time out.
        connectTimeoutMs: embedded ? undefined : config.DB_CONNECT_TIMEOUT_MS,
      }),
    );
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
  const close = async () => {
    await orm.close(true);
    await embedded?.stop();
  };
  try {
    const migrator = orm.getMigrator();
    const pending = await migrator.getPendingMigrations();
    let migrated: string[] = [];
    if (pending.length > 0) {
      if (!config.MIGRATE) {
        throw new Error(
          `The database has ${pending.length} pending migration(s) (${pending.map((m) => m.name).join(', ')}) and MIGRATE=false: run \`npm run migrate\` first.`,
        );
      }
      const done = await migrator.up();
      migrated = done.map((m) => m.name);
      log(`Applied ${migrated.length} migration(s)`);
    }
    await loadReferenceData(orm.em.fork());
    if (!embedded && config.DB_STATEMENT_TIMEOUT_MS > 0) {
      await boundStatements(orm, config.DB_STATEMENT_TIMEOUT_MS, config.DB_CONNECT_TIMEOUT_MS);
    }
    const closeReadPool = embedded
      ? async () => undefined
      : attachReadPool(orm, {
          url,
          max: poolMax,
          statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
          connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
        });
    return {
      orm,
      embedded: embedded != null,
      url,
      migrated,
      close: async () => {
        await closeReadPool();
        await close();
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}
