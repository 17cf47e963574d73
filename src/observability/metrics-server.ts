import cluster from 'node:cluster';
import http from 'node:http';
import type { RequestHandler } from 'express';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** GET /metrics: the registry in Prometheus's text format. */
export function metricsRoute(registry: Registry): RequestHandler {
  return (_req, res, next) => {
    registry.metrics().then((text) => {
      res.set('content-type', registry.contentType).send(text);
    }, next);
  };
}

/** GET /metrics on the main port when METRICS_PORT is set: a JSON 404 that says where they are. */
export function metricsElsewhere(port: number): RequestHandler {
  return (_req, res) => {
    res.status(404).json({
      errors: [
        { message: `Metrics are served on port ${port} (METRICS_PORT)`, extensions: { code: 'NOT_FOUND' } },
      ],
    });
  };
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** A server of its own for /metrics (METRICS_PORT), so that scrapes need not share the API's port. */
export async function startMetricsServer(
  source: { metrics(): Promise<string>; contentType: string },
  port: number,
  host: string,
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          errors: [{ message: 'Only GET /metrics here', extensions: { code: 'NOT_FOUND' } }],
        }),
      );
      return;
    }
    source.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': source.contentType });
        res.end(text);
      },
      () => {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            errors: [
              { message: 'Metrics are not available now', extensions: { code: 'SERVICE_UNAVAILABLE' } },
            ],
          }),
        );
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** In a cluster worker: answers the primary's requests for this worker's metrics. */
export function shareWithPrimary(registry: Registry): void {
  if (!cluster.isWorker) return;
  new AggregatorRegistry(); // registers the worker's listener
  AggregatorRegistry.setRegistries([registry]);
}

/** In a cluster's primary: METRICS_PORT serves the sum over all workers (prom-client's aggregation). */
export function startClusterMetricsServer(port: number, host: string): Promise<MetricsServer> {
  const aggregator = new AggregatorRegistry();
  return startMetricsServer(
    { metrics: () => aggregator.clusterMetrics(), contentType: aggregator.contentType },
    port,
    host,
  );
}
