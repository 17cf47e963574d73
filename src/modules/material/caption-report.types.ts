import { Field, Int, ObjectType } from 'type-graphql';
import type { Actor } from '../actor';
import { SharedMaterial } from './material.entity';

/** One publisher's captioning of its PUBLISHED videos. */
@ObjectType()
export class CaptionReportRow {
  publisher!: Actor;

  @Field(() => Int, { description: 'PUBLISHED videos.' })
  published!: number;

  @Field(() => Int, { description: 'With captions in every spoken language.' })
  captioned!: number;

  @Field(() => Int, { description: 'Missing captions in a spoken language (CAPTIONS_MISSING).' })
  missing!: number;

  @Field(() => Int, { description: 'Of those, missing for more than 14 days after publication.' })
  overdue!: number;

  @Field(() => Int, { description: 'Spoken languages not given (CAPTIONS_UNKNOWN).' })
  unknown!: number;

  @Field(() => [SharedMaterial], { description: 'The overdue videos, longest overdue first.' })
  overdueVideos!: SharedMaterial[];
}
