import {
  getMetadataStorage,
  validateOrReject,
  ValidationError,
  type ValidatorOptions,
} from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';

/** type-graphql's own defaults with the schema's settings: missing properties are not checked. */
const OPTIONS: ValidatorOptions = { forbidUnknownValues: false, skipMissingProperties: true };

/** Per argument class: whether class-validator has any rule for it (fixed once modules are loaded). */
const rulesByClass = new WeakMap<Function, boolean>();

/** Whether `value` is an object whose class declares class-validator rules. */
function declaresRules(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const type = value.constructor;
  let known = rulesByClass.get(type);
  if (known === undefined) {
    known = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).length > 0;
    rulesByClass.set(type, known);
  }
  return known;
}

/**
 * Checks a resolver's arguments with class-validator, as type-graphql does by default (an input
 * object or each object of a list, `ArgumentValidationError` with class-validator's errors), but
 * only for classes that declare rules. type-graphql's default looks the library up with `require`
 * and walks an empty rule set for every argument of every field it resolves: a page's `first` and
 * `after` on each of twenty nested lists cost a few per cent of a request.
 */
export async function validateArgs(value: unknown): Promise<void> {
  const objects = Array.isArray(value) ? value.filter(declaresRules) : declaresRules(value) ? [value] : [];
  if (objects.length === 0) return;
  try {
    await Promise.all(objects.map((o) => validateOrReject(o, OPTIONS)));
  } catch (error) {
    if (Array.isArray(error) && error.every((e) => e instanceof ValidationError))
      throw new ArgumentValidationError(error);
    throw error;
  }
}
