import { DocumentNode, GraphQLSchema, OperationDefinitionNode, ParseOptions, ValidationRule } from 'graphql';
import type { RequestContext } from '../../common/context';
import type { Config } from '../../config';
import { CostBudget, ThrottleStatus } from './budget';
import { CostCalculator, CostModel, DEFAULT_COST_MODEL } from './cost';
import { QueryTooComplexError } from './limit-errors';
import { PersistedQueryAllowList } from './persisted-queries';
import { documentLimitRules } from './validation-rules';

export type LimitsConfig = Pick<
  Config,
  | 'MAX_QUERY_COST'
  | 'MAX_QUERY_DEPTH'
  | 'MAX_QUERY_ALIASES'
  | 'MAX_QUERY_TOKENS'
  | 'MAX_QUERY_DIRECTIVES'
  | 'RATE_LIMIT_ENABLED'
  | 'RATE_LIMIT_POINTS'
  | 'RATE_LIMIT_RESTORE_RATE'
  | 'PERSISTED_QUERIES_ONLY'
  | 'PERSISTED_QUERIES_FILE'
>;

/**
 * `extensions.cost` of a response, after Shopify's: the estimated cost of the operation (null when
 * it was refused before being estimated: nothing is charged then), the most one operation may cost
 * and, with the per-client budget on, what the client may spend now.
 */
export interface CostReport {
  requestedQueryCost: number | null;
  maximumQueryCost: number;
  throttleStatus?: ThrottleStatus;
}

/**
 * The cost key of a request: the token's subject for staff, the client's address otherwise.
 */
export function budgetKey(ctx: Pick<RequestContext, 'viewer' | 'clientAddress'>): string {
  return ctx.viewer ? `sub:${ctx.viewer.subject}` : `ip:${ctx.clientAddress ?? 'unknown'}`;
}

/**
 * Every limit on an operation, shared by the HTTP (Apollo plugin) and WebSocket transports: parse
 * options (tokens), validation rules (depth, aliases, directives), the cost estimate and the
 * per-client budget, and the persisted-query allow-list.
 */
export class OperationLimits {
  readonly parseOptions: ParseOptions;
  readonly validationRules: readonly ValidationRule[];
  readonly allowList: PersistedQueryAllowList | null;
  readonly maxCost: number;
  private readonly costs: CostCalculator;
  private readonly budget: CostBudget | null;

  constructor(
    schema: GraphQLSchema,
    config: LimitsConfig,
    model: CostModel = DEFAULT_COST_MODEL,
    /** The budget's clock in milliseconds (tests move it instead of waiting for points to flow back). */
    now?: () => number,
  ) {
    this.parseOptions = { maxTokens: config.MAX_QUERY_TOKENS };
    this.validationRules = documentLimitRules({
      maxDepth: config.MAX_QUERY_DEPTH,
      maxAliases: config.MAX_QUERY_ALIASES,
      maxDirectives: config.MAX_QUERY_DIRECTIVES,
    });
    this.maxCost = config.MAX_QUERY_COST;
    this.costs = new CostCalculator(schema, model);
    this.budget = config.RATE_LIMIT_ENABLED
      ? new CostBudget({
          capacity: config.RATE_LIMIT_POINTS,
          restoreRate: config.RATE_LIMIT_RESTORE_RATE,
          now,
        })
      : null;
    this.allowList =
      config.PERSISTED_QUERIES_ONLY && config.PERSISTED_QUERIES_FILE
        ? PersistedQueryAllowList.fromFile(config.PERSISTED_QUERIES_FILE, this.parseOptions)
        : null;
  }

  /**
   * Estimates the operation and charges it to the client's budget. `report` is filled in as soon
   * as something is known, also when this throws: QUERY_TOO_COMPLEX over the cost limit,
   * BAD_USER_INPUT for a `first` out of range, RATE_LIMITED when the budget cannot pay.
   */
  async admit(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | undefined,
    key: string,
    report: CostReport,
  ): Promise<void> {
    const cost = this.costs.cost(document, operation, variables);
    report.requestedQueryCost = cost;
    if (cost != null && cost > this.maxCost) {
      if (this.budget) report.throttleStatus = await this.budget.peek(key);
      throw new QueryTooComplexError(
        `The operation's estimated cost is ${cost}, over the limit of ${this.maxCost}`,
        'cost',
        cost,
        this.maxCost,
      );
    }
    if (!this.budget) return;
    try {
      report.throttleStatus = await this.budget.spend(key, cost ?? 0);
    } catch (e) {
      report.throttleStatus = await this.budget.peek(key);
      throw e;
    }
  }

  /** The estimated cost of an operation (null when the document is too large to estimate). */
  estimate(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | undefined,
  ): number | null {
    return this.costs.cost(document, operation, variables);
  }

  /**
   * Charges `cost` to the client's budget outside GraphQL (the open-data routes: HSDS, CSV, feeds
   * run GraphQL operations of their own), at most MAX_QUERY_COST so that any allowed request can
   * be paid for. RATE_LIMITED when the budget cannot pay now; fills in `report` either way.
   */
  async charge(key: string, cost: number, report: CostReport): Promise<void> {
    const charged = Math.min(cost, this.maxCost);
    report.requestedQueryCost = charged;
    if (!this.budget) return;
    try {
      report.throttleStatus = await this.budget.spend(key, charged);
    } catch (e) {
      report.throttleStatus = await this.budget.peek(key);
      throw e;
    }
  }

  /** A report for an operation that was not estimated (refused earlier), or to fill in later. */
  newReport(): CostReport {
    return { requestedQueryCost: null, maximumQueryCost: this.maxCost };
  }

  /** Adds the client's budget to a report that has none yet. */
  async complete(report: CostReport, key: string): Promise<CostReport> {
    if (this.budget && !report.throttleStatus) report.throttleStatus = await this.budget.peek(key);
    return report;
  }
}
