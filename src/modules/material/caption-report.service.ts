import { raw } from '@mikro-orm/postgresql';
import { RequestContext } from '../../common/context';
import { PublicationStatus } from '../../common/enums';
import { NotFoundError } from '../../common/errors';
import { expectGlobalIds, toGlobalId } from '../../common/node';
import { Actor } from '../actor';
import { policy } from '../auth';
import { CaptionReportRow } from './caption-report.types';
import { captionSql } from './captions';
import { CaptionReportFilter } from './captions.inputs';
import { MaterialKind, SharedMaterial } from './material.entity';

interface CountRow {
  publisher_id: string;
  published: number;
  captioned: number;
  missing: number;
  overdue: number;
  unknown: number;
}

/** The caption report: per publisher, its PUBLISHED videos by captioning, and the overdue ones. */
export const captionReportService = {
  async report(
    ctx: RequestContext,
    filter: CaptionReportFilter | null | undefined,
  ): Promise<CaptionReportRow[]> {
    const requested = filter?.publisherIds?.length
      ? [...new Set(expectGlobalIds(filter.publisherIds, 'Actor', 'filter.publisherIds'))]
      : null;
    const scope = policy.captionReportScope(ctx.viewer, requested);
    if (scope) {
      const found = new Set(
        (await ctx.em.find(Actor, { id: { $in: scope } }, { fields: ['id'] })).map((a) => a.id),
      );
      const unknown = scope.find((id) => !found.has(id));
      if (unknown) throw new NotFoundError('Actor', toGlobalId('Actor', unknown));
    }
    /** The PUBLISHED videos the report counts (alias `e`). */
    const videos = () => {
      const qb = ctx.em
        .createQueryBuilder(SharedMaterial, 'e')
        .where({ kind: MaterialKind.VIDEO, status: PublicationStatus.PUBLISHED });
      if (scope) qb.andWhere({ publisher: { $in: scope } });
      if (filter?.publishedAfter) qb.andWhere({ publishedAt: { $gt: filter.publishedAfter } });
      if (filter?.publishedBefore) qb.andWhere({ publishedAt: { $lt: filter.publishedBefore } });
      return qb;
    };
    const counts = await videos()
      .select([
        'e.publisher_id',
        raw('count(*)::int as published'),
        raw(`(count(*) filter (where ${captionSql.captioned('e')}))::int as captioned`),
        raw(`(count(*) filter (where ${captionSql.missing('e')}))::int as missing`),
        raw(`(count(*) filter (where ${captionSql.overdue('e')}))::int as overdue`),
        raw(`(count(*) filter (where ${captionSql.unknown('e')}))::int as unknown`),
      ])
      .groupBy('e.publisher_id')
      .execute<CountRow[]>('all', false);
    const overdueVideos = await videos()
      .andWhere(captionSql.overdue('e'))
      .orderBy({ publishedAt: 'asc', id: 'asc' })
      .getResultList();
    const publisherIds = scope ?? counts.map((c) => c.publisher_id);
    const publishers = await ctx.em.find(Actor, { id: { $in: publisherIds } });
    const byId = new Map(counts.map((c) => [c.publisher_id, c]));
    return publishers
      .map((publisher) => {
        const c = byId.get(publisher.id);
        return {
          publisher,
          published: c?.published ?? 0,
          captioned: c?.captioned ?? 0,
          missing: c?.missing ?? 0,
          overdue: c?.overdue ?? 0,
          unknown: c?.unknown ?? 0,
          overdueVideos: overdueVideos.filter((m) => m.publisher.id === publisher.id),
        };
      })
      .sort((a, b) => (a.publisher.sortName ?? '').localeCompare(b.publisher.sortName ?? '', 'fi'));
  },
};
