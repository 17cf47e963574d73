import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../common/context';
import { Actor } from '../actor/actor.entity';
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

  @FieldResolver(() => Actor, { nullable: true })
  actor(@Root() staff: StaffMember) {
    return staff.actor ? staff.actor.load() : null;
  }
}
