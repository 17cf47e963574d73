/** Domain errors thrown by services; `graphql/errors.ts` maps them to GraphQL error codes. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly extensions: Record<string, unknown> = {};
}

export class ValidationError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  /** @param fields the offending input paths, e.g. `input.title` */
  constructor(
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
    this.extensions.fields = fields;
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Authentication required') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'Not allowed') {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  /** @param message in place of "<what> not found: <id>" */
  constructor(what: string, id?: string, message?: string) {
    super(message ?? (id ? `${what} not found: ${id}` : `${what} not found`));
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  constructor(message = 'The record was changed by someone else: reload it and try again') {
    super(message);
  }
}
