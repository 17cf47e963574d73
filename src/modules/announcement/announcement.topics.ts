import type { EntityName } from '@mikro-orm/core';
import { loadManyById } from '../../common/by-id';
import { Event, EventFilter, eventService } from '../event';
import { RequestContext } from '../../common/context';
import { JointInitiative, InitiativeFilter, initiativeService } from '../initiative';
import { SharedMaterial, MaterialFilter, materialService } from '../material';
import { ServiceOffering, ServiceOfferingFilter, serviceOfferingService } from '../service-offering';
import { AnnouncementTopic } from '../outbox';
import { TopicSpec } from './announcement.hub';

function loader<T extends { id: string }>(entity: EntityName<T>) {
  return async (ctx: RequestContext, ids: string[]) => {
    const found = await loadManyById(ctx, entity, ids);
    return new Map<string, unknown>(found.map((e) => [e.id, e]));
  };
}

/** Each topic's objects and filter semantics: the same as the matching list query. */
export const topicSpecs: Record<AnnouncementTopic, TopicSpec> = {
  [AnnouncementTopic.MATERIAL_PUBLISHED]: {
    load: loader(SharedMaterial),
    matchingIds: (ctx, filter, ids) => materialService.matchingIds(ctx, filter as MaterialFilter | null, ids),
  },
  [AnnouncementTopic.SERVICE_OFFERING_CHANGED]: {
    load: loader(ServiceOffering),
    check: (ctx, filter) => serviceOfferingService.checkFilter(ctx, filter as ServiceOfferingFilter | null),
    matchingIds: (ctx, filter, ids) =>
      serviceOfferingService.matchingIds(ctx, filter as ServiceOfferingFilter | null, ids),
  },
  [AnnouncementTopic.INITIATIVE_CHANGED]: {
    load: loader(JointInitiative),
    check: (ctx, filter) => initiativeService.checkFilter(ctx, filter as InitiativeFilter | null),
    matchingIds: (ctx, filter, ids) =>
      initiativeService.matchingIds(ctx, filter as InitiativeFilter | null, ids),
  },
  [AnnouncementTopic.EVENT_CHANGED]: {
    load: loader(Event),
    check: (ctx, filter) => eventService.checkFilter(ctx, filter as EventFilter | null),
    matchingIds: (ctx, filter, ids) => eventService.matchingIds(ctx, filter as EventFilter | null, ids),
  },
};
