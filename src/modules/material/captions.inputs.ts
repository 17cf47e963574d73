import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Which published videos the caption report counts.' })
export class CaptionReportFilter {
  @Field(() => [ID], {
    nullable: true,
    description: 'These publishers (a row each, zeros included). Editors: their own actor only.',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  publisherIds?: string[] | null;

  @Field(() => Date, { nullable: true, description: 'Videos published after this time.' })
  publishedAfter?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Videos published before this time.' })
  publishedBefore?: Date | null;
}
