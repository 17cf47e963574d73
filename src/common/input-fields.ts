import { ArrayMaxSize, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID } from 'type-graphql';
import { PublicationStatus } from './enums';
import { LocalizedStringInput } from './localized';
import { MAX_QUERY_LENGTH, SEARCH_FILTER_DESCRIPTION } from './text-search';

/**
 * Field decorators for the arguments the list filters and write inputs of every feature share:
 * one declaration each of the GraphQL type, the description and the validation, so that a limit
 * or a description changes in one place for every list.
 */

/** What a field's type function returns (type-graphql does not export the type). */
type TypeValue = ReturnType<NonNullable<Parameters<typeof Field>[0]>>;

function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };
}

/** An optional list of at most `max` values of `type` (null or left out: no condition). */
export function OptionalList(type: () => TypeValue, max: number, description?: string): PropertyDecorator {
  return all(
    Field(() => [type()], description === undefined ? { nullable: true } : { nullable: true, description }),
    IsOptional(),
    ArrayMaxSize(max),
  );
}

/** An optional list of global ids, at most `max` (100 unless given). */
export function IdListField(description?: string, max = 100): PropertyDecorator {
  return OptionalList(() => ID, max, description);
}

/** An optional list of strings (codes, tags, type names), at most `max` (100 unless given). */
export function StringListField(description?: string, max = 100): PropertyDecorator {
  return OptionalList(() => String, max, description);
}

/** The `search` text of a list filter (full-text search with near-miss fallbacks). */
export function SearchFilterField(): PropertyDecorator {
  return all(
    Field(() => String, { nullable: true, description: SEARCH_FILTER_DESCRIPTION }),
    IsOptional(),
    MaxLength(MAX_QUERY_LENGTH),
  );
}

/** A list filter on publication status; what a viewer may not see is never listed whatever it asks. */
export function PublicationStatusFilterField(
  description = 'Default: every status the viewer may see.',
): PropertyDecorator {
  return Field(() => [PublicationStatus], { nullable: true, description });
}

/** A localised text every record of the type has (its title): validated language by language. */
export function LocalizedInputField(description?: string): PropertyDecorator {
  return all(
    Field(() => LocalizedStringInput, description === undefined ? {} : { description }),
    ValidateNested(),
  );
}

/** An optional localised text (null or left out: see `mergeLocalized` for what each means). */
export function OptionalLocalizedInputField(description?: string): PropertyDecorator {
  return all(
    Field(
      () => LocalizedStringInput,
      description === undefined ? { nullable: true } : { nullable: true, description },
    ),
    IsOptional(),
    ValidateNested(),
  );
}
