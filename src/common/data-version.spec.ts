import { VersionedCache } from './data-version';

describe('VersionedCache.getOrCompute', () => {
  it('shares one computation between concurrent misses of one version, and keeps its value', async () => {
    const cache = new VersionedCache<{ n: number }>();
    let computed = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = async () => {
      computed++;
      await gate;
      return { n: computed };
    };
    const all = Promise.all([1, 2, 3].map(() => cache.getOrCompute('k', 'v1', compute)));
    release();
    const values = await all;
    expect(computed).toBe(1);
    expect(values.every((v) => v === values[0])).toBe(true);
    expect(await cache.getOrCompute('k', 'v1', compute)).toBe(values[0]);
    expect(computed).toBe(1);
    // Another version computes again.
    expect(await cache.getOrCompute('k', 'v2', compute)).toEqual({ n: 2 });
  });

  it('hands a failure to every waiter, and the next request computes again', async () => {
    const cache = new VersionedCache<{ n: number }>();
    let calls = 0;
    const failing = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('statement timeout');
    };
    const results = await Promise.allSettled([
      cache.getOrCompute('k', 'v', failing),
      cache.getOrCompute('k', 'v', failing),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    expect(await cache.getOrCompute('k', 'v', async () => ({ n: 7 }))).toEqual({ n: 7 });
  });
});
