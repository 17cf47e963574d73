import 'reflect-metadata';
import {
  buildSchema,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  OperationDefinitionNode,
  parse,
} from 'graphql';
import { ValidationError } from '../../common/errors';
import { CostCalculator, DEFAULT_COST_MODEL } from './cost';

const schema = buildSchema(`
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Region { code: String! name: String! parent: Region }
  type Offering { id: ID! title: String! regions: [Region!]! tags: [String!]! }
  type OfferingConnection { nodes: [Offering!]! edges: [OfferingEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type OfferingEdge { cursor: String! node: Offering! }
  type Actor { slug: String! parent: Actor services(first: Int, after: String): OfferingConnection! }
  type ActorConnection { nodes: [Actor!]! pageInfo: PageInfo! totalCount: Int! }
  type Query {
    actors(first: Int, after: String): ActorConnection!
    nodes(ids: [ID!]!): [Actor]!
    regions: [Region!]!
    search(text: String!, first: Int): OfferingConnection!
  }
  type Mutation { touch(slug: String!): Actor }
`);

function costOf(query: string, variables?: Record<string, unknown>, calc = new CostCalculator(schema)) {
  const document = parse(query);
  return calc.cost(document, document.definitions[0] as OperationDefinitionNode, variables);
}

describe('the cost model', () => {
  it('charges objects 1 and scalars, enums and lists of them nothing', () => {
    expect(costOf('{ regions { code name } }')).toBe(1);
    expect(costOf('{ regions { parent { code } } }')).toBe(1 + 20 * 1);
    expect(costOf('{ __typename }')).toBe(0);
  });

  it('multiplies what a connection holds by `first`, 20 when omitted, but not pageInfo or totalCount', () => {
    expect(costOf('{ actors(first: 5) { nodes { slug } } }')).toBe(1 + 5 * 1);
    expect(costOf('{ actors { totalCount pageInfo { hasNextPage } nodes { slug } } }')).toBe(1 + 20 * 1);
    expect(costOf('{ actors(first: 3) { nodes { services(first: 4) { edges { node { id } } } } } }')).toBe(
      1 + 3 * (1 + (1 + 4 * (1 + 1))),
    );
    expect(costOf('query($n: Int) { actors(first: $n) { nodes { slug } } }', { n: 7 })).toBe(1 + 7);
  });

  it('multiplies other lists of objects by the number of ids asked, else 20', () => {
    expect(costOf('{ nodes(ids: ["a", "b", "c"]) { slug parent { slug } } }')).toBe(1 + 3 * 1);
    expect(costOf('{ regions { parent { parent { code } } } }')).toBe(1 + 20 * 2);
  });

  it('refuses `first` outside 0..100 as the resolvers do', () => {
    expect(() => costOf('{ actors(first: 101) { nodes { slug } } }')).toThrow(ValidationError);
    expect(() => costOf('{ actors(first: -1) { nodes { slug } } }')).toThrow(
      'first must be between 0 and 100',
    );
  });

  it('charges root mutation fields 10 and listed fields their own cost', () => {
    expect(costOf('mutation { touch(slug: "x") { slug parent { slug } } }')).toBe(10 + 1);
    expect(costOf('{ search(text: "koulu", first: 10) { nodes { id } } }')).toBe(10 + 10 * 1);
    const cheap = new CostCalculator(schema, { ...DEFAULT_COST_MODEL, fieldCosts: { 'Actor.parent': 5 } });
    expect(costOf('{ actors(first: 2) { nodes { parent { slug } } } }', undefined, cheap)).toBe(
      1 + 2 * (1 + 5),
    );
  });

  it("follows type-graphql's complexity option: a number is the field's own cost, a function the estimate", () => {
    const Item = new GraphQLObjectType({ name: 'Item', fields: { id: { type: GraphQLString } } });
    const Query = new GraphQLObjectType({
      name: 'Query',
      fields: {
        heavy: { type: Item, extensions: { complexity: 40 } },
        custom: {
          type: new GraphQLNonNull(new GraphQLList(Item)),
          args: { size: { type: GraphQLInt } },
          extensions: { complexity: ({ args }: { args: { size: number } }) => args.size * 3 },
        },
      },
    });
    const calc = new CostCalculator(new GraphQLSchema({ query: Query }));
    expect(costOf('{ heavy { id } }', undefined, calc)).toBe(40);
    expect(costOf('{ custom(size: 4) { id } }', undefined, calc)).toBe(12);
  });

  it('leaves bad variables to execution (no estimate) and caches per document and variables', () => {
    expect(costOf('query($n: Int) { actors(first: $n) { nodes { slug } } }', { n: 'x' })).toBeNull();
    const calc = new CostCalculator(schema);
    const document = parse('query($n: Int) { actors(first: $n) { nodes { slug } } }');
    const op = document.definitions[0] as OperationDefinitionNode;
    expect(calc.cost(document, op, { n: 2 })).toBe(3);
    expect(calc.cost(document, op, { n: 4 })).toBe(5);
    expect(calc.cost(document, op, { n: 2 })).toBe(3);
  });
});
