import { URLResolver } from 'graphql-scalars';
import { DateScalar } from '../../common/scalars';
import { Field, ID, InputType } from 'type-graphql';
import { AgeGroup, Language, PublicationStatus } from '../../common/enums';
import { LocalizedStringInput } from '../../common/localized';
import { ActorKind } from '../actor';
import { CostType, DeliveryMode } from './service-offering.entity';
import { Validity, ValidityField } from './validity';
import { RegionCodesInputField, RegionMatch, RegionMatchField } from '../region';
import { CategoryCodesInputField, SupportNeedCodesInputField } from '../taxonomy';
import { OrderInput } from '../../common/order';
import {
  IdListField,
  LocalizedInputField,
  OptionalLocalizedInputField,
  PublicationStatusFilterField,
  SearchFilterField,
  StringListField,
} from '../../common/input-fields';

/** Filters combine with AND; the values inside one list with OR. */
@InputType()
export class ServiceOfferingFilter {
  @IdListField()
  ids?: string[] | null;

  @IdListField()
  actorIds?: string[] | null;

  @Field(() => [ActorKind], { nullable: true })
  actorKinds?: ActorKind[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: offerings of the four Vaatu kinds of actors only; false: of their partners only.',
  })
  vaatu?: boolean | null;

  @StringListField()
  categoryCodes?: string[] | null;

  @Field(() => [AgeGroup], { nullable: true })
  ageGroups?: AgeGroup[] | null;

  @StringListField()
  supportNeedCodes?: string[] | null;

  @StringListField('Offerings serving these regions (see regionMatch).')
  regionCodes?: string[] | null;

  @RegionMatchField()
  regionMatch?: RegionMatch | null;

  @Field(() => [Language], { nullable: true })
  languages?: Language[] | null;

  @Field(() => [DeliveryMode], { nullable: true })
  deliveryModes?: DeliveryMode[] | null;

  @Field(() => [CostType], { nullable: true })
  costs?: CostType[] | null;

  @PublicationStatusFilterField(
    'Default: every status the viewer may see (anonymous readers: PUBLISHED only).',
  )
  status?: PublicationStatus[] | null;

  @Field(() => Boolean, { nullable: true })
  referralRequired?: boolean | null;

  @ValidityField()
  validity?: Validity | null;

  @SearchFilterField()
  search?: string | null;
}

export enum ServiceOfferingOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  TITLE = 'TITLE',
}
export const ServiceOfferingOrder = OrderInput('ServiceOfferingOrder', ServiceOfferingOrderField);
export type ServiceOfferingOrder = InstanceType<typeof ServiceOfferingOrder>;

/** What create and update inputs of an offering share beyond its core fields (a base only). */
@InputType()
class OfferingDetailsFields {
  @Field(() => URLResolver, { nullable: true, description: 'The offering’s own web page.' })
  url?: URL | null;

  @OptionalLocalizedInputField('How to apply for the service.')
  howToApply?: LocalizedStringInput | null;
}

@InputType({ description: 'A new service offering: created as DRAFT.' })
export class CreateServiceOfferingInput extends OfferingDetailsFields {
  @Field(() => ID)
  actorId!: string;

  @LocalizedInputField()
  title!: LocalizedStringInput;

  @OptionalLocalizedInputField()
  description?: LocalizedStringInput | null;

  @CategoryCodesInputField({ description: 'At least one service category code.' })
  categoryCodes!: string[];

  @Field(() => [AgeGroup], { nullable: true })
  ageGroups?: AgeGroup[] | null;

  @SupportNeedCodesInputField()
  supportNeedCodes?: string[] | null;

  @RegionCodesInputField('Codes of the regions served.')
  regionCodes?: string[] | null;

  @Field(() => [Language], { nullable: true })
  languages?: Language[] | null;

  @Field(() => [DeliveryMode], { nullable: true })
  deliveryModes?: DeliveryMode[] | null;

  @Field(() => CostType, { nullable: true, description: 'Default FREE.' })
  cost?: CostType | null;

  @Field(() => Boolean, { nullable: true, description: 'Default false.' })
  referralRequired?: boolean | null;

  @Field(() => DateScalar, { nullable: true })
  validFrom?: Date | null;

  @Field(() => DateScalar, { nullable: true })
  validUntil?: Date | null;

  @Field(() => ID, { nullable: true, description: 'A contact person of the same actor.' })
  contactId?: string | null;
}

@InputType({ description: 'Fields to change; fields left out stay as they are.' })
export class UpdateServiceOfferingInput extends OfferingDetailsFields {
  @OptionalLocalizedInputField('Languages given replace; left-out languages stay.')
  title?: LocalizedStringInput | null;

  @OptionalLocalizedInputField()
  description?: LocalizedStringInput | null;

  @CategoryCodesInputField({ optional: true })
  categoryCodes?: string[] | null;

  @Field(() => [AgeGroup], { nullable: true })
  ageGroups?: AgeGroup[] | null;

  @SupportNeedCodesInputField()
  supportNeedCodes?: string[] | null;

  @RegionCodesInputField()
  regionCodes?: string[] | null;

  @Field(() => [Language], { nullable: true })
  languages?: Language[] | null;

  @Field(() => [DeliveryMode], { nullable: true })
  deliveryModes?: DeliveryMode[] | null;

  @Field(() => CostType, { nullable: true })
  cost?: CostType | null;

  @Field(() => Boolean, { nullable: true })
  referralRequired?: boolean | null;

  @Field(() => DateScalar, { nullable: true })
  validFrom?: Date | null;

  @Field(() => DateScalar, { nullable: true })
  validUntil?: Date | null;

  @Field(() => ID, { nullable: true })
  contactId?: string | null;
}
