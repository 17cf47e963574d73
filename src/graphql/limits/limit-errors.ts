import { HeaderMap } from '@apollo/server';
import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';
import { DomainError, ForbiddenError } from '../../common/errors';

/**
 * An operation over one of the limits. `extensions` name the measured value (`cost`, `depth`,
 * `aliases`, `tokens`, `directives`, `nesting` of brackets, or `selections` for a document too
 * large to estimate) and the `limit`.
 */
export class QueryTooComplexError extends DomainError {
  readonly code = 'QUERY_TOO_COMPLEX';
  constructor(
    message: string,
    readonly measure: 'cost' | 'depth' | 'aliases' | 'tokens' | 'directives' | 'selections' | 'nesting',
    readonly value: number,
    readonly limit: number,
  ) {
    super(message);
    this.extensions[measure] = value;
    this.extensions.limit = limit;
  }
}

/** The client's budget cannot pay for this operation now; `retryAfter` seconds until it can. */
export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(
    readonly cost: number,
    readonly retryAfter: number,
    readonly available: number,
  ) {
    super(
      `Rate limited: this operation costs ${cost}, ${available} points are left; retry in ${retryAfter} s`,
    );
    this.extensions.cost = cost;
    this.extensions.retryAfter = retryAfter;
  }
}

/** The allow-list mode refused an operation that is not in the persisted-query manifest. */
export class OperationNotAllowedError extends ForbiddenError {
  constructor() {
    super('Only registered (persisted) operations are accepted by this server');
  }
}

/**
 * A domain error as a GraphQLError that Apollo answers with this HTTP status (and headers);
 * formatError then turns it into `{ code, ...extensions }` like every domain error.
 */
export function requestError(
  error: DomainError,
  status: number,
  headers: [string, string][] = [],
): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { code: error.code, http: { status, headers: new HeaderMap(headers) } },
  });
}

// graphql-js 16 words it "more that" (sic); accept the corrected wording too.
const TOKEN_LIMIT = /Document contains more th(?:at|an) (\d+) tokens/;

/**
 * graphql-js's own `maxTokens` parse error, as QUERY_TOO_COMPLEX with the document's token count.
 * The count lexes the rejected document once more, to its end: only rejected documents pay it,
 * and their size is bounded by the request body limit.
 */
export function tokenLimitError(error: GraphQLError): QueryTooComplexError | null {
  const match = TOKEN_LIMIT.exec(error.message);
  if (!match) return null;
  const limit = Number(match[1]);
  const tokens = error.source ? countTokens(error.source) : limit + 1;
  return new QueryTooComplexError(
    `The operation has ${tokens} tokens, more than the limit of ${limit}`,
    'tokens',
    tokens,
    limit,
  );
}

function countTokens(source: Source): number {
  const lexer = new Lexer(source);
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) n++;
  } catch {
    // A lexical error further on: what was counted so far is over the limit already.
  }
  return n;
}
