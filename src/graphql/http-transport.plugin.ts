import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { RequestContext } from '../common/context';
import { ValidationError } from '../common/errors';
import { RETRY_AFTER_SECONDS } from '../db/unavailable';
import { requestError } from './limits/limit-errors';

/** The header and value that tell a client when to retry after SERVICE_UNAVAILABLE. */
export const RETRY_AFTER: [string, string] = ['retry-after', String(RETRY_AFTER_SECONDS)];

/**
 * What HTTP needs beyond GraphQL: subscriptions are refused (they are served over WebSocket; over
 * HTTP graphql-js would run the subscription's event mapper without an event), and a response
 * with a SERVICE_UNAVAILABLE error (the database could not be reached) is HTTP 503 with
 * `Retry-After`, for queries and mutations alike.
 */
export function httpTransportPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') {
            throw requestError(
              new ValidationError(
                'Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql, not over HTTP',
                ['query'],
              ),
              400,
            );
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const unavailable = response.body.singleResult.errors?.some(
            (e) => e.extensions?.code === 'SERVICE_UNAVAILABLE',
          );
          if (!unavailable) return;
          response.http.status = 503;
          response.http.headers.set(...RETRY_AFTER);
        },
      };
    },
  };
}

/**
 * A database failure outside execution (building the context, reading the response cache's
 * version) as the error Apollo answers with 503 and `Retry-After`; formatError gives it the
 * SERVICE_UNAVAILABLE code from the wrapped cause.
 */
export function unavailableError(cause: unknown): GraphQLError {
  return new GraphQLError('The database cannot be reached right now', {
    originalError: cause instanceof Error ? cause : new Error(String(cause)),
    extensions: { http: { status: 503, headers: new HeaderMap([RETRY_AFTER]) } },
  });
}
