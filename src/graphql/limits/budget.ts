import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from './limit-errors';

export interface BudgetOptions {
  /** Points in a full bucket. */
  capacity: number;
  /** Points given back per second, on average. */
  restoreRate: number;
}

/** Shopify's `throttleStatus`: what a client may spend now. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/**
 * Each client's budget of query cost (in the spirit of Shopify's leaky bucket), kept by
 * rate-limiter-flexible's `RateLimiterMemory`: a client has `capacity` points; an operation
 * spends its estimated cost; the points spent come back `capacity / restoreRate` seconds after
 * the client's first operation of that period (the memory limiter refills a bucket in full at the
 * end of its period rather than drop by drop, which gives the same `restoreRate` on average).
 *
 * The state is in this process's memory: several instances behind a load balancer each keep
 * their own buckets (a client may then spend up to instances × capacity). rate-limiter-flexible
 * has the same limiter over Redis or PostgreSQL for a shared budget.
 */
export class CostBudget {
  private readonly limiter: RateLimiterMemory;

  constructor(readonly options: BudgetOptions) {
    this.limiter = new RateLimiterMemory({
      keyPrefix: 'cost',
      points: options.capacity,
      duration: options.capacity / options.restoreRate,
    });
  }

  /**
   * Spends `cost` from `key`'s bucket. Throws RATE_LIMITED (with the seconds to wait) when the
   * bucket holds less; a refused operation spends nothing.
   */
  async spend(key: string, cost: number): Promise<ThrottleStatus> {
    try {
      const res = await this.limiter.consume(key, cost);
      return this.status(res.remainingPoints);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      // The memory limiter counts a refused consumption too: give it back.
      const after = await this.limiter.reward(key, cost);
      throw new RateLimitedError(cost, Math.max(1, Math.ceil(e.msBeforeNext / 1000)), after.remainingPoints);
    }
  }

  /** What `key` may spend now, without spending anything. */
  async peek(key: string): Promise<ThrottleStatus> {
    const res = await this.limiter.get(key);
    return this.status(res ? res.remainingPoints : this.options.capacity);
  }

  private status(available: number): ThrottleStatus {
    return {
      maximumAvailable: this.options.capacity,
      currentlyAvailable: Math.min(available, this.options.capacity),
      restoreRate: this.options.restoreRate,
    };
  }
}
