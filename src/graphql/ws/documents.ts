import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  parse,
  ParseOptions,
  specifiedRules,
  validate,
  ValidationRule,
} from 'graphql';

/** A parsed and validated document, with the one instance of its text that is kept. */
export interface CachedDocument {
  text: string;
  document: DocumentNode;
}

/** How many documents are kept before the cache starts over. */
const MAX_DOCUMENTS = 500;

/**
 * Parsed and validated documents by query text. Thousands of subscribers usually send the same
 * few queries: each is parsed and validated once, and its subscribers share the document (which
 * lets the fan-out group them by document, see `fan-out.ts`) and the text.
 */
export class DocumentCache {
  private readonly documents = new Map<string, CachedDocument>();
  private readonly rules: readonly ValidationRule[];

  constructor(
    private readonly schema: GraphQLSchema,
    validationRules: readonly ValidationRule[],
    private readonly parseOptions: ParseOptions,
  ) {
    this.rules = [...specifiedRules, ...validationRules];
  }

  /** The cached document for `source`, or the parse or validation errors (with their codes). */
  load(source: string): CachedDocument | readonly GraphQLError[] {
    const known = this.documents.get(source);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(source, this.parseOptions);
    } catch (e) {
      const err = e instanceof GraphQLError ? e : new GraphQLError('Syntax error');
      return [
        new GraphQLError(err.message, { originalError: err, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
      ];
    }
    const errors = validate(this.schema, document, this.rules);
    if (errors.length) {
      return errors.map((e) =>
        e.extensions?.code
          ? e
          : new GraphQLError(e.message, {
              nodes: e.nodes,
              originalError: e.originalError,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
      );
    }
    if (this.documents.size >= MAX_DOCUMENTS) this.documents.clear();
    const cached = { text: source, document };
    this.documents.set(source, cached);
    return cached;
  }
}
