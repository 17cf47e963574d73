import { URLResolver } from 'graphql-scalars';
import { DateScalar } from '../../common/scalars';
import { Field, ID, InputType } from 'type-graphql';
import { PublicationStatus } from '../../common/enums';
import { LocalizedStringInput } from '../../common/localized';
import { InitiativeKind, InitiativeStatus, ParticipantRole } from './initiative.entity';
import { RegionCodesInputField, RegionMatch, RegionMatchField } from '../region';
import { OrderInput } from '../../common/order';
import {
  IdListField,
  LocalizedInputField,
  OptionalLocalizedInputField,
  PublicationStatusFilterField,
  SearchFilterField,
  StringListField,
} from '../../common/input-fields';

@InputType()
export class InitiativeFilter {
  @IdListField()
  ids?: string[] | null;

  @Field(() => [InitiativeKind], { nullable: true })
  kinds?: InitiativeKind[] | null;

  @Field(() => [InitiativeStatus], { nullable: true })
  status?: InitiativeStatus[] | null;

  @IdListField('Initiatives in which any of these actors takes part.')
  actorIds?: string[] | null;

  @Field(() => [ParticipantRole], { nullable: true, description: 'With actorIds: only in these roles.' })
  roles?: ParticipantRole[] | null;

  @StringListField('Initiatives for these regions (see regionMatch).')
  regionCodes?: string[] | null;

  @RegionMatchField()
  regionMatch?: RegionMatch | null;

  @PublicationStatusFilterField()
  publicationStatus?: PublicationStatus[] | null;

  @SearchFilterField()
  search?: string | null;
}

export enum InitiativeOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  TITLE = 'TITLE',
}
export const InitiativeOrder = OrderInput('InitiativeOrder', InitiativeOrderField);
export type InitiativeOrder = InstanceType<typeof InitiativeOrder>;

@InputType({ description: 'A new joint initiative; the lead actor (one you edit) becomes its LEAD.' })
export class CreateInitiativeInput {
  @Field(() => ID)
  leadActorId!: string;

  @LocalizedInputField()
  title!: LocalizedStringInput;

  @Field(() => InitiativeKind)
  kind!: InitiativeKind;

  @OptionalLocalizedInputField()
  description?: LocalizedStringInput | null;

  @Field(() => InitiativeStatus, { nullable: true, description: 'Default ACTIVE.' })
  status?: InitiativeStatus | null;

  @Field(() => DateScalar, { nullable: true })
  startsOn?: Date | null;

  @Field(() => DateScalar, { nullable: true })
  endsOn?: Date | null;

  @Field(() => URLResolver, { nullable: true, description: 'The initiative’s web site.' })
  website?: URL | null;

  @RegionCodesInputField()
  regionCodes?: string[] | null;

  @Field(() => PublicationStatus, {
    nullable: true,
    description: 'Default PUBLISHED; DRAFT keeps it to participants’ staff.',
  })
  publicationStatus?: PublicationStatus | null;
}

@InputType({ description: 'Fields to change; fields left out stay as they are.' })
export class UpdateInitiativeInput {
  @OptionalLocalizedInputField()
  title?: LocalizedStringInput | null;

  @Field(() => InitiativeKind, { nullable: true })
  kind?: InitiativeKind | null;

  @OptionalLocalizedInputField()
  description?: LocalizedStringInput | null;

  @Field(() => InitiativeStatus, { nullable: true })
  status?: InitiativeStatus | null;

  @Field(() => DateScalar, { nullable: true })
  startsOn?: Date | null;

  @Field(() => DateScalar, { nullable: true })
  endsOn?: Date | null;

  @Field(() => URLResolver, { nullable: true, description: 'The initiative’s web site.' })
  website?: URL | null;

  @RegionCodesInputField()
  regionCodes?: string[] | null;

  @Field(() => PublicationStatus, { nullable: true })
  publicationStatus?: PublicationStatus | null;
}
