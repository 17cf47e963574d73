import type { EventSink, SinkableSource } from '../../common/event-sink';

/**
 * A bounded push queue exposed as an async iterator (one per subscription). When a consumer falls
 * `limit` items behind, the queue fails instead of growing without end. A consumer may attach a
 * synchronous sink instead: items then go straight to it (those already queued first), and the
 * iterator only reports the end or the failure.
 */
export class BoundedQueue<T> implements AsyncIterableIterator<T>, SinkableSource<T> {
  private readonly items: T[] = [];
  private attached: EventSink<T> | null = null;
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private failWaiting: ((e: unknown) => void) | null = null;
  private error: unknown = null;
  private done = false;

  constructor(
    private readonly limit: number,
    private readonly onClose: () => void,
  ) {}

  get size(): number {
    return this.items.length;
  }

  get closed(): boolean {
    return this.done;
  }

  /** The attached sink, if any: whoever pushes may prepare the item for it first. */
  get sink(): EventSink<T> | null {
    return this.attached;
  }

  attachSink(sink: EventSink<T>): void {
    this.attached = sink;
    for (const item of this.items.splice(0)) sink.deliver(item);
  }

  push(item: T): void {
    if (this.done) return;
    if (this.attached) {
      this.attached.deliver(item);
      return;
    }
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = null;
      resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.limit) {
      this.fail(new Error(`Subscriber too slow: more than ${this.limit} undelivered events`));
      return;
    }
    this.items.push(item);
  }

  /** Ends the subscription with an error (delivered after the items already queued). */
  fail(error: unknown): void {
    if (this.done) return;
    this.error = error;
    this.finish();
    if (this.failWaiting) {
      const reject = this.failWaiting;
      this.waiting = this.failWaiting = null;
      reject(error);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length) return Promise.resolve({ value: this.items.shift() as T, done: false });
    if (this.error) {
      const e = this.error;
      this.error = null;
      return Promise.reject(e);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.finish();
    this.items.length = 0;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = null;
      resolve({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.onClose();
  }
}
