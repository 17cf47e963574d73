import { Matches, MaxLength } from 'class-validator';
import { URLResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { Language } from '../../common/enums';
import { LocalizedStringInput } from '../../common/localized';
import { ActorKind } from './actor.entity';
import { RegionCodesInputField, RegionMatch, RegionMatchField } from '../region';
import { OrderInput } from '../../common/order';
import {
  IdListField,
  LocalizedInputField,
  OptionalLocalizedInputField,
  SearchFilterField,
  StringListField,
} from '../../common/input-fields';

@InputType()
export class ActorFilter {
  @IdListField()
  ids?: string[] | null;

  @Field(() => [ActorKind], { nullable: true })
  kinds?: ActorKind[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: the four Vaatu kinds of actors only; false: their partners only.',
  })
  vaatu?: boolean | null;

  @StringListField('Actors serving these regions (see regionMatch).')
  regionCodes?: string[] | null;

  @RegionMatchField()
  regionMatch?: RegionMatch | null;

  @Field(() => [Language], { nullable: true, description: 'Actors working in any of these languages.' })
  languages?: Language[] | null;

  @Field(() => ID, { nullable: true, description: 'Only the units of this actor.' })
  parentId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only top-level actors; false: only units.' })
  topLevel?: boolean | null;

  @SearchFilterField()
  search?: string | null;
}

export enum ActorOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
export const ActorOrder = OrderInput('ActorOrder', ActorOrderField);
export type ActorOrder = InstanceType<typeof ActorOrder>;

@InputType({ description: 'A new actor or unit (coordinators only).' })
export class CreateActorInput {
  @Field(() => String, { description: 'Lower-case words joined by hyphens, e.g. `valteri-onerva`.' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  @MaxLength(100)
  slug!: string;

  @Field(() => ActorKind)
  kind!: ActorKind;

  @LocalizedInputField()
  name!: LocalizedStringInput;

  @OptionalLocalizedInputField()
  description?: LocalizedStringInput | null;

  @Field(() => URLResolver, { nullable: true })
  website?: URL | null;

  @Field(() => [Language], { nullable: true })
  languages?: Language[] | null;

  @RegionCodesInputField('Codes of the regions served.')
  regionCodes?: string[] | null;

  @Field(() => String, { nullable: true })
  municipalityCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Makes the new actor a unit of this one.' })
  parentId?: string | null;
}

@InputType({
  description:
    'Editors change their own actor’s description, website, languages and regions; coordinators also the name.',
})
export class UpdateActorInput {
  @OptionalLocalizedInputField('Coordinators only.')
  name?: LocalizedStringInput | null;

  @OptionalLocalizedInputField()
  description?: LocalizedStringInput | null;

  @Field(() => URLResolver, { nullable: true })
  website?: URL | null;

  @Field(() => [Language], { nullable: true })
  languages?: Language[] | null;

  @RegionCodesInputField()
  regionCodes?: string[] | null;

  @Field(() => String, { nullable: true })
  municipalityCode?: string | null;
}
