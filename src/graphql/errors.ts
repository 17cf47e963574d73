import { unwrapResolverError } from '@apollo/server/errors';
import {
  CheckConstraintViolationException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
  ValidationError as OrmValidationError,
} from '@mikro-orm/core';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError } from '../common/errors';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable';
import { redactText } from '../common/redact';
import { tokenLimitError } from './limits/limit-errors';
import { withoutSuggestions } from './limits/suggestions';

/** Codes that GraphQL itself or Apollo produce for bad requests: their messages are safe to show. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
]);

type Logger = (message: string, error: unknown) => void;

export interface FormatErrorOptions {
  /** Remove GraphQL's "Did you mean ...?" suggestions (production). */
  hideSuggestions?: boolean;
}

/**
 * PostgreSQL's query_canceled (statement_timeout, or an administrator cancelled the statement), as
 * the driver's error or MikroORM's DriverException: both carry the SQLSTATE in `code`.
 */
function isQueryCanceled(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === '57014';
}

/** The argument an input class is passed as, by this schema's naming convention. */
function argumentName(target: unknown): string | null {
  const name = target && typeof target === 'object' ? target.constructor.name : '';
  if (name.endsWith('Filter')) return 'filter';
  if (name.endsWith('Order')) return 'orderBy';
  if (name.endsWith('Input')) return 'input';
  return null;
}

/** Paths of the inputs class-validator rejected, e.g. `input.title.fi`. */
function validationFields(error: ArgumentValidationError): string[] {
  const out: string[] = [];
  const walk = (errs: ArgumentValidationError['extensions']['validationErrors'], prefix: string) => {
    for (const e of errs ?? []) {
      const path = prefix ? `${prefix}.${e.property}` : e.property;
      if (e.constraints && Object.keys(e.constraints).length) out.push(path);
      walk(e.children as never, path);
    }
  };
  const errors = error.extensions.validationErrors ?? [];
  walk(errors, argumentName(errors[0]?.target) ?? '');
  return out;
}

/** Input paths named in GraphQL's own variable-coercion messages (`Variable "$input" ... at "input.url"`). */
function fieldsFromMessage(message: string): string[] {
  const at = /at "([^"]+)"/.exec(message);
  if (at) return [at[1]];
  const variable = /Variable "\$([A-Za-z0-9_]+)"/.exec(message);
  return variable ? [variable[1]] : [];
}

/**
 * The one place where errors become client-facing: domain errors get their code, validation
 * errors the offending input paths, and everything unknown is masked as INTERNAL_SERVER_ERROR
 * (logged here, never shown: no stack, SQL or driver text reaches a client). No message carries
 * an e-mail address or phone number: GraphQL's own messages quote rejected input values.
 */
export function makeFormatError(log: Logger, options: FormatErrorOptions = {}) {
  const format = formatWith(log, options);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const out = format(formatted, error);
    return { ...out, message: redactText(out.message) };
  };
}

function formatWith(log: Logger, options: FormatErrorOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    let original = unwrapResolverError(error);
    // Errors re-wrapped on the way (e.g. by graphql-ws around a failing event stream).
    while (original instanceof GraphQLError && original.originalError) original = original.originalError;
    // graphql-js's own token limit, raised while parsing.
    if (original instanceof GraphQLError) original = tokenLimitError(original) ?? original;
    // Every answer keeps the error's locations and path; only its message and extensions vary.
    const answer = (message: string, extensions: GraphQLFormattedError['extensions']) => ({
      message,
      locations: formatted.locations,
      path: formatted.path,
      extensions,
    });
    if (original instanceof DomainError) {
      return answer(original.message, { code: original.code, ...original.extensions });
    }
    if (original instanceof ArgumentValidationError) {
      const fields = validationFields(original);
      return answer(`Invalid input: ${fields.join(', ') || 'arguments'}`, { code: 'BAD_USER_INPUT', fields });
    }
    if (original instanceof OptimisticLockError) {
      return answer('The record was changed by someone else: reload it and try again', { code: 'CONFLICT' });
    }
    if (original instanceof UniqueConstraintViolationException) {
      return answer('A record with the same unique value exists already', { code: 'CONFLICT' });
    }
    if (
      original instanceof CheckConstraintViolationException ||
      original instanceof ForeignKeyConstraintViolationException ||
      original instanceof NotNullConstraintViolationException
    ) {
      log('Constraint violation', original);
      return answer('The input breaks a rule of the data (a value is missing, unknown or out of range)', {
        code: 'BAD_USER_INPUT',
        fields: [],
      });
    }
    if (original instanceof OrmValidationError) {
      log('ORM validation error', original);
    }
    if (isDatabaseUnavailable(original)) {
      log('Database unavailable', original);
      return answer('The database cannot be reached right now: try again shortly', {
        code: 'SERVICE_UNAVAILABLE',
        retryAfter: RETRY_AFTER_SECONDS,
      });
    }
    if (isQueryCanceled(original)) {
      log('Statement cancelled (statement_timeout)', original);
      return answer('The operation took too long and was cancelled', { code: 'INTERNAL_SERVER_ERROR' });
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const { stacktrace: _stack, ...rest } = formatted.extensions ?? {};
      void _stack;
      let message = formatted.message.replace(/^Context creation failed: /, '');
      if (options.hideSuggestions) message = withoutSuggestions(message);
      if (code === 'BAD_USER_INPUT' && !Array.isArray(rest.fields)) rest.fields = fieldsFromMessage(message);
      return answer(message, rest);
    }
    log('Unexpected error', original);
    return answer('Internal server error', { code: 'INTERNAL_SERVER_ERROR' });
  };
}
