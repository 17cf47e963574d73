import { InputType, registerEnumType } from 'type-graphql';
import { RegionMatch, RegionMatchField } from '../region';
import { Validity, ValidityField } from '../service-offering';
import { StringListField } from '../../common/input-fields';

/** The kinds of records `search` covers. */
export enum SearchType {
  ACTOR = 'ACTOR',
  SERVICE_OFFERING = 'SERVICE_OFFERING',
  INITIATIVE = 'INITIATIVE',
  MATERIAL = 'MATERIAL',
  EVENT = 'EVENT',
}
registerEnumType(SearchType, {
  name: 'SearchType',
  description: 'The kinds of records `search` covers.',
  valuesConfig: {
    ACTOR: { description: 'Actors (`Actor`).' },
    SERVICE_OFFERING: { description: 'Service offerings (`ServiceOffering`).' },
    INITIATIVE: { description: 'Joint initiatives (`JointInitiative`).' },
    MATERIAL: { description: 'Shared materials and videos (`SharedMaterial`).' },
    EVENT: { description: 'Events (`Event`).' },
  },
});

/** Narrows `search` the way the lists' filters do. */
@InputType({ description: 'Narrows `search` as the lists’ filters do.' })
export class SearchFilter {
  @StringListField(
    'Actors, offerings, initiatives and events for these regions (see regionMatch); materials have no region and are not narrowed.',
  )
  regionCodes?: string[] | null;

  @RegionMatchField()
  regionMatch?: RegionMatch | null;

  @ValidityField()
  validity?: Validity | null;
}
