import { registerEnumType } from 'type-graphql';

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
