import { IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { URLResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Language, PublicationStatus } from '../../common/enums';
import { LocalizedStringInput } from '../../common/localized';
import { AccessibilityIssueCode } from './captions';
import { MaterialKind } from './material.entity';
import { OrderInput } from '../../common/order';
import {
  IdListField,
  LocalizedInputField,
  OptionalLocalizedInputField,
  PublicationStatusFilterField,
  SearchFilterField,
  StringListField,
} from '../../common/input-fields';

@InputType()
export class MaterialFilter {
  @IdListField()
  ids?: string[] | null;

  @Field(() => [MaterialKind], { nullable: true, description: 'E.g. [VIDEO] for videos only.' })
  kinds?: MaterialKind[] | null;

  @IdListField()
  publisherIds?: string[] | null;

  @IdListField()
  initiativeIds?: string[] | null;

  @IdListField('Materials any of these actors contributed to.')
  contributorIds?: string[] | null;

  @Field(() => [Language], { nullable: true })
  languages?: Language[] | null;

  @StringListField('Materials with any of these tags.', 50)
  tags?: string[] | null;

  @Field(() => Date, { nullable: true })
  publishedAfter?: Date | null;

  @Field(() => Date, { nullable: true })
  publishedBefore?: Date | null;

  @PublicationStatusFilterField()
  status?: PublicationStatus[] | null;

  @SearchFilterField()
  search?: string | null;

  @Field(() => [AccessibilityIssueCode], {
    nullable: true,
    description: 'Materials with any of these accessibility issues (videos without captions).',
  })
  accessibilityIssues?: AccessibilityIssueCode[] | null;
}

export enum MaterialOrderField {
  PUBLISHED_AT = 'PUBLISHED_AT',
  CREATED_AT = 'CREATED_AT',
  TITLE = 'TITLE',
}
export const MaterialOrder = OrderInput('MaterialOrder', MaterialOrderField, {
  PUBLISHED_AT: { description: 'Publication time (creation time for drafts).' },
});
export type MaterialOrder = InstanceType<typeof MaterialOrder>;

@InputType()
export class VideoDetailsInput {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(100000)
  durationSeconds?: number | null;

  @Field(() => [Language], { nullable: true })
  captionLanguages?: Language[] | null;

  @Field(() => [Language], {
    nullable: true,
    description:
      'Languages spoken in the video: each needs captions (CAPTIONS_MISSING otherwise). Not given: CAPTIONS_UNKNOWN.',
  })
  spokenLanguages?: Language[] | null;

  @Field(() => URLResolver, { nullable: true })
  thumbnailUrl?: URL | null;
}

/** Who made a material besides its publisher: create and update inputs share it (a base only). */
@InputType()
class MaterialContributorFields {
  @IdListField('Other actors that made the material with the publisher, in order (replaces the list).', 20)
  contributorIds?: string[] | null;
}

@InputType({ description: 'A new material or video: created as DRAFT; a VIDEO needs `video`.' })
export class CreateSharedMaterialInput extends MaterialContributorFields {
  @Field(() => ID)
  publisherId!: string;

  @Field(() => MaterialKind)
  kind!: MaterialKind;

  @LocalizedInputField()
  title!: LocalizedStringInput;

  @OptionalLocalizedInputField()
  description?: LocalizedStringInput | null;

  @Field(() => URLResolver)
  url!: URL;

  @Field(() => [Language], { nullable: true })
  languages?: Language[] | null;

  @StringListField('Free tags, stored in lower case.', 30)
  @MaxLength(50, { each: true })
  tags?: string[] | null;

  @Field(() => ID, { nullable: true })
  initiativeId?: string | null;

  @Field(() => VideoDetailsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  video?: VideoDetailsInput | null;
}

@InputType({ description: 'Fields to change; fields left out stay as they are.' })
export class UpdateSharedMaterialInput extends MaterialContributorFields {
  @Field(() => MaterialKind, { nullable: true })
  kind?: MaterialKind | null;

  @OptionalLocalizedInputField()
  title?: LocalizedStringInput | null;

  @OptionalLocalizedInputField()
  description?: LocalizedStringInput | null;

  @Field(() => URLResolver, { nullable: true })
  url?: URL | null;

  @Field(() => [Language], { nullable: true })
  languages?: Language[] | null;

  @StringListField(undefined, 30)
  @MaxLength(50, { each: true })
  tags?: string[] | null;

  @Field(() => ID, { nullable: true })
  initiativeId?: string | null;

  @Field(() => VideoDetailsInput, {
    nullable: true,
    description:
      'The video fields given replace, those left out stay (add captions with `captionLanguages` alone).',
  })
  @IsOptional()
  @ValidateNested()
  video?: VideoDetailsInput | null;
}
