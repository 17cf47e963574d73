import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { actorService, Actor } from '../actor';
import { RequestContext } from '../../common/context';
import { policy } from '../auth';
import { staffService } from './staff.instance';
import { StaffMember } from './staff-member.entity';

@Resolver(() => StaffMember)
export class StaffMemberResolver {
  @Query(() => StaffMember, {
    nullable: true,
    description: 'The signed-in staff member; null when anonymous.',
  })
  viewer(@Ctx() ctx: RequestContext) {
    return staffService.findViewer(ctx);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'E-mail address: only to coordinators and to the staff member themselves (else null).',
  })
  email(@Root() staff: StaffMember, @Ctx() ctx: RequestContext): string | null {
    return policy.canSeeStaffEmail(ctx.viewer, staff.id) ? (staff.email ?? null) : null;
  }

  @FieldResolver(() => Actor, { nullable: true })
  actor(@Root() staff: StaffMember, @Ctx() ctx: RequestContext) {
    return staff.actor ? actorService.findById(ctx, staff.actor.id) : null;
  }
}
