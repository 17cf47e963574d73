import cluster from 'node:cluster';

/**
 * The entry of the benchmark's reference servers (the floor, the bare graphql-ws server): with
 * `workers` > 1, a node:cluster primary forking that many processes on one port, as the hub runs
 * WORKERS, and passing SIGTERM on; otherwise (and in each worker) `serve()`, whose returned `stop`
 * runs on SIGTERM before the process exits.
 */
export function runClustered(workers: number, serve: () => (done: () => void) => void): void {
  if (cluster.isPrimary && workers > 1) {
    for (let i = 0; i < workers; i++) cluster.fork();
    process.on('SIGTERM', () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      cluster.on('exit', () => {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      });
    });
    return;
  }
  const stop = serve();
  process.on('SIGTERM', () => stop(() => process.exit(0)));
}
