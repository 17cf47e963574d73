/**
 * A synchronous consumer of a subscription's events, attached to the event source in place of
 * its async iterator. A fan-out then hands one event to thousands of subscribers in one loop,
 * without a promise and an async resumption per subscriber.
 *
 * The source calls `prepare` for each distinct `key` among the sinks it is about to deliver an
 * event to (awaiting them once, before the loop), then `deliver` for each sink, in event order.
 * Sinks with the same key share what `prepare` produced: for a GraphQL subscription, the key
 * names the operation, its variables and language, and `prepare` executes it once for the event.
 * A sink must also cope with an event that was not prepared (it prepares it itself, keeping the
 * order of its deliveries).
 */
export interface EventSink<T> {
  readonly key: string;
  prepare(event: T): Promise<void>;
  deliver(event: T): void;
}

/** An event source (async iterator) that can deliver to an attached sink instead. */
export interface SinkableSource<T> {
  attachSink(sink: EventSink<T>): void;
}

export function isSinkable<T>(source: unknown): source is SinkableSource<T> {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as Partial<SinkableSource<T>>).attachSink === 'function'
  );
}
