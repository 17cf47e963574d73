import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { actorService } from './actor.service';
import { RequestContext } from '../../common/context';
import { Language } from '../../common/enums';
import { pickLang } from '../../common/localized';
import { Payload } from '../../common/mutation';
import { expectGlobalId } from '../../common/node';
import { Region, RegionMatch, regionService } from '../region';
import { Actor } from './actor.entity';
import { contactCommands } from './contact.commands';
import { Contact, CONTACT_REGIONS, ContactRole } from './contact.entity';
import { CreateContactInput, UpdateContactInput } from './contact.inputs';
import { contactService } from './contact.service';

const CreateContactPayload = Payload('CreateContactPayload', 'contact', Contact);
const UpdateContactPayload = Payload('UpdateContactPayload', 'contact', Contact);

@ObjectType()
class DeleteContactPayload {
  @Field(() => ID, { description: 'The id of the deleted contact person.' })
  deletedId!: string;
}

@Resolver(() => Contact)
export class ContactResolver {
  @Mutation(() => CreateContactPayload, {
    description: 'Adds a contact person to an actor (editors of the actor, coordinators).',
  })
  async createContact(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateContactInput) input: CreateContactInput,
  ) {
    return { contact: await contactCommands.create(ctx, input) };
  }

  @Mutation(() => UpdateContactPayload, {
    description: 'Corrects a contact person (editors of the actor, coordinators).',
  })
  async updateContact(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { description: 'The version you saw: a stale one is a CONFLICT.' })
    version: number,
    @Arg('input', () => UpdateContactInput) input: UpdateContactInput,
  ) {
    const uuid = expectGlobalId(id, 'Contact', 'id');
    return { contact: await contactCommands.update(ctx, uuid, version, input) };
  }

  @Mutation(() => DeleteContactPayload, {
    description:
      'Removes a contact person; offerings naming them keep no contact. A stale version, also of a contact ' +
      'someone else deleted meanwhile, is a CONFLICT.',
  })
  async deleteContact(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
  ): Promise<DeleteContactPayload> {
    return { deletedId: await contactCommands.delete(ctx, expectGlobalId(id, 'Contact', 'id'), version) };
  }

  @FieldResolver(() => String, { nullable: true })
  title(
    @Root() contact: Contact,
    @Ctx() ctx: RequestContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language,
  ) {
    return pickLang(contact.titleI18n, lang ?? ctx.lang);
  }

  @FieldResolver(() => Actor, { description: 'The actor the person works for.' })
  actor(@Root() contact: Contact, @Ctx() ctx: RequestContext) {
    return actorService.findById(ctx, contact.actor.id);
  }

  @FieldResolver(() => [Region], { description: 'The regions the person is the contact for.' })
  regions(@Root() contact: Contact, @Ctx() ctx: RequestContext) {
    return regionService.regionsOf(ctx, CONTACT_REGIONS, contact.id);
  }
}

@Resolver(() => Region)
export class RegionContactsResolver {
  @FieldResolver(() => [Contact], {
    description:
      'Contact persons for the region (personal data: an empty list for anonymous readers): by default those ' +
      'whose regions serve it, so an area’s regional contact is a contact of each of its counties.',
  })
  contacts(
    @Root() region: Region,
    @Ctx() ctx: RequestContext,
    @Arg('roles', () => [ContactRole], { nullable: true, description: 'Only these roles.' })
    roles?: ContactRole[] | null,
    @Arg('regionMatch', () => RegionMatch, { nullable: true, defaultValue: RegionMatch.SERVES })
    regionMatch?: RegionMatch | null,
  ) {
    return contactService.forRegion(ctx, region.id, {
      match: regionMatch ?? RegionMatch.SERVES,
      roles: roles ?? null,
    });
  }
}
