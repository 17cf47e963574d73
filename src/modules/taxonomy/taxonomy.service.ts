import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ValidationError } from '../../common/errors';
import { RequestContext } from '../../common/context';
import { loadLinked } from '../../common/linked';
import { listAll, selection } from '../../common/list-query';
import { rawSql } from '../../common/sql';
import { AgeGroupTerm, ServiceCategory, SupportNeed } from './taxonomy.entity';

type Term = { code: string; position: number };

/**
 * The records that link taxonomy terms alike: `<owner>_category` and `<owner>_support_need`,
 * keyed by `<owner>_id`.
 */
type TermOwner = 'service_offering' | 'service_need';

const TERM_ORDER = rawSql('e.position asc, e.code asc');

/** The seeded taxonomies, in their defined order. */
export const taxonomyService = {
  serviceCategories(ctx: RequestContext): Promise<ServiceCategory[]> {
    return listAll(ctx.em, selection(ServiceCategory), TERM_ORDER);
  },
  supportNeeds(ctx: RequestContext): Promise<SupportNeed[]> {
    return listAll(ctx.em, selection(SupportNeed), TERM_ORDER);
  },
  ageGroups(ctx: RequestContext): Promise<AgeGroupTerm[]> {
    return listAll(ctx.em, selection(AgeGroupTerm), TERM_ORDER);
  },

  /**
   * The terms of `entity` linked to `ownerId` through the pivot `table` (its `ownerColumn` and the
   * term code in `codeColumn`), in taxonomy order; batched per request, pivot and terms in one
   * statement.
   */
  linkedTerms<T extends Term>(
    ctx: RequestContext,
    entity: EntityName<T>,
    table: string,
    ownerColumn: string,
    codeColumn: string,
    ownerId: string,
  ): Promise<T[]> {
    return loadLinked(
      ctx,
      {
        table,
        ownerColumn,
        targetColumn: codeColumn,
        entity,
        key: 'code',
        joined: true,
        compare: (a, b) => a.position - b.position || a.code.localeCompare(b.code),
      },
      ownerId,
    );
  },

  /** The service categories of an offering or need, in taxonomy order (batched per request). */
  categoriesOf(ctx: RequestContext, owner: TermOwner, ownerId: string): Promise<ServiceCategory[]> {
    const table = `${owner}_category`;
    return taxonomyService.linkedTerms(ctx, ServiceCategory, table, `${owner}_id`, 'category_code', ownerId);
  },

  /** The support needs of an offering or need, in taxonomy order (batched per request). */
  supportNeedsOf(ctx: RequestContext, owner: TermOwner, ownerId: string): Promise<SupportNeed[]> {
    const table = `${owner}_support_need`;
    return taxonomyService.linkedTerms(ctx, SupportNeed, table, `${owner}_id`, 'support_need_code', ownerId);
  },
};

async function requireCodes<T extends { code: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  codes: readonly string[],
  field: string,
  label: string,
): Promise<T[]> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return [];
  const found = (await em.find(entity, { code: { $in: unique } } as FilterQuery<T>)) as T[];
  const missing = unique.filter((c) => !found.some((t) => t.code === c));
  if (missing.length) throw new ValidationError(`Unknown ${label} code(s): ${missing.join(', ')}`, [field]);
  return found;
}

/** Taxonomy terms by code; unknown codes are BAD_USER_INPUT on `field`. */
export const requireTerms = {
  categories: (em: EntityManager, codes: readonly string[], field: string) =>
    requireCodes(em, ServiceCategory, codes, field, 'service category'),
  supportNeeds: (em: EntityManager, codes: readonly string[], field: string) =>
    requireCodes(em, SupportNeed, codes, field, 'support need'),
};
