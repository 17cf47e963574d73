import {
  Check,
  Collection,
  Embeddable,
  Embedded,
  Entity,
  Enum,
  Index,
  ManyToMany,
  ManyToOne,
  Property,
  Ref,
  Opt,
} from '@mikro-orm/core';
import { URLResolver } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Language, PublicationStatus, sqlEnumList, EnumListColumn } from '../../common/enums';
import { BaseEntity, Node } from '../../common/node';
import { TextSearchSpec } from '../../common/text-search';
import type { Actor } from '../actor';
import type { JointInitiative } from '../initiative';
import { LocalizedSearchable } from '../../common/searchable';

export enum MaterialKind {
  VIDEO = 'VIDEO',
  DOCUMENT = 'DOCUMENT',
  GUIDE = 'GUIDE',
  SCREENING_TOOL = 'SCREENING_TOOL',
  TRAINING_MATERIAL = 'TRAINING_MATERIAL',
  WEB_PAGE = 'WEB_PAGE',
  OTHER = 'OTHER',
}
registerEnumType(MaterialKind, { name: 'MaterialKind' });

/** Details of a VIDEO material (stored as JSON beside it). */
@Embeddable()
@ObjectType()
export class VideoDetails {
  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  durationSeconds?: number | null;

  @Field(() => [Language], { description: 'Languages the video has captions in.' })
  @Property({ type: 'json' })
  captionLanguages: Opt<Language[]> = [];

  /** Languages spoken in the video (the GraphQL field: `captions.resolver.ts`). */
  @Property({ type: 'json' })
  spokenLanguages: Opt<Language[]> = [];

  @Field(() => URLResolver, { nullable: true })
  @Property({ type: 'text', nullable: true })
  thumbnailUrl?: string | null;
}

/**
 * What of a material the full-text search reads: also its tags (through an immutable helper
 * function of the search migration: `array_to_string` is only stable).
 */
export const MATERIAL_TEXT: TextSearchSpec = {
  table: 'shared_material',
  title: 'title',
  description: 'description',
  extra: ['tags_search_text(tags)'],
  publicWhere: (a) => `${a}.status = 'PUBLISHED'`,
};

/** A material or video an actor shares: a guide, a screening tool, a recorded talk... */
@Entity({ tableName: 'shared_material' })
@ObjectType({ implements: Node })
@Check({
  name: 'shared_material_title_present',
  expression: 'coalesce(title_fi, title_sv, title_en) is not null',
})
@Check({
  name: 'shared_material_languages_valid',
  expression: `languages <@ array[${sqlEnumList(Language)}]::text[]`,
})
@Check({ name: 'shared_material_video_details', expression: "(kind = 'VIDEO') = (video is not null)" })
@Check({
  name: 'shared_material_published_at',
  expression: "status <> 'PUBLISHED' or published_at is not null",
})
@Index({ name: 'shared_material_status_published_idx', properties: ['status', 'sortPublishedAt', 'id'] })
export class SharedMaterial extends LocalizedSearchable(
  BaseEntity,
  'SharedMaterialSearchable',
  MATERIAL_TEXT,
) {
  @Field(() => MaterialKind)
  @Enum({ items: () => MaterialKind })
  @Index()
  kind!: MaterialKind;

  @Field(() => URLResolver)
  @Property({ type: 'text' })
  url!: string;

  @EnumListColumn(Language)
  languages: Opt<Language[]> = [];

  @Field(() => [String])
  @Property({ type: 'text[]', default: [] })
  @Index({ type: 'gin' })
  tags: Opt<string[]> = [];

  @ManyToOne('Actor', { ref: true, deleteRule: 'restrict', index: true })
  publisher!: Ref<Actor>;

  /** Other actors that made the material with the publisher, in the order given. */
  @ManyToMany({
    entity: 'Actor',
    pivotTable: 'shared_material_contributor',
    joinColumn: 'shared_material_id',
    inverseJoinColumn: 'actor_id',
    fixedOrder: true,
    fixedOrderColumn: 'position',
  })
  contributors = new Collection<Actor>(this);

  @ManyToOne('JointInitiative', { ref: true, nullable: true, deleteRule: 'set null', index: true })
  initiative?: Ref<JointInitiative> | null;

  @Field(() => PublicationStatus)
  @Enum({ items: () => PublicationStatus, default: PublicationStatus.DRAFT })
  status: Opt<PublicationStatus> = PublicationStatus.DRAFT;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  publishedAt?: Date | null;

  /** Orders materials by publication time (creation time for drafts). */
  @Property({
    type: 'timestamptz',
    generated: '(coalesce(published_at, created_at)) stored',
    nullable: true,
    hidden: true,
  })
  sortPublishedAt?: Date;

  @Field(() => VideoDetails, { nullable: true, description: 'Present for VIDEO materials.' })
  @Embedded(() => VideoDetails, { object: true, nullable: true })
  video?: VideoDetails | null;
}
