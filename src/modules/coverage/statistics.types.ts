import { Field, Int, ObjectType } from 'type-graphql';
import { LocalizedString } from '../../common/localized';
import type { CountBucketData, StatisticsScope } from './statistics.service';
import { StatisticsFilter } from './statistics.inputs';

@ObjectType({ description: 'How many records share one value of a dimension.' })
export class CountBucket implements CountBucketData {
  @Field(() => String, {
    description: 'The value: an enum value, a taxonomy or region code, or a month `YYYY-MM`.',
  })
  key!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => LocalizedString, {
    nullable: true,
    description: 'The localised name of a taxonomy or region key; null for other keys.',
  })
  labelI18n!: LocalizedString | null;
}

@ObjectType({
  description:
    'Counts of the offerings, materials and initiatives the viewer may see (anonymous readers: ' +
    'PUBLISHED only) that match the filter. Every list has a bucket for each possible key, zeros ' +
    'included, in the order of the enum, taxonomy or region codes; months only where there is something.',
})
export class Statistics implements StatisticsScope {
  filter!: StatisticsFilter;
  cache!: Map<string, Promise<unknown>>;
}
