import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { compactWhenDue, CONTENT_DATA, readVersion } from '../../common/data-version';
import { finnishToday } from '../../common/dates';
import { viewerKey } from '../../graphql/response-cache/response-cache';
import type { RouteCall } from './route';

/** A rendered answer of a cacheable route. */
export interface Representation {
  body: Buffer;
  contentType: string;
  /** More headers (e.g. `Content-Disposition`). */
  headers?: Record<string, string>;
}

interface Stored extends Representation {
  lastModified: Date;
  /** What rendering it was charged: a repeated 200 is charged again, a 304 is not. */
  cost: number;
}

export interface ConditionalOptions {
  /** Seconds shared caches and clients may reuse an anonymous answer without asking again. */
  maxAge: number;
  /** What else the answer depends on besides the data, the viewer and the day: route, parameters, base URL. */
  key: unknown[];
}

/**
 * Conditional GET for the open-data routes (RFC 9110): a strong `ETag` from the content version
 * (one SQL statement: the version that the response cache uses, moved by every committed write
 * to a table the API reads), the viewer, the Finnish date (offerings in force, events ahead) and
 * what the route says its answer depends on. `If-None-Match` with that tag, or `If-Modified-Since`
 * not before the answer's `Last-Modified`, is answered 304 with no body and nothing charged.
 *
 * Answers are kept per tag in this process (bounded), so repeated fetches of one calendar or
 * feed cost the version read only. `Last-Modified` is when this process first rendered the tag:
 * never before the data it shows changed, so it never causes a wrong 304.
 */
export class ConditionalCache {
  private readonly entries: LRUCache<string, Stored>;

  constructor(maxBytes = 16 * 1024 * 1024) {
    this.entries = new LRUCache({ maxSize: maxBytes, sizeCalculation: (e) => Math.max(1, e.body.length) });
  }

  /**
   * Answers `call` from the tag, or with `render` (which charges the client when it runs and
   * returns the cost it charged).
   */
  async send(
    call: RouteCall,
    options: ConditionalOptions,
    render: () => Promise<Representation & { cost: number }>,
    charge: (cost: number) => Promise<void>,
  ): Promise<void> {
    const { ctx, req, res } = call;
    const read = await readVersion(ctx.em, CONTENT_DATA);
    await compactWhenDue(ctx.em, CONTENT_DATA, read.changes);
    const hash = createHash('sha256')
      .update(
        JSON.stringify([
          read.version,
          viewerKey(ctx.viewer),
          ctx.lang,
          finnishToday(ctx.loaders),
          options.key,
        ]),
      )
      .digest('base64url')
      .slice(0, 32);
    const etag = `"${hash}"`;
    res.set('etag', etag);
    // Appended: CORS has said Vary: Origin already.
    res.vary('Authorization').vary('Accept-Language');
    res.set(
      'cache-control',
      ctx.viewer ? 'private, no-cache' : `public, max-age=${options.maxAge}, must-revalidate`,
    );
    const stored = this.entries.get(etag);
    if (stored) res.set('last-modified', stored.lastModified.toUTCString());
    if (isFresh(req.headers['if-none-match'], req.headers['if-modified-since'], etag, stored?.lastModified)) {
      call.record.cost(0);
      res.status(304).end();
      return;
    }
    let answer: Stored;
    if (stored) {
      await charge(stored.cost);
      answer = stored;
    } else {
      const rendered = await render();
      // HTTP dates have whole seconds: a later If-Modified-Since of this value must match it.
      answer = { ...rendered, lastModified: new Date(Math.floor(Date.now() / 1000) * 1000) };
      this.entries.set(etag, answer);
      res.set('last-modified', answer.lastModified.toUTCString());
    }
    res
      .status(200)
      .set('content-type', answer.contentType)
      .set(answer.headers ?? {});
    res.send(answer.body);
  }
}

/**
 * Whether the client's copy is current: `If-None-Match` decides when present (weak comparison,
 * `*` matches any), else `If-Modified-Since` against the stored answer's `Last-Modified`.
 */
function isFresh(
  ifNoneMatch: string | undefined,
  ifModifiedSince: string | undefined,
  etag: string,
  lastModified: Date | undefined,
): boolean {
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === '*' || t === etag);
  }
  if (ifModifiedSince === undefined || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && lastModified.getTime() <= since;
}
