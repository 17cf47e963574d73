import 'reflect-metadata';
import cluster from 'node:cluster';
import { clusterReadiness, preparedByPrimary, runPrimary } from './cluster';
import { consoleLogger } from './common/logger';
import { redactText } from './common/redact';
import { loadConfig } from './config';

/*
 * The rest of the hub is loaded on demand: a cluster's primary (WORKERS > 1) only prepares the
 * database, and its workers load the hub while it does.
 */
function load<T>(module: string): T {
  // A CommonJS require on purpose: `import()` would go through the ESM loader (and around ts-node).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(module) as T;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = consoleLogger(config.LOG_LEVEL);
  if (cluster.isPrimary && config.WORKERS > 1) {
    await runPrimary(log, {
      workers: config.WORKERS,
      prepare: async () => {
        const { prepareDatabase } = load<typeof import('./db/prepare')>('./db/prepare');
        const { loadDemoData } = load<typeof import('./seed/demo-data')>('./seed/demo-data');
        await prepareDatabase(config, log, loadDemoData);
      },
    });
    return;
  }
  // Without DATABASE_URL, the embedded database starts on its thread while the hub loads here.
  const embedded = config.DATABASE_URL
    ? undefined
    : load<typeof import('./db/embedded')>('./db/embedded').startEmbeddedFor(config);
  embedded?.catch(() => undefined); // awaited by startHub, which reports a failure
  const { startHub } = load<typeof import('./app')>('./app');
  const { loadDemoData } = load<typeof import('./seed/demo-data')>('./seed/demo-data');
  let ready: (() => boolean) | undefined;
  if (cluster.isWorker) {
    ready = clusterReadiness();
    await preparedByPrimary();
  }
  const hub = await startHub(config, log, { seedDemo: loadDemoData, ready, embedded });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    hub.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error('Shutdown failed', e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A worker whose primary is gone stops too.
  if (cluster.isWorker) process.on('disconnect', () => shutdown('primary gone'));
}

main().catch((e: unknown) => {
  console.error(redactText(e instanceof Error ? e.message : String(e)));
  process.exit(1);
});
