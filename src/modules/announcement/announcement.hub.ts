import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { RequestContext, Viewer } from '../../common/context';
import { Language } from '../../common/enums';
import { interned } from '../../common/interned';
import { UnauthenticatedError, ValidationError } from '../../common/errors';
import { LoaderRegistry } from '../../common/loaders';
import { policy } from '../auth';
import { AnnouncementTopic, NOTIFY_CHANNEL } from '../outbox';
import { BoundedQueue } from './async-queue';

/** What a subscription yields: the cursor to resume after, the kind of change and the object. */
export interface AnnouncementEvent<T = unknown> {
  id: bigint;
  cursor: string;
  change: string;
  node: T;
}

/** How one topic finds its objects and decides which subscribers an object matches. */
export interface TopicSpec {
  load(ctx: RequestContext, ids: string[]): Promise<Map<string, unknown>>;
  /** Rejects a filter that names what does not exist (unknown region codes), at subscribe. */
  check?(ctx: RequestContext, filter: unknown): Promise<void>;
  matchingIds(ctx: RequestContext, filter: unknown, ids: readonly string[]): Promise<Set<string>>;
}

interface Row {
  id: string;
  topic: AnnouncementTopic;
  change: string;
  entity_id: string;
  /** When the announcement was written, in its committing transaction (live rows only). */
  created_at?: Date;
}

interface Subscriber {
  topic: AnnouncementTopic;
  filter: unknown;
  /** The kinds of change delivered (`change` of the outbox row); null: every kind. */
  changes: ReadonlySet<string> | null;
  viewer: Viewer | null;
  lang: Language;
  groupKey: string;
  queue: BoundedQueue<AnnouncementEvent>;
  lastId: bigint;
  replaying: boolean;
  buffered: AnnouncementEvent[];
  expiryTimer?: NodeJS.Timeout;
}

export interface AnnouncementHubOptions {
  /** PostgreSQL server to LISTEN on; null on the embedded database (in-process delivery only). */
  listenUrl: string | null;
  /** Safety-net poll of the outbox, also the catch-up after a lost connection. */
  pollMs?: number;
  /** Undelivered events per subscriber before it is closed as too slow. */
  queueLimit?: number;
  log?: (message: string, error?: unknown) => void;
  /** Told the seconds from each live announcement's writing to its delivery to a group of subscribers. */
  delivered?: (delaySeconds: number) => void;
  /**
   * Other NOTIFY channels the listener connection also LISTENs on, with their handlers. A handler
   * is also called with `null` after the connection was (re)established: notices may have been
   * missed meanwhile.
   */
  channels?: Record<string, (payload: string | null) => void>;
}

export interface SubscribeOptions {
  /** Deliver only these kinds of change (e.g. `materialPublished` without `includeUpdates`). */
  changes?: readonly string[];
}

/** Replay on resume is bounded to this many events... */
export const REPLAY_MAX_EVENTS = 1000;
/** ...committed in this many days. */
export const REPLAY_MAX_DAYS = 7;

const CURSOR_PREFIX = 'announcement:';

/** Deliveries per synchronous run of a fan-out (about 10 ms of socket writes). */
const FAN_OUT_RUN = 500;

/** Lets the event loop handle pending I/O (setImmediate runs after the poll phase). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Subscribers' group keys, one instance each (see `interned`). */
const groupKeys = new Map<string, string>();

/**
 * Runs, once per event and distinct sink key among a group's subscribers, what their sinks need
 * before delivery (a GraphQL subscription executes its operation), so that the delivery loop
 * itself does not wait.
 */
async function prepareSinks(members: Subscriber[], events: AnnouncementEvent[]): Promise<void> {
  const prepared = new Map<string, Promise<void>[]>();
  for (const s of members) {
    const sink = s.queue.sink;
    if (!sink || prepared.has(sink.key)) continue;
    prepared.set(
      sink.key,
      events.map((e) => sink.prepare(e)),
    );
  }
  for (const pending of prepared.values()) await Promise.all(pending);
}

const MAX_BIGINT = 2n ** 63n - 1n;

