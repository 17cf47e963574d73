import type { EventSink } from '../../common/event-sink';
import { BoundedQueue } from './async-queue';

function recordingSink(key = 'k'): EventSink<number> & { got: number[] } {
  const got: number[] = [];
  return { key, got, prepare: async () => undefined, deliver: (n) => void got.push(n) };
}

describe('BoundedQueue with a sink', () => {
  it('hands what was queued before the sink came first, then each push, in order', async () => {
    let closed = 0;
    const q = new BoundedQueue<number>(10, () => closed++);
    q.push(1);
    q.push(2);
    const sink = recordingSink();
    q.attachSink(sink);
    expect(q.sink).toBe(sink);
    q.push(3);
    expect(sink.got).toEqual([1, 2, 3]);
    expect(q.size).toBe(0);
    // The iterator now only reports the end.
    const next = q.next();
    await q.return();
    await expect(next).resolves.toEqual({ value: undefined, done: true });
    q.push(4);
    expect(sink.got).toEqual([1, 2, 3]);
    expect(closed).toBe(1);
  });

  it('still fails the iterator (a token expired, say) while a sink takes the items', async () => {
    const q = new BoundedQueue<number>(10, () => undefined);
    q.attachSink(recordingSink());
    const next = q.next();
    q.fail(new Error('Token expired'));
    await expect(next).rejects.toThrow('Token expired');
    expect(q.closed).toBe(true);
  });

  it('without a sink, fails a consumer that falls more than the limit behind', async () => {
    const q = new BoundedQueue<number>(2, () => undefined);
    q.push(1);
    q.push(2);
    q.push(3);
    await expect(q.next()).resolves.toEqual({ value: 1, done: false });
    await expect(q.next()).resolves.toEqual({ value: 2, done: false });
    await expect(q.next()).rejects.toThrow('Subscriber too slow');
  });
});
