import type { ApolloServerPlugin } from '@apollo/server';
import { DomainError } from '../../common/errors';
import type { RequestContext } from '../../common/context';
import { RateLimitedError, requestError } from './limit-errors';
import { budgetKey, OperationLimits } from './operation-limits';

/**
 * The limits over HTTP, as one Apollo plugin (no per-field hooks: a handful of calls per request).
 * Once Apollo has parsed (tokens: `limits.parseOptions`) and validated (depth, aliases, directives:
 * `limits.validationRules`) an operation, its cost is estimated and charged to the client's budget;
 * every response then carries `extensions.cost`. The allow-list is a gate in front of Apollo
 * (`allowListGate`).
 */
export function limitsPlugin(limits: OperationLimits): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const report = limits.newReport();
      return {
        async didResolveOperation({ document, operation, request, contextValue }) {
          if (!operation) return; // execution reports the missing or ambiguous operation
          try {
            await limits.admit(document, operation, request.variables, budgetKey(contextValue), report);
          } catch (e) {
            if (e instanceof RateLimitedError) {
              throw requestError(e, 429, [['retry-after', String(e.retryAfter)]]);
            }
            if (e instanceof DomainError) throw requestError(e, 400);
            throw e;
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const cost = await limits.complete(report, budgetKey(contextValue));
          // Read the other plugins' extensions only now (after the await), or they would be lost.
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost };
        },
      };
    },
  };
}
