import { GraphQLError, GraphQLFormattedError } from 'graphql';

/** The HTTP side's error formatter (codes kept, internals masked), applied to socket errors too. */
export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** Formats errors as over HTTP. */
export function formatAll(errors: readonly GraphQLError[], format: FormatError): GraphQLFormattedError[] {
  return errors.map((e) => format(e.toJSON(), e));
}

/**
 * Errors that refuse an operation, formatted as over HTTP: graphql-ws takes `GraphQLError`s from
 * `onSubscribe`, so the formatted ones are wrapped again (only message and extensions are kept).
 */
export function refusal(errors: readonly GraphQLError[], format: FormatError): GraphQLError[] {
  return formatAll(errors, format).map((e) => new GraphQLError(e.message, { extensions: e.extensions }));
}
