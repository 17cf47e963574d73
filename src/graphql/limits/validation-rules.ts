import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { QueryTooComplexError } from './limit-errors';

/** The per-document limits checked at validation (once per document: Apollo caches the result). */
export interface DocumentLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
}

type Measure = 'depth' | 'aliases' | 'directives';

/**
 * graphql-armor's rejection as QUERY_TOO_COMPLEX with the measured value and the limit. armor
 * reports the value only in its message (`... limit of 12 exceeded, found 13.`), so it is read
 * from there; the e2e tests assert the numbers, so a changed wording does not go unnoticed.
 */
function reject(measure: Measure, limit: number) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    const found = /found (\d+)/.exec(error.message);
    const value = found ? Number(found[1]) : limit + 1;
    const domain = new QueryTooComplexError(
      `The operation's ${measure} is ${value}, over the limit of ${limit}`,
      measure,
      value,
      limit,
    );
    context?.reportError(new GraphQLError(domain.message, { originalError: domain }));
  };
}

/**
 * Depth, alias and directive limits as validation rules (graphql-armor), for Apollo's
 * `validationRules` and the WebSocket server's alike. Errors carry the QUERY_TOO_COMPLEX domain
 * error as `originalError`, which formatError turns into the response's code and extensions.
 * Introspection (`__schema`) does not count towards depth; `__typename` aliases are free.
 */
export function documentLimitRules(limits: DocumentLimits): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  return [
    maxDepthRule({ ...common, n: limits.maxDepth, onReject: [reject('depth', limits.maxDepth)] }),
    maxAliasesRule({ ...common, n: limits.maxAliases, onReject: [reject('aliases', limits.maxAliases)] }),
    maxDirectivesRule({
      ...common,
      n: limits.maxDirectives,
      onReject: [reject('directives', limits.maxDirectives)],
    }),
  ];
}
