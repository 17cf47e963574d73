import { ASTNode, GraphQLError, Kind, Lexer, Source, TokenKind, ValidationRule } from 'graphql';
import { DomainError, ValidationError } from '../common/errors';
import { findInputProblem, unstorableText } from '../common/input-checks';
import { QueryTooComplexError } from './limits/limit-errors';
import { sha256 } from './limits/persisted-queries';

/**
 * How deep brackets (`{ [ (`) may nest in a document. graphql-js parses recursively and runs out
 * of stack near 1,600 levels; selections are limited to MAX_QUERY_DEPTH (12) anyway.
 */
export const MAX_DOCUMENT_NESTING = 64;

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/** Whether `text` has more than `n` opening brackets at all (a cheap first look). */
function moreOpeningsThan(text: string, n: number): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 0x7b || c === 0x5b || c === 0x28) && ++count > n) return true;
  }
  return false;
}

/**
 * The deepest bracket nesting of a document, found by graphql-js's own lexer (so brackets in
 * strings and comments do not count) without parsing it; null when it is within `limit`. At most
 * `maxTokens` tokens are read (the result is then a lower bound): past them the parser refuses the
 * document by itself, and a syntax error is left to the parser to report too.
 */
export function excessNesting(text: string, limit: number, maxTokens: number): number | null {
  if (!moreOpeningsThan(text, limit)) return null;
  const lexer = new Lexer(new Source(text));
  let depth = 0;
  let deepest = 0;
  try {
    for (let tokens = 0; tokens <= maxTokens; tokens++) {
      const token = lexer.advance();
      if (token.kind === TokenKind.EOF) break;
      if (OPENING.has(token.kind)) deepest = Math.max(deepest, ++depth);
      else if (CLOSING.has(token.kind)) depth--;
    }
  } catch {
    // A syntax error: the parser reports it (the nesting up to it was counted).
  }
  return deepest > limit ? deepest : null;
}

/** The parts of a GraphQL request these checks look at (HTTP body, GET parameters, or WebSocket payload). */
export interface OperationRequest {
  query?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

/** GET requests carry `variables` and `extensions` as JSON text. */
function jsonParameter(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined; // Apollo answers the malformed parameter itself
  }
}

/**
 * The APQ extension must be `{ version: 1, sha256Hash }`, and a query sent along must have that
 * hash. (A hash alone may also be a manifest id in allow-list mode, so its form is not checked.)
 */
function persistedQueryProblem(extensions: unknown, query: unknown): ValidationError | null {
  if (!extensions || typeof extensions !== 'object' || !('persistedQuery' in extensions)) return null;
  const pq = extensions.persistedQuery;
  const field = 'extensions.persistedQuery';
  if (pq == null) return null;
  if (typeof pq !== 'object') {
    return new ValidationError(`${field} must be an object { version: 1, sha256Hash }`, [field]);
  }
  if (!('version' in pq) || pq.version !== 1) {
    return new ValidationError('Unsupported persisted query version: only version 1 is supported', [
      `${field}.version`,
    ]);
  }
  const hash = 'sha256Hash' in pq ? pq.sha256Hash : undefined;
  if (typeof hash !== 'string' || hash.length === 0 || hash.length > 200) {
    return new ValidationError(`${field}.sha256Hash must be the SHA-256 of the query (64 hex digits)`, [
      `${field}.sha256Hash`,
    ]);
  }
  if (typeof query === 'string' && query !== '' && sha256(query) !== hash) {
    return new ValidationError(`${field}.sha256Hash does not match the query`, [`${field}.sha256Hash`]);
  }
  return null;
}

/**
 * What must be refused in a request before anything parses, hashes or caches it, the same on
 * both transports: documents nested too deep for the parser (QUERY_TOO_COMPLEX), variables nested
 * too deep or holding text PostgreSQL cannot store, and a malformed persisted-query extension
 * (BAD_USER_INPUT naming the field). Null when there is nothing to refuse; other malformations
 * (a query that is not a string, say) are left to the GraphQL server, which answers them.
 */
export function requestProblem(request: OperationRequest, maxTokens: number): DomainError | null {
  const { query } = request;
  const pq = persistedQueryProblem(jsonParameter(request.extensions), query);
  if (pq) return pq;
  if (typeof query === 'string') {
    const nesting = excessNesting(query, MAX_DOCUMENT_NESTING, maxTokens);
    if (nesting != null) {
      return new QueryTooComplexError(
        `The operation nests brackets at least ${nesting} levels deep, over the limit of ${MAX_DOCUMENT_NESTING}`,
        'nesting',
        nesting,
        MAX_DOCUMENT_NESTING,
      );
    }
  }
  const variables = jsonParameter(request.variables);
  if (variables && typeof variables === 'object' && !Array.isArray(variables)) {
    for (const [name, value] of Object.entries(variables)) {
      const problem = findInputProblem(value, name);
      if (problem) return new ValidationError(problem.message, [problem.field]);
    }
  }
  return null;
}

/** The argument and input fields a literal sits in, e.g. `input.title.fi`. */
function literalPath(ancestors: readonly (ASTNode | readonly ASTNode[])[]): string {
  const names: string[] = [];
  for (const node of ancestors) {
    if (
      !Array.isArray(node) &&
      'kind' in node &&
      (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD)
    ) {
      names.push(node.name.value);
    }
  }
  return names.join('.');
}

/**
 * String literals in the document must be storable too (the lexer already refuses unpaired
 * surrogates, but `"\u0000"` is a valid GraphQL escape): BAD_USER_INPUT naming the argument.
 * Variables are checked by `requestProblem`.
 */
export const storableTextRule: ValidationRule = (context) => ({
  StringValue(node, _key, parent, _path, ancestors) {
    const why = unstorableText(node.value);
    if (!why) return;
    const field = literalPath(parent ? [...ancestors, parent] : ancestors) || 'query';
    const problem = new ValidationError(`${field} ${why}`, [field]);
    context.reportError(new GraphQLError(problem.message, { nodes: [node], originalError: problem }));
  },
});
