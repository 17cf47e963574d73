import { Field, InputType } from 'type-graphql';
import { AgeGroup, Language, PublicationStatus } from '../../common/enums';
import { ActorKind } from '../actor';
import { CostType, DeliveryMode, Validity, ValidityField } from '../service-offering';
import { RegionMatch, RegionMatchField } from '../region';
import { StringListField, IdListField, PublicationStatusFilterField } from '../../common/input-fields';

/**
 * Which records the statistics count. Lists combine with AND, values inside a list with OR, with
 * the same meaning as in `serviceOfferings`, `materials` and `initiatives`. Each field applies to
 * the record types it names; the others ignore it.
 */
@InputType({
  description:
    'Which records the statistics count; each field applies to the record types named in its description.',
})
export class StatisticsFilter {
  @IdListField('Offerings and materials of these actors; initiatives they take part in.')
  actorIds?: string[] | null;

  @Field(() => [ActorKind], {
    nullable: true,
    description: 'Offerings and materials of actors of these kinds; initiatives such actors take part in.',
  })
  actorKinds?: ActorKind[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: records of the four Vaatu kinds of actors only; false: of their partners only (as actorKinds).',
  })
  vaatu?: boolean | null;

  @ValidityField()
  validity?: Validity | null;

  @StringListField(
    'Offerings and initiatives for these regions or anything inside them (materials have no region).',
  )
  regionCodes?: string[] | null;

  @RegionMatchField()
  regionMatch?: RegionMatch | null;

  @Field(() => [Language], {
    nullable: true,
    description: 'Offerings and materials in any of these languages.',
  })
  languages?: Language[] | null;

  @StringListField('Offerings in any of these service categories.')
  categoryCodes?: string[] | null;

  @Field(() => [AgeGroup], { nullable: true, description: 'Offerings for any of these age groups.' })
  ageGroups?: AgeGroup[] | null;

  @StringListField('Offerings for any of these support needs.')
  supportNeedCodes?: string[] | null;

  @Field(() => [DeliveryMode], { nullable: true, description: 'Offerings delivered in any of these ways.' })
  deliveryModes?: DeliveryMode[] | null;

  @Field(() => [CostType], { nullable: true, description: 'Offerings with any of these costs.' })
  costs?: CostType[] | null;

  @Field(() => Date, { nullable: true, description: 'Materials published after this moment.' })
  publishedAfter?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Materials published before this moment.' })
  publishedBefore?: Date | null;

  @PublicationStatusFilterField(
    'Publication status of offerings, materials and initiatives. Default: every status the viewer may see (anonymous readers: PUBLISHED only); a status the viewer may not see counts nothing.',
  )
  status?: PublicationStatus[] | null;
}
