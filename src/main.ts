import 'reflect-metadata';
import cluster from 'node:cluster';
import { clusterReadiness, preparedByPrimary, runPrimary } from './cluster';
import { Logger, loggerFor } from './common/logger';
import { Config, loadConfig } from './config';
import { developmentSecret, usesDevelopmentSecret } from './modules/auth';
import { redactText } from './common/redact';

/*
 * The rest of the hub is loaded on demand: a cluster's primary (WORKERS > 1) only prepares the
 * database, and its workers load the hub while it does.
 */
function load<T>(module: string): T {
  // A CommonJS require on purpose: `import()` would go through the ESM loader (and around ts-node).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(module) as T;
}

/**
 * Without JWT_SECRET (and outside production, without an OIDC issuer) tokens are signed with the
 * data directory's development secret, which `npm run token` reads too.
 */
function withTokens(config: Config, log: Logger): Config {
  if (!usesDevelopmentSecret(config)) return config;
  const { secret, file, created } = developmentSecret(config.DATA_DIR);
  if (cluster.isPrimary) {
    log.info(`Development tokens are signed with the secret in ${file}${created ? ' (new)' : ''}`);
  }
  return { ...config, JWT_SECRET: secret };
}

/** How to get a token, said once the hub listens. */
function tokenHint(config: Config): string | null {
  if (config.NODE_ENV === 'production' || config.JWT_JWKS_URL) return null;
  return config.JWT_SECRET
    ? 'Tokens: JWT_SECRET=<the same secret> npm run token -- --role COORDINATOR (or --actor valteri --role EDITOR)'
    : 'Tokens: npm run token -- --role COORDINATOR (or --actor valteri --role EDITOR), sent as "Authorization: Bearer <token>"';
}

async function main(): Promise<void> {
  const env = loadConfig();
  const log = loggerFor(env);
  const hint = tokenHint(env);
  const config = withTokens(env, log);
  if (cluster.isPrimary && config.WORKERS > 1) {
    await runPrimary(log, {
      workers: config.WORKERS,
      prepare: async () => {
        const { prepareDatabase } = load<typeof import('./db/prepare')>('./db/prepare');
        const { loadDemoData } = load<typeof import('./seed/demo-data')>('./seed/demo-data');
        await prepareDatabase(config, log, loadDemoData);
      },
    });
    if (config.METRICS_PORT) {
      const { startClusterMetricsServer } = load<typeof import('./observability/metrics-server')>(
        './observability/metrics-server',
      );
      await startClusterMetricsServer(config.METRICS_PORT, config.HOST);
    }
    if (hint) log.info(hint);
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
  if (hint && cluster.isPrimary) log.info(hint);
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
