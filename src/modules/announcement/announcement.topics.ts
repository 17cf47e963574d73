import type { EntityName } from '@mikro-orm/core';
import { RequestContext } from '../../common/context';
import { JointInitiative } from '../initiative/initiative.entity';
import { InitiativeFilter } from '../initiative/initiative.inputs';
import { initiativeService } from '../initiative/initiative.service';
import { SharedMaterial } from '../material/material.entity';
import { MaterialFilter } from '../material/material.inputs';
import { materialService } from '../material/material.service';
import { requireRegionsByCode } from '../region/region.service';
import { ServiceOffering } from '../service-offering/service-offering.entity';
import { ServiceOfferingFilter } from '../service-offering/service-offering.inputs';
import { serviceOfferingService } from '../service-offering/service-offering.service';
import { AnnouncementTopic } from './announcement.entity';
import { TopicSpec } from './announcement.hub';

function loader<T extends { id: string }>(entity: EntityName<T>) {
  return async (ctx: RequestContext, ids: string[]) => {
    const found = (await ctx.em.find(entity, { id: { $in: ids } } as never)) as T[];
    return new Map<string, unknown>(found.map((e) => [e.id, e]));
  };
}

/** Unknown region codes in a filter are BAD_USER_INPUT, as in the coverage and statistics filters. */
async function knownRegions(ctx: RequestContext, filter: unknown): Promise<void> {
  const codes = (filter as { regionCodes?: string[] | null } | null)?.regionCodes;
  if (codes?.length) await requireRegionsByCode(ctx.em, codes, 'filter.regionCodes');
}

/** Each topic's objects and filter semantics: the same as the matching list query. */
export const topicSpecs: Record<AnnouncementTopic, TopicSpec> = {
  [AnnouncementTopic.MATERIAL_PUBLISHED]: {
    load: loader(SharedMaterial),
    matchingIds: (ctx, filter, ids) => materialService.matchingIds(ctx, filter as MaterialFilter | null, ids),
  },
  [AnnouncementTopic.SERVICE_OFFERING_CHANGED]: {
    validate: knownRegions,
    load: loader(ServiceOffering),
    matchingIds: (ctx, filter, ids) =>
      serviceOfferingService.matchingIds(ctx, filter as ServiceOfferingFilter | null, ids),
  },
  [AnnouncementTopic.INITIATIVE_CHANGED]: {
    validate: knownRegions,
    load: loader(JointInitiative),
    matchingIds: (ctx, filter, ids) =>
      initiativeService.matchingIds(ctx, filter as InitiativeFilter | null, ids),
  },
};
