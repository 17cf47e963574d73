import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ValidationError } from '../../common/errors';
import { RequestContext } from '../../common/context';
import { AgeGroupTerm, ServiceCategory, SupportNeed } from './taxonomy.entity';

/** The seeded taxonomies, in their defined order. */
export const taxonomyService = {
  serviceCategories(ctx: RequestContext): Promise<ServiceCategory[]> {
    return ctx.em.find(ServiceCategory, {}, { orderBy: { position: 'asc', code: 'asc' } });
  },
  supportNeeds(ctx: RequestContext): Promise<SupportNeed[]> {
    return ctx.em.find(SupportNeed, {}, { orderBy: { position: 'asc', code: 'asc' } });
  },
  ageGroups(ctx: RequestContext): Promise<AgeGroupTerm[]> {
    return ctx.em.find(AgeGroupTerm, {}, { orderBy: { position: 'asc', code: 'asc' } });
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
