import { CostBudget } from './budget';
import { RateLimitedError } from './limit-errors';

describe('CostBudget (leaky bucket)', () => {
  let now = 0;
  const budget = () => new CostBudget({ capacity: 100, restoreRate: 10, now: () => now });

  beforeEach(() => {
    now = 1_000_000;
  });

  it('spends from a full bucket and refills continuously, never above capacity', async () => {
    const b = budget();
    expect((await b.spend('a', 60)).currentlyAvailable).toBe(40);
    now += 1500; // 1.5 s × 10 points/s
    expect((await b.peek('a')).currentlyAvailable).toBe(55);
    now += 60_000;
    expect((await b.peek('a')).currentlyAvailable).toBe(100);
  });

  it('refuses what the bucket cannot pay, spends nothing then, and says when to retry', async () => {
    const b = budget();
    await b.spend('a', 95);
    const refused = await b.spend('a', 30).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    // 25 points missing at 10 points/s: 3 s (rounded up).
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 3 });
    expect((refused as RateLimitedError).extensions).toMatchObject({ retryAfter: 3 });
    expect((await b.peek('a')).currentlyAvailable).toBe(5);
    now += 2500;
    expect((await b.spend('a', 30)).currentlyAvailable).toBe(0);
  });

  it('keeps one bucket per client', async () => {
    const b = budget();
    await b.spend('a', 100);
    expect((await b.spend('b', 100)).currentlyAvailable).toBe(0);
    await expect(b.spend('a', 1)).rejects.toBeInstanceOf(RateLimitedError);
  });
});
