import { Field, InputType } from 'type-graphql';
import { IdListField } from '../../common/input-fields';

@InputType({ description: 'Which published videos the caption report counts.' })
export class CaptionReportFilter {
  @IdListField('These publishers (a row each, zeros included). Editors: their own actor only.')
  publisherIds?: string[] | null;

  @Field(() => Date, { nullable: true, description: 'Videos published after this time.' })
  publishedAfter?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Videos published before this time.' })
  publishedBefore?: Date | null;
}
