import { RequestContext } from '../../common/context';
import { ValidationError } from '../../common/errors';
import { fromGlobalId, Node } from '../../common/node';
import { actorService } from '../actor';
import { eventService } from '../event';
import { initiativeService } from '../initiative';
import { materialService } from '../material';
import { serviceNeedService } from '../need';
import { regionService } from '../region';
import { serviceOfferingService } from '../service-offering';
import { staffService } from '../staff';

type Finder = (ctx: RequestContext, id: string) => Promise<Node | null>;

/** Each node type's lookup, through its feature service (so visibility rules apply). */
const FINDERS: Record<string, Finder> = {
  Region: (ctx, id) => regionService.findById(ctx, id),
  Actor: (ctx, id) => actorService.findById(ctx, id),
  ServiceOffering: (ctx, id) => serviceOfferingService.findVisibleById(ctx, id),
  StaffMember: (ctx, id) => staffService.findById(ctx, id),
  JointInitiative: (ctx, id) => initiativeService.findVisibleById(ctx, id),
  SharedMaterial: (ctx, id) => materialService.findVisibleById(ctx, id),
  Event: (ctx, id) => eventService.findVisibleById(ctx, id),
  ServiceNeed: (ctx, id) => serviceNeedService.findVisibleById(ctx, id),
};

export const MAX_NODES = 100;

export const nodeService = {
  /** The object behind a global id, or null when it does not exist or the viewer may not see it. */
  async find(ctx: RequestContext, globalId: string): Promise<Node | null> {
    const parsed = fromGlobalId(globalId);
    // Own keys only: a type named `constructor` or `toString` is no node type, not Object's method.
    if (!parsed || !Object.hasOwn(FINDERS, parsed.type)) return null;
    return FINDERS[parsed.type](ctx, parsed.id);
  },

  async findMany(ctx: RequestContext, globalIds: string[]): Promise<(Node | null)[]> {
    if (globalIds.length > MAX_NODES) throw new ValidationError(`At most ${MAX_NODES} ids`, ['ids']);
    return Promise.all(globalIds.map((id) => nodeService.find(ctx, id)));
  },
};
