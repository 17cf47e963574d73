import { RequestContext } from '../../common/context';
import { OrderDirection } from '../../common/enums';
import { loadById } from '../../common/by-id';
import { selection } from '../../common/list-query';
import { ListArgs, listService, ParentLink } from '../../common/list-service';
import { rawSql, sql } from '../../common/sql';
import { expectGlobalIds } from '../../common/node';
import { Page } from '../../common/pagination';
import { textMatchSql } from '../../common/text-search';
import { loadLinked } from '../../common/linked';
import { Actor } from '../actor';
import { policy } from '../auth';
import { captionSql } from './captions';
import { MATERIAL_TEXT, SharedMaterial } from './material.entity';
import { MaterialFilter, MaterialOrder, MaterialOrderField } from './material.inputs';

const ORDER_FIELDS = {
  [MaterialOrderField.PUBLISHED_AT]: { prop: 'sortPublishedAt', column: 'sort_published_at' },
  [MaterialOrderField.CREATED_AT]: { prop: 'createdAt', column: 'created_at' },
  [MaterialOrderField.TITLE]: { prop: 'sortTitle', column: 'sort_title' },
};
const DEFAULT_ORDER = { field: MaterialOrderField.PUBLISHED_AT, direction: OrderDirection.DESC };

export type MaterialListArgs = ListArgs<MaterialFilter, MaterialOrder>;

function visibleQuery(ctx: RequestContext, filter: MaterialFilter | null | undefined) {
  const f = filter ?? {};
  return selection(
    SharedMaterial,
    policy.visibleSql(ctx.viewer, 'e.status', 'e.publisher_id = ?'),
    f.ids?.length ? sql`e.id in (${expectGlobalIds(f.ids, 'SharedMaterial', 'filter.ids')})` : null,
    f.kinds?.length ? sql`e.kind in (${f.kinds})` : null,
    f.publisherIds?.length
      ? sql`e.publisher_id in (${expectGlobalIds(f.publisherIds, 'Actor', 'filter.publisherIds')})`
      : null,
    f.initiativeIds?.length
      ? sql`e.initiative_id in (${expectGlobalIds(f.initiativeIds, 'JointInitiative', 'filter.initiativeIds')})`
      : null,
    f.contributorIds?.length
      ? sql`e.id in (select shared_material_id from shared_material_contributor where actor_id in (${expectGlobalIds(
          f.contributorIds,
          'Actor',
          'filter.contributorIds',
        )}))`
      : null,
    f.languages?.length ? sql`e.languages && array[${f.languages}]::text[]` : null,
    f.tags?.length ? sql`e.tags && array[${f.tags}]::text[]` : null,
    f.publishedAfter ? sql`e.published_at > ${f.publishedAfter}` : null,
    f.publishedBefore ? sql`e.published_at < ${f.publishedBefore}` : null,
    f.status?.length ? sql`e.status in (${f.status})` : null,
    textMatchSql(MATERIAL_TEXT, f.search),
    f.accessibilityIssues?.length ? rawSql(captionSql.anyOf('e', f.accessibilityIssues)) : null,
  );
}

// No filter check: the material filter names no regions.
const lists = listService(visibleQuery, ORDER_FIELDS, DEFAULT_ORDER);

/** The parents whose nested `materials` lists batch: a material has one of each (or no initiative). */
const PARENTS: Record<'publisher' | 'initiative', ParentLink> = {
  publisher: { name: 'SharedMaterial.by.publisher', column: 'e.publisher_id' },
  initiative: { name: 'SharedMaterial.by.initiative', column: 'e.initiative_id' },
};

/** Reading shared materials and videos; drafts are visible to the publisher's staff and coordinators. */
export const materialService = {
  /** The rows the viewer may see (alias `e`), narrowed by `filter`: the base of lists and search. */
  visibleQuery,

  /**
   * Which of `ids` the viewer may see and `filter` matches: the same rules as the list query,
   * used to route live announcements to subscribers.
   */
  matchingIds: lists.matchingIds,

  list: lists.list,

  /** Materials of many parents (publishers or initiatives) with the same arguments, batched. */
  forParent(
    ctx: RequestContext,
    parent: 'publisher' | 'initiative',
    parentId: string,
    args: MaterialListArgs,
  ): Promise<Page<SharedMaterial>> {
    return lists.forParent(ctx, PARENTS[parent], parentId, args);
  },

  /** Other actors that made the material, in its order (batched per request). */
  contributorsOf(ctx: RequestContext, materialId: string): Promise<Actor[]> {
    return loadLinked(
      ctx,
      {
        table: 'shared_material_contributor',
        ownerColumn: 'shared_material_id',
        targetColumn: 'actor_id',
        orderColumn: 'position',
        entity: Actor,
        key: 'id',
      },
      materialId,
    );
  },

  async findVisibleById(ctx: RequestContext, id: string): Promise<SharedMaterial | null> {
    const material = await loadById(ctx, SharedMaterial, id);
    if (!material || !policy.canRead(ctx.viewer, material.status, [material.publisher.id])) return null;
    return material;
  },
};