export function encodeAnnouncementCursor(id: bigint | string): string {
  return Buffer.from(`${CURSOR_PREFIX}${id}`, 'utf8').toString('base64url');
}

export function decodeAnnouncementCursor(cursor: string): bigint {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (text.startsWith(CURSOR_PREFIX) && /^\d{1,19}$/.test(text.slice(CURSOR_PREFIX.length))) {
    const id = BigInt(text.slice(CURSOR_PREFIX.length));
    // Outbox ids are PostgreSQL bigints: a larger number is no cursor of ours.
    if (id <= MAX_BIGINT) return id;
  }
  throw new ValidationError('after is not a valid announcement cursor', ['after']);
}

/**
 * Delivers committed announcements to this instance's subscribers. The outbox is the source of
 * truth: PostgreSQL NOTIFY (ids only) or an in-process poke says "look", the hub reads every row
 * after the last one it saw, matches them per group of identical filter and visibility with the
 * feature's own list query, and pushes them to bounded per-subscriber queues, or, where the
 * consumer attached a sink (see `EventSink`), prepares each event once per sink key and hands it
 * to every sink of the group in one synchronous loop. The listener reconnects by itself and
 * catches up from the outbox, so nothing committed is lost.
 */
export class AnnouncementHub {
  private readonly subscribers = new Set<Subscriber>();
  private lastId: bigint = 0n;
  private draining = false;
  private drainAgain = false;
  private listener: Client | null = null;
  /** The listener connection being opened, if any: `stop()` ends it too. */
  private connecting: Client | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = 250;
  private stopped = false;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(
    private readonly orm: MikroORM,
    private readonly specs: Record<AnnouncementTopic, TopicSpec>,
    private readonly options: AnnouncementHubOptions,
  ) {
    this.log = options.log ?? (() => undefined);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Announcements committed after the last one this instance has read (metrics). */
  async backlog(): Promise<number> {
    const rows = await this.orm.em
      .getConnection()
      .execute<{ n: string }[]>('select count(*) as n from announcement where id > ?', [String(this.lastId)]);
    return Number(rows[0]?.n ?? 0);
  }

  async start(): Promise<void> {
    const rows = await this.orm.em
      .getConnection()
      .execute<{ max: string | null }[]>('select max(id) as max from announcement');
    this.lastId = BigInt(rows[0]?.max ?? 0);
    if (this.options.listenUrl) await this.connectListener();
    const pollMs = this.options.pollMs ?? 2000;
    this.pollTimer = setInterval(() => this.poke(), pollMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const s of this.subscribers) s.queue.return();
    const listeners = [this.listener, this.connecting];
    this.listener = this.connecting = null;
    for (const listener of listeners) if (listener) await listener.end().catch(() => undefined);
    while (this.draining) await new Promise((r) => setTimeout(r, 10));
  }

  /** Something was committed (here, or NOTIFY says elsewhere): read the outbox soon. */
  poke(): void {
    if (this.stopped) return;
    void this.drain();
  }

  /**
   * A subscription's event stream. With `after`, first every matching announcement committed
   * since that cursor (at most REPLAY_MAX_EVENTS from the last REPLAY_MAX_DAYS days), in order,
   * then live ones, with no gap and no duplicate at the seam.
   */
  async subscribe(
    topic: AnnouncementTopic,
    filter: unknown,
    after: string | null | undefined,
    ctx: RequestContext,
    options: SubscribeOptions = {},
  ): Promise<AsyncIterableIterator<AnnouncementEvent>> {
    const afterId = after ? decodeAnnouncementCursor(after) : null;
    const changes = options.changes ? new Set(options.changes) : null;
    // Validates the filter (ids, codes) up front: an error here answers the subscribe message.
    const check = this.contextFor(ctx.viewer, ctx.lang);
    await this.specs[topic].check?.(check, filter);
    await this.specs[topic].matchingIds(check, filter, ['00000000-0000-0000-0000-000000000000']);
    const sub: Subscriber = {
      topic,
      filter,
      changes,
      viewer: ctx.viewer,
      lang: ctx.lang,
      groupKey: interned(
        groupKeys,
        `${topic}|${policy.visibilityKey(ctx.viewer)}|${JSON.stringify(filter ?? null)}|${changes ? [...changes].sort().join(',') : '*'}`,
      ),
      queue: new BoundedQueue<AnnouncementEvent>(this.options.queueLimit ?? 1000, () => this.remove(sub)),
      lastId: afterId ?? 0n,
      replaying: afterId != null,
      buffered: [],
    };
    this.subscribers.add(sub);
    this.armExpiry(sub);
    if (afterId != null) {
      try {
        const rows = await this.orm.em
          .getConnection()
          .execute<Row[]>(
            `select id, topic, change, entity_id from announcement where topic = ? and id > ? and created_at > now() - interval '${REPLAY_MAX_DAYS} days'${changes ? ' and change in (?)' : ''} order by id desc limit ${REPLAY_MAX_EVENTS}`,
            changes ? [topic, String(afterId), [...changes]] : [topic, String(afterId)],
          );
        await this.dispatchTo([sub], rows.reverse(), true);
      } catch (e) {
        sub.queue.fail(e);
      }
      sub.replaying = false;
      for (const event of sub.buffered) this.deliver(sub, event);
      sub.buffered = [];
    }
    return sub.queue;
  }

  /**
   * Ends the subscriptions of a staff member (whose data was erased) with UNAUTHENTICATED: their
   * viewer is gone; a client that signs in again subscribes as the new staff member.
   */
  endSubscriptionsOf(staffId: string): void {
    for (const s of this.subscribers) {
      if (s.viewer?.staffId === staffId)
        s.queue.fail(new UnauthenticatedError('Your staff record was erased: sign in again'));
    }
  }

  private remove(sub: Subscriber): void {
    if (sub.expiryTimer) clearTimeout(sub.expiryTimer);
    this.subscribers.delete(sub);
  }

  /** An expired token ends the subscription, even when no event comes. */
  private armExpiry(sub: Subscriber): void {
    const exp = sub.viewer?.expiresAt;
    if (!exp) return;
    const ms = exp * 1000 - Date.now();
    if (ms > 2_000_000_000) return;
    sub.expiryTimer = setTimeout(
      () => sub.queue.fail(new UnauthenticatedError('Token expired')),
      Math.max(ms, 0),
    );
    sub.expiryTimer.unref();
  }

  private contextFor(viewer: Viewer | null, lang: Language): RequestContext {
    return { em: this.orm.em.fork({ useContext: false }), viewer, lang, loaders: new LoaderRegistry() };
  }

  private async drain(): Promise<void> {
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = true;
    try {
      do {
        this.drainAgain = false;
        const rows = await this.orm.em
          .getConnection()
          .execute<Row[]>(
            'select id, topic, change, entity_id, created_at from announcement where id > ? order by id limit 500',
            [String(this.lastId)],
          );
        if (rows.length === 0) break;
        await this.dispatchTo([...this.subscribers], rows);
        this.lastId = BigInt(rows[rows.length - 1].id);
        if (rows.length === 500) this.drainAgain = true;
      } while (this.drainAgain && !this.stopped);
    } catch (e) {
      this.log('Reading the announcement outbox failed; retrying on the next poll', e);
    } finally {
      this.draining = false;
    }
  }

  /** Matches rows to subscribers: one object load per topic, one match query per subscriber group. */
  private async dispatchTo(subscribers: Subscriber[], rows: Row[], replay = false): Promise<void> {
    for (const topic of Object.values(AnnouncementTopic)) {
      const topicRows = rows.filter((r) => r.topic === topic);
      const topicSubs = subscribers.filter((s) => s.topic === topic && !s.queue.closed);
      if (topicRows.length === 0 || topicSubs.length === 0) continue;
      const spec = this.specs[topic];
      const ids = [...new Set(topicRows.map((r) => r.entity_id))];
      const groups = new Map<string, Subscriber[]>();
      for (const s of topicSubs) {
        const members = groups.get(s.groupKey);
        if (members) members.push(s);
        else groups.set(s.groupKey, [s]);
      }
      // The objects load while the first group's match query runs (two round trips at once).
      const loading = spec.load(this.contextFor(null, Language.FI), ids);
      loading.catch(() => undefined); // awaited below; a failure there is the drain's
      for (const members of groups.values()) {
        const first = members[0];
        const wanted = first.changes ? topicRows.filter((r) => first.changes!.has(r.change)) : topicRows;
        if (wanted.length === 0) continue;
        const wantedIds = wanted === topicRows ? ids : [...new Set(wanted.map((r) => r.entity_id))];
        const matched = await spec.matchingIds(
          this.contextFor(first.viewer, first.lang),
          first.filter,
          wantedIds,
        );
        const nodes = await loading;
        const events: AnnouncementEvent[] = [];
        for (const row of wanted) {
          const node = nodes.get(row.entity_id);
          if (!node || !matched.has(row.entity_id)) continue;
          const id = BigInt(row.id);
          events.push({ id, cursor: encodeAnnouncementCursor(id), change: row.change, node });
        }
        if (events.length === 0) continue;
        await prepareSinks(members, events);
        // The group's subscribers receive each event back to back, in synchronous runs of
        // FAN_OUT_RUN: between runs, the event loop serves requests and database replies.
        let run = 0;
        for (const event of events) {
          for (const s of members) {
            this.offer(s, event, replay);
            if (++run === FAN_OUT_RUN) {
              run = 0;
              await nextTurn();
            }
          }
        }
        if (!replay && this.options.delivered) this.observeDelay(topicRows, events);
      }
    }
  }

  private observeDelay(rows: Row[], events: AnnouncementEvent[]): void {
    const now = Date.now();
    const written = new Map(rows.map((r) => [r.id, r.created_at]));
    for (const event of events) {
      const at = written.get(String(event.id));
      if (at) this.options.delivered!(Math.max(0, now - new Date(at).getTime()) / 1000);
    }
  }

  /** Live events wait while the subscriber's replay runs; replayed ones go straight through. */
  private offer(sub: Subscriber, event: AnnouncementEvent, replay: boolean): void {
    if (sub.replaying && !replay) sub.buffered.push(event);
    else this.deliver(sub, event);
  }

  /** Pushes in id order, at most once per id (the seam between replay and live). */
  private deliver(sub: Subscriber, event: AnnouncementEvent): void {
    if (event.id <= sub.lastId) return;
    const exp = sub.viewer?.expiresAt;
    if (exp && exp * 1000 <= Date.now()) {
      sub.queue.fail(new UnauthenticatedError('Token expired'));
      return;
    }
    sub.lastId = event.id;
    sub.queue.push(event);
  }

  private async connectListener(): Promise<void> {
    // A bounded connect: a server that accepts but never answers must not hold the hub's stop.
    const client = new Client({ connectionString: this.options.listenUrl!, connectionTimeoutMillis: 5000 });
    this.connecting = client;
    const channels = this.options.channels ?? {};
    client.on('notification', (msg) => {
      if (msg.channel === NOTIFY_CHANNEL) this.poke();
      else channels[msg.channel]?.(msg.payload ?? '');
    });
    client.on('error', (e) => {
      this.log('Announcement listener lost its connection; reconnecting', e);
      this.scheduleReconnect(client);
    });
    client.on('end', () => this.scheduleReconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      for (const channel of Object.keys(channels)) await client.query(`LISTEN ${channel}`);
      if (this.connecting === client) this.connecting = null;
      if (this.stopped) {
        client.removeAllListeners('end');
        await client.end().catch(() => undefined);
        return;
      }
      this.listener = client;
      this.reconnectDelay = 250;
      this.poke(); // catch up on whatever was committed while not listening
      for (const handler of Object.values(channels)) handler(null);
    } catch (e) {
      if (this.connecting === client) this.connecting = null;
      if (this.stopped) return;
      this.log('Announcement listener could not connect; retrying', e);
      this.scheduleReconnect(client);
    }
  }

  private scheduleReconnect(client: Client): void {
    if (this.stopped || this.reconnectTimer) return;
    if (this.listener === client) this.listener = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connectListener();
    }, this.reconnectDelay);
    this.reconnectTimer.unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, 5000);
  }
}
