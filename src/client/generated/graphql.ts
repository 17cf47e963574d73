/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AccessibilityIssueCode =
  /** A spoken language of the video has no captions. */
  | 'CAPTIONS_MISSING'
  /** Captions are still missing more than 14 days after publication (PUBLISHED videos). */
  | 'CAPTIONS_OVERDUE'
  /** The video’s spoken languages are not given: its captions cannot be checked. */
  | 'CAPTIONS_UNKNOWN';

/** Content languages of the hub. */
export type Language =
  | 'EN'
  | 'FI'
  | 'SV';

export type MaterialFilter = {
  /** Materials with any of these accessibility issues (videos without captions). */
  accessibilityIssues?: Array<AccessibilityIssueCode> | null | undefined;
  /** Materials any of these actors contributed to. */
  contributorIds?: Array<string | number> | null | undefined;
  ids?: Array<string | number> | null | undefined;
  initiativeIds?: Array<string | number> | null | undefined;
  /** E.g. [VIDEO] for videos only. */
  kinds?: Array<MaterialKind> | null | undefined;
  languages?: Array<Language> | null | undefined;
  publishedAfter?: string | null | undefined;
  publishedBefore?: string | null | undefined;
  publisherIds?: Array<string | number> | null | undefined;
  /** Full-text search of the title, description and other text in Finnish, Swedish and English: inflected forms match; "quoted phrases", `or` and `-word` work. When the words match nothing, word beginnings and titles with typos do. */
  search?: string | null | undefined;
  /** Default: every status the viewer may see. */
  status?: Array<PublicationStatus> | null | undefined;
  /** Materials with any of these tags. */
  tags?: Array<string> | null | undefined;
};

export type MaterialKind =
  | 'DOCUMENT'
  | 'GUIDE'
  | 'OTHER'
  | 'SCREENING_TOOL'
  | 'TRAINING_MATERIAL'
  | 'VIDEO'
  | 'WEB_PAGE';

/** Only PUBLISHED records are visible to anonymous readers. */
export type PublicationStatus =
  | 'ARCHIVED'
  | 'DRAFT'
  | 'PUBLISHED';

export type LatestMaterialsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type LatestMaterialsQuery = { materials: { nodes: Array<{ id: string, title: string, url: string, publisher: { name: string } }> } };

export type NewMaterialsSubscriptionVariables = Exact<{
  filter?: MaterialFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type NewMaterialsSubscription = { materialPublished: { cursor: string, material: { id: string, kind: MaterialKind, title: string, url: string, publisher: { name: string } } } };


export const LatestMaterialsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LatestMaterials"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"materials"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"PUBLISHED_AT"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LatestMaterialsQuery, LatestMaterialsQueryVariables>;
export const NewMaterialsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"NewMaterials"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MaterialFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"materialPublished"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"material"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<NewMaterialsSubscription, NewMaterialsSubscriptionVariables>;