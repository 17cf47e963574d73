import { RateLimitedError } from './limit-errors';

export interface BudgetOptions {
  /** Points in a full bucket. */
  capacity: number;
  /** Points given back per second, continuously. */
  restoreRate: number;
  /** Clock in milliseconds (tests may pass their own). */
  now?: () => number;
}

/** Shopify's `throttleStatus`: what a client may spend now. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface Bucket {
  available: number;
  at: number;
}

/** Buckets kept at most; beyond it the full (idle) ones are dropped first. */
const MAX_BUCKETS = 100_000;

/**
 * Each client's budget of query cost, as Shopify's leaky bucket: a client has `capacity` points;
 * an operation spends its estimated cost; points flow back continuously at `restoreRate` per
 * second up to `capacity`. A refused operation spends nothing and is told how many seconds until
 * its cost is available.
 *
 * Hand-written rather than rate-limiter-flexible, whose limiters refill a whole window at once
 * (a client could spend twice the capacity across a window boundary): the continuous refill is a
 * few lines of arithmetic on two numbers per client.
 *
 * The state is in this process's memory: several instances behind a load balancer each keep
 * their own buckets (a client may then spend up to instances × capacity).
 */
export class CostBudget {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(readonly options: BudgetOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Spends `cost` from `key`'s bucket. Throws RATE_LIMITED (with the seconds to wait) when the
   * bucket holds less; a refused operation spends nothing.
   */
  async spend(key: string, cost: number): Promise<ThrottleStatus> {
    const bucket = this.refill(key);
    if (bucket.available < cost) {
      const retryAfter = Math.max(1, Math.ceil((cost - bucket.available) / this.options.restoreRate));
      throw new RateLimitedError(cost, retryAfter, Math.floor(bucket.available));
    }
    bucket.available -= cost;
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_BUCKETS) this.prune();
    return this.status(bucket.available);
  }

  /** What `key` may spend now, without spending anything. */
  async peek(key: string): Promise<ThrottleStatus> {
    return this.status(this.refill(key).available);
  }

  private refill(key: string): Bucket {
    const t = this.now();
    const bucket = this.buckets.get(key);
    if (!bucket) return { available: this.options.capacity, at: t };
    const elapsed = Math.max(0, t - bucket.at) / 1000;
    bucket.available = Math.min(this.options.capacity, bucket.available + elapsed * this.options.restoreRate);
    bucket.at = t;
    return bucket;
  }

  /** Drops the buckets that have filled up again (they hold nothing a new bucket would not). */
  private prune(): void {
    for (const key of [...this.buckets.keys()]) {
      if (this.refill(key).available >= this.options.capacity) this.buckets.delete(key);
    }
  }

  private status(available: number): ThrottleStatus {
    return {
      maximumAvailable: this.options.capacity,
      currentlyAvailable: Math.floor(Math.min(available, this.options.capacity)),
      restoreRate: this.options.restoreRate,
    };
  }
}
