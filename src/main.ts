import 'reflect-metadata';
import { consoleLogger, startHub } from './app';
import { loadConfig } from './config';
import { loadDemoData } from './seed/demo-data';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = consoleLogger(config.LOG_LEVEL);
  const hub = await startHub(config, log, { seedDemo: loadDemoData });
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
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
