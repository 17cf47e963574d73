import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import { RequestContext } from '../../common/context';
import { expectGlobalId, toGlobalId } from '../../common/node';
import { erasureService } from './erasure.service';

@ObjectType()
export class EraseStaffMemberPayload {
  @Field(() => ID, { description: 'The erased staff member (now a placeholder named "[erased]").' })
  erasedId!: string;
}

@ObjectType()
export class EraseContactPayload {
  @Field(() => ID, { description: 'The erased (deleted) contact person.' })
  erasedId!: string;
}

/** Erasure of a person's data on request (GDPR art. 17): coordinators only. */
@Resolver()
export class PrivacyResolver {
  @Mutation(() => EraseStaffMemberPayload, {
    description:
      'Erases a staff member’s name, e-mail and token subject everywhere (their record, contacts, audit changes, any text). Audit entries stay, pointing to the placeholder. Coordinators only.',
  })
  async eraseStaffMember(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    const erased = await erasureService.eraseStaffMember(ctx, expectGlobalId(id, 'StaffMember', 'id'));
    return { erasedId: toGlobalId(erased.type, erased.id) };
  }

  @Mutation(() => EraseContactPayload, {
    description:
      'Deletes a contact person and erases their name, e-mail and phone everywhere (audit changes, any text). Coordinators only.',
  })
  async eraseContact(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    const erased = await erasureService.eraseContact(ctx, expectGlobalId(id, 'Contact', 'id'));
    return { erasedId: toGlobalId(erased.type, erased.id) };
  }
}
