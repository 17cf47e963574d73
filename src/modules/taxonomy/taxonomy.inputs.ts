import { ArrayMaxSize, ArrayNotEmpty, IsOptional } from 'class-validator';
import { Field } from 'type-graphql';
import { StringListField } from '../../common/input-fields';

/**
 * The `categoryCodes` of a write input (an offering, a need): at least one service category code,
 * at most 20. `optional`: an update's field, where null or left out keeps the categories. One
 * declaration of the limits for every feature whose records have categories.
 */
export function CategoryCodesInputField(
  options: { optional?: boolean; description?: string } = {},
): PropertyDecorator {
  const { optional = false, description } = options;
  return (target, key) => {
    // Applied in the order the stacked decorators were (bottom first).
    ArrayMaxSize(20)(target, key as string);
    ArrayNotEmpty()(target, key as string);
    if (optional) IsOptional()(target, key as string);
    Field(() => [String], {
      ...(optional ? { nullable: true } : {}),
      ...(description === undefined ? {} : { description }),
    })(target, key);
  };
}

/** The `supportNeedCodes` of a write input (an offering, a need): at most 30 support need codes. */
export function SupportNeedCodesInputField(): PropertyDecorator {
  return StringListField(undefined, 30);
}
