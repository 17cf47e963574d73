import 'reflect-metadata';
import path from 'node:path';
import { inspect } from 'node:util';
import { DataloaderType, defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { redactText } from './common/redact';
import { entities } from './entities';

const isTs = __filename.endsWith('.ts');
const root = path.resolve(__dirname, isTs ? '..' : '../..');

export interface OrmOptions {
  clientUrl?: string;
  poolMax?: number;
  /**
   * Log every SQL statement (DEBUG_SQL), with `$1` placeholders in place of the bound values: those
   * hold personal data (names, e-mail addresses, phone numbers), which never reach a log.
   */
  debug?: boolean;
  /**
   * Longest wait for a connection, opening one or from a full pool (knex's default is 60 s): a
   * database that cannot be reached then fails the statement soon, as SERVICE_UNAVAILABLE.
   */
  connectTimeoutMs?: number;
  /**
   * Keep the schema snapshot up to date (the CLI). The app and the tests run with it off, so that
   * applying migrations never rewrites the committed snapshot.
   */
  snapshot?: boolean;
  /**
   * Where knex's own warnings go (a pooled connection that the server ended, found when it is next
   * taken from the pool): the caller's logger. Without it knex writes them with `console.log`,
   * which bypasses the log level and breaks the JSON lines of the hub's log.
   */
  warn?: (message: string) => void;
}

/** knex's `log` option: its warnings, errors and deprecations as messages to `warn`. */
function knexLog(warn: (message: string) => void) {
  const forward = (message: unknown) => warn(typeof message === 'string' ? message : inspect(message));
  return { warn: forward, error: forward, deprecate: forward };
}

/**
 * The one ORM configuration, for the app, the tests and the `mikro-orm` CLI.
 * Migrations live in `migrations/` at the repository root, with their snapshot.
 */
export function ormConfig(options: OrmOptions = {}) {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl:
      options.clientUrl ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/vaatu_dev',
    entities,
    extensions: [Migrator],
    // Loads of references and collections made in the same tick are batched into one query.
    dataloader: DataloaderType.ALL,
    forceUtcTimezone: true,
    preferTs: isTs,
    // Not 'query-params': MikroORM would inline the bound values into the logged statement.
    debug: options.debug ? ['query', 'info'] : false,
    logger: (message: string) => console.log(redactText(message)),
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      ...(options.connectTimeoutMs
        ? { acquireTimeoutMillis: options.connectTimeoutMs, createTimeoutMillis: options.connectTimeoutMs }
        : {}),
    },
    driverOptions: {
      // pg's own bound on opening a connection (none by default), so a hung attempt frees its slot.
      ...(options.connectTimeoutMs
        ? { connection: { connectionTimeoutMillis: options.connectTimeoutMs } }
        : {}),
      ...(options.warn ? { log: knexLog(options.warn) } : {}),
    },
    discovery: { checkDuplicateTableNames: true },
    migrations: {
      path: path.join(root, 'dist/migrations'),
      pathTs: path.join(root, 'migrations'),
      glob: '!(*.d).{js,ts}',
      snapshot: options.snapshot ?? false,
      snapshotName: '.snapshot-vaatu',
      transactional: true,
      silent: true,
      allOrNothing: true,
      emit: 'ts',
      fileName: (timestamp: string, name?: string) => `Migration${timestamp}${name ? `_${name}` : ''}`,
    },
  });
}

export default ormConfig({ snapshot: true });
