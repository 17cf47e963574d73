import { Field, InputType } from 'type-graphql';
import { AgeGroup, Language } from '../../common/enums';
import { ActorKind } from '../actor';
import { Validity, ValidityField } from '../service-offering';
import { RegionMatch, RegionMatchField } from '../region';
import { StringListField } from '../../common/input-fields';

/**
 * Narrows a coverage matrix. `categoryCodes` and `regionCodes` choose the columns and rows; the
 * other fields choose which offerings (and, where they apply, which needs) are counted. Lists
 * combine with AND; the values inside one list with OR. An empty list is the same as none.
 */
@InputType({ description: 'Narrows a coverage matrix: which cells, and which offerings count in them.' })
export class CoverageFilter {
  @StringListField('Only these service categories (columns).')
  categoryCodes?: string[] | null;

  @StringListField(
    'Only regions of the level that are one of these or inside them (rows): `["KYS"]` with `WELLBEING_COUNTY` gives the counties of the KYS area.',
  )
  regionCodes?: string[] | null;

  @RegionMatchField(
    'How offerings and needs reach a cell’s region: SERVES (default: attached to the region, to a region ' +
      'inside it or containing it), WITHIN (the region or inside it) or EXACT (the region itself).',
  )
  regionMatch?: RegionMatch | null;

  @Field(() => [AgeGroup], {
    nullable: true,
    description:
      'Offerings (and needs) for any of these age groups; overlap then compares these age groups only.',
  })
  ageGroups?: AgeGroup[] | null;

  @StringListField('Offerings (and needs) for any of these support needs.')
  supportNeedCodes?: string[] | null;

  @Field(() => [ActorKind], { nullable: true, description: 'Offerings of actors of these kinds.' })
  actorKinds?: ActorKind[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: offerings of the four Vaatu kinds of actors only; false: of their partners only.',
  })
  vaatu?: boolean | null;

  @ValidityField()
  validity?: Validity | null;

  @Field(() => [Language], { nullable: true, description: 'Offerings available in any of these languages.' })
  languages?: Language[] | null;
}
