import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { staffService, StaffMember } from '../staff';
import { actorService, Actor } from '../actor';
import type { FieldChange } from '../../common/mutation';
import { RequestContext } from '../../common/context';
import { toGlobalId } from '../../common/node';
import { Connection, PageArgs, toConnection } from '../../common/pagination';
import { AuditEntry, AuditFieldChange } from './audit-entry.entity';
import { AuditLogFilter } from './audit.inputs';
import { auditService } from './audit.service';

export const AuditEntryConnection = Connection(AuditEntry, 'AuditEntry');

@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  @Query(() => AuditEntryConnection, {
    description:
      'Who changed what: coordinators see everything, editors their own actor’s entries. Newest first.',
  })
  async auditLog(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => AuditLogFilter, { nullable: true }) filter?: AuditLogFilter,
  ) {
    return toConnection(await auditService.list(ctx, { filter, ...page }));
  }

  @FieldResolver(() => ID, { description: 'Global id of the changed object.' })
  entityId(@Root() entry: AuditEntry) {
    return toGlobalId(entry.entityType, entry.entityId);
  }

  @FieldResolver(() => StaffMember, { nullable: true })
  staff(@Root() entry: AuditEntry, @Ctx() ctx: RequestContext) {
    return entry.staff ? staffService.findById(ctx, entry.staff.id) : null;
  }

  @FieldResolver(() => Actor, { nullable: true, description: 'The actor the staff member acted for.' })
  staffActor(@Root() entry: AuditEntry, @Ctx() ctx: RequestContext) {
    return entry.staffActor ? actorService.findById(ctx, entry.staffActor.id) : null;
  }

  @FieldResolver(() => Actor, { nullable: true, description: 'The actor owning the changed record.' })
  ownerActor(@Root() entry: AuditEntry, @Ctx() ctx: RequestContext) {
    return entry.ownerActor ? actorService.findById(ctx, entry.ownerActor.id) : null;
  }
}

@Resolver(() => AuditFieldChange)
export class AuditFieldChangeResolver {
  @FieldResolver(() => Boolean, {
    description:
      'The old and new values were personal data and have been removed (an erasure, or older than the retention period).',
  })
  redacted(@Root() change: FieldChange): boolean {
    return change.redacted === true;
  }
}
