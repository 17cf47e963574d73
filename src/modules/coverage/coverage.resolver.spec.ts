import {
  buildSchema,
  GraphQLResolveInfo,
  parse,
  OperationDefinitionNode,
  FragmentDefinitionNode,
  FieldNode,
} from 'graphql';
import { selectsProviders } from './coverage.resolver';

const schema = buildSchema('type Query { x: Int }');

/** The resolve info of the first root field of `query` (only what `selectsProviders` reads). */
function infoOf(query: string): GraphQLResolveInfo {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const fragments = Object.fromEntries(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition')
      .map((d) => [d.name.value, d]),
  );
  return {
    schema,
    fieldNodes: [op.selectionSet.selections[0] as FieldNode],
    fragments,
  } as unknown as GraphQLResolveInfo;
}

describe('selectsProviders', () => {
  it('is false for counts, gaps and overlaps only', () => {
    expect(
      selectsProviders(infoOf('{ serviceCoverage { cells { offeringCount gap overlap region { code } } } }')),
    ).toBe(false);
  });

  it.each([
    '{ serviceCoverage { cells { providers { id } } } }',
    '{ serviceCoverage { cells { overlappingProviders { id } } } }',
    '{ serviceCoverage { total { providerCount } } }',
    '{ serviceCoverage { ... on ServiceCoverage { regionTotals { providerCount } } } }',
    '{ serviceCoverage { ...F } } fragment F on ServiceCoverage { categoryTotals { n: providerCount } }',
  ])('is true when %s asks for providers', (query) => {
    expect(selectsProviders(infoOf(query))).toBe(true);
  });
});
