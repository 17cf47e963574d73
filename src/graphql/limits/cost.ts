import {
  DocumentNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLSchema,
  isCompositeType,
  isListType,
  OperationDefinitionNode,
} from 'graphql';
import { ComplexityEstimator, ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, pageSize } from '../../common/pagination';
import { QueryTooComplexError } from './limit-errors';

/**
 * Costs of expensive fields, by name: a bare name is a field of the root Query (or Subscription)
 * type, `Type.field` any other field. The number replaces the field's own cost of 1; what is
 * selected inside it is still added (and multiplied by its page size). Fields that do not exist
 * (yet) are ignored, so this map can list them ahead of time.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  search: 10,
  serviceCoverage: 50,
  statistics: 20,
};

export interface CostModel {
  /** See {@link FIELD_COSTS}. */
  fieldCosts: Readonly<Record<string, number>>;
  /** Items assumed in a list without `first` (or `ids`), and in a connection without `first`. */
  defaultListSize: number;
  /** The own cost of each root mutation field (it writes and audits). */
  mutationCost: number;
}

export const DEFAULT_COST_MODEL: CostModel = {
  fieldCosts: FIELD_COSTS,
  defaultListSize: DEFAULT_PAGE_SIZE,
  mutationCost: 10,
};

/** Evaluations of one selection after another (fragments are re-evaluated where spread). */
const MAX_EVALUATED_SELECTIONS = 10_000;

/**
 * The cost model, as one graphql-query-complexity estimator (in the spirit of Shopify's and
 * GitHub's):
 *
 * - a scalar or enum field costs 0 (the row it belongs to is paid for already);
 * - an object field costs 1 plus what is selected inside it; a root mutation field costs 10;
 * - a field with a `first` argument (a connection) costs 1 + first × (what is selected inside),
 *   `first` defaulting to 20; `first` outside 0..100 is BAD_USER_INPUT, as the resolvers say;
 * - any other list of objects costs 1 + n × (what is selected inside each item), n being the
 *   length of an `ids` argument, else 20;
 * - inside a connection, `edges` and `nodes` are not multiplied again (their length is the
 *   connection's `first`) and `pageInfo` is free;
 * - introspection (`__schema`, `__type`) costs 1;
 * - {@link FIELD_COSTS} and type-graphql's `complexity` option (a number: the field's own cost;
 *   a function: the whole estimate) override the above.
 */
export function createCostEstimator(model: CostModel = DEFAULT_COST_MODEL): ComplexityEstimator {
  return (options: ComplexityEstimatorArgs): number => {
    const { type, field, args, childComplexity } = options;
    const custom: unknown = field.extensions?.complexity;
    if (typeof custom === 'function') return (custom as ComplexityEstimator)(options) ?? 0;
    if (field.name === '__schema' || field.name === '__type') return 1;
    if (type.name.startsWith('__')) return 0;

    const fieldType = getNullableType(field.type);
    const composite = isCompositeType(getNamedType(field.type));
    const root = rootKind(options);
    const own =
      model.fieldCosts[`${type.name}.${field.name}`] ??
      (root === 'query' || root === 'subscription' ? model.fieldCosts[field.name] : undefined) ??
      (typeof custom === 'number' ? custom : undefined) ??
      (root === 'mutation' ? model.mutationCost : composite ? 1 : 0);

    if (field.args.some((a) => a.name === 'first')) {
      return own + pageSize(args.first as number | null | undefined) * childComplexity;
    }
    if (type.name.endsWith('Connection')) {
      // The items are paid for by the connection's `first`; pageInfo and totalCount are per page.
      return isListType(fieldType) ? own + childComplexity : 0;
    }
    if (isListType(fieldType) && composite) {
      const ids: unknown = args.ids;
      const n = Array.isArray(ids) ? ids.length : model.defaultListSize;
      return own + n * childComplexity;
    }
    return own + childComplexity;
  };
}

type RootKind = 'query' | 'mutation' | 'subscription' | null;

/** Which root type `options.type` is, if any (the estimator gets the schema only through it). */
function rootKind(options: ComplexityEstimatorArgs): RootKind {
  const name = options.type.name;
  if (name === 'Query') return 'query';
  if (name === 'Mutation') return 'mutation';
  if (name === 'Subscription') return 'subscription';
  return null;
}

/**
 * Estimates operations once per document and variables: the same query text gets the same
 * DocumentNode from Apollo's document cache, so a repeated operation costs a map lookup.
 */
export class CostCalculator {
  private readonly estimators: ComplexityEstimator[];
  private readonly cache = new WeakMap<DocumentNode, Map<string, number>>();

  constructor(
    private readonly schema: GraphQLSchema,
    model: CostModel = DEFAULT_COST_MODEL,
  ) {
    this.estimators = [createCostEstimator(model)];
  }

  /**
   * The estimated cost of `operation` in `document` with `variables`. Throws BAD_USER_INPUT for a
   * `first` out of range and QUERY_TOO_COMPLEX when there is too much to even estimate; returns
   * null when the variables do not fit the operation (execution reports that as usual).
   */
  cost(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | undefined,
  ): number | null {
    const operationName = operation.name?.value;
    const key = operation.variableDefinitions?.length
      ? `${operationName ?? ''}\n${JSON.stringify(variables ?? {})}`
      : (operationName ?? '');
    let costs = this.cache.get(document);
    const known = costs?.get(key);
    if (known !== undefined) return known;
    let cost: number;
    try {
      cost = getComplexity({
        schema: this.schema,
        query: document,
        operationName,
        variables: variables as Record<string, unknown> | undefined,
        estimators: this.estimators,
        maxQueryNodes: MAX_EVALUATED_SELECTIONS,
      });
    } catch (e) {
      if (e instanceof GraphQLError && /maximum allowed number of nodes/.test(e.message)) {
        throw new QueryTooComplexError(
          `The operation has more than ${MAX_EVALUATED_SELECTIONS} selections to evaluate`,
          'selections',
          MAX_EVALUATED_SELECTIONS + 1,
          MAX_EVALUATED_SELECTIONS,
        );
      }
      if (e instanceof GraphQLError) return null;
      throw e;
    }
    if (!costs) this.cache.set(document, (costs = new Map()));
    // Variables vary without end (ids, search words): keep a bounded number per document.
    if (costs.size >= 64) costs.clear();
    costs.set(key, cost);
    return cost;
  }
}
