import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the gauges read when Prometheus scrapes (live values, not kept in step by hand). */
export interface MetricSources {
  /** Open WebSocket connections. */
  openSockets(): number;
  /** Subscriptions registered with the announcement hub. */
  activeSubscriptions(): number;
  /** Announcements committed but not yet read by this instance. */
  outboxBacklog(): Promise<number>;
  /** The database pool: connections in use, idle, and acquisitions waiting for one. */
  pool(): { used: number; free: number; pending: number } | null;
}

/** At most this many distinct operation names are labelled; the rest count as `(other)`. */
const MAX_OPERATION_LABELS = 200;

/**
 * The hub's Prometheus metrics (prom-client), in a registry of its own per hub instance (tests run
 * several hubs in one process), plus Node's default metrics (CPU, memory, GC, event-loop delay).
 */
export class HubMetrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'route' | 'operation' | 'outcome'>;
  readonly errors: Counter<'code' | 'transport'>;
  readonly budgetRefusals: Counter<'transport'>;
  readonly responseCache: Counter<'result'>;
  readonly announcementDelay: Histogram;
  readonly poolAcquireWait: Histogram;
  private readonly operations = new Set<string>();

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: 'vaatu_http_request_duration_seconds',
      help: 'HTTP requests by route, GraphQL operation name and outcome (ok or error)',
      labelNames: ['route', 'operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({
      name: 'vaatu_graphql_errors_total',
      help: 'GraphQL errors sent to clients, by extensions.code and transport (http or ws)',
      labelNames: ['code', 'transport'],
      registers,
    });
    this.budgetRefusals = new Counter({
      name: 'vaatu_budget_refusals_total',
      help: 'Operations refused because the client budget could not pay for them (RATE_LIMITED)',
      labelNames: ['transport'],
      registers,
    });
    this.responseCache = new Counter({
      name: 'vaatu_response_cache_requests_total',
      help: 'Queries looked up in the response cache, by result (hit or miss)',
      labelNames: ['result'],
      registers,
    });
    this.announcementDelay = new Histogram({
      name: 'vaatu_announcement_delay_seconds',
      help: 'From the announcement written in its committing transaction to its delivery to subscribers',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.poolAcquireWait = new Histogram({
      name: 'vaatu_db_pool_acquire_seconds',
      help: 'Time waited for a database connection from the pool',
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    new Gauge({
      name: 'vaatu_websocket_connections',
      help: 'Open WebSocket connections',
      registers,
      collect() {
        this.set(sources.openSockets());
      },
    });
    new Gauge({
      name: 'vaatu_subscriptions_active',
      help: 'Active GraphQL subscriptions',
      registers,
      collect() {
        this.set(sources.activeSubscriptions());
      },
    });
    new Gauge({
      name: 'vaatu_outbox_backlog',
      help: 'Announcements committed to the outbox and not yet read by this instance',
      registers,
      aggregator: 'max',
      async collect() {
        try {
          this.set(await sources.outboxBacklog());
        } catch {
          // the database is away: leave the last value
        }
      },
    });
    new Gauge({
      name: 'vaatu_db_pool_connections',
      help: 'Database pool connections by state (used, free) and acquisitions waiting (pending)',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = sources.pool();
        if (!pool) return;
        this.set({ state: 'used' }, pool.used);
        this.set({ state: 'free' }, pool.free);
        this.set({ state: 'pending' }, pool.pending);
      },
    });
  }

  /** The operation label: client-chosen names are bounded, so that series cannot grow without end. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return '(anonymous)';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS || !/^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)) {
      return '(other)';
    }
    this.operations.add(name);
    return name;
  }

  /** Counts the errors of a formatted response (both transports go through formatError). */
  countError(code: unknown, transport: 'http' | 'ws', retryAfter: unknown): void {
    const label = typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
    this.errors.inc({ code: label, transport });
    if (label === 'RATE_LIMITED' && retryAfter != null) this.budgetRefusals.inc({ transport });
  }
}
