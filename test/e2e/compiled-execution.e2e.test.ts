import { Role } from '../../src/common/context';
import { silentLogger } from '../../src/common/logger';
import { loadDemoData } from '../../src/seed/demo-data';
import { startTestHub, TestHub } from '../support/hub';

/*
 * A query operation runs on graphql-js the first time and compiled (graphql-jit) from the second.
 * Both must answer byte for byte alike: data, errors (messages, codes, paths, locations) and null
 * propagation, for anonymous readers and staff, over the demo data and every kind of selection:
 * nested connections, fragments, unions, interfaces, aliases, directives, variables, arguments of
 * every type, and fields that fail.
 */

let t: TestHub;
let coordinator: string;
let editor: string;

beforeAll(async () => {
  t = await startTestHub('compiled_execution', { SEED_DEMO: 'true' }, silentLogger(), {
    seedDemo: loadDemoData,
    compileAfter: 1,
  });
  coordinator = await t.token({ roles: [Role.COORDINATOR] });
  const { data } = await t.request<{ actors: { nodes: { slug: string }[] } }, Record<string, never>>(
    '{ actors(first: 1) { nodes { slug } } }',
  );
  editor = await t.token({ roles: [Role.EDITOR], actor: data!.actors.nodes[0].slug });
});

afterAll(async () => {
  await t?.stop();
});

const OFFERING = `id title description cost ageGroups languages deliveryModes referralRequired status version
  validFrom validUntil createdAt updatedAt titleI18n { fi sv en }
  regions { code name kind } categories { code name } supportNeeds { code name }
  actor { id slug name kind } contact { name email }`;

// Every row has its variables (jest's `each` would pass a `done` callback in place of a missing one).
const OPERATIONS: [name: string, query: string, variables: Record<string, unknown>][] = [
  [
    'nested lists with counts and cursors',
    `query ($first: Int) { actors(first: $first) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id slug kind name nameI18n { fi sv en } regions { code name }
        services(first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { ${OFFERING} } } } } } }`,
    { first: 30 },
  ],
  [
    'fragments, aliases, directives and __typename',
    `query ($withRegions: Boolean!, $lang: Language) {
      fi: serviceOfferings(first: 5) { nodes { ...O } }
      sv: serviceOfferings(first: 5, orderBy: { field: TITLE, direction: DESC }) { nodes { ...O svTitle: title(lang: $lang) } }
      skipped: actors(first: 2) @skip(if: true) { totalCount }
    }
    fragment O on ServiceOffering { __typename id title regions @include(if: $withRegions) { code } ... on ServiceOffering { cost } }`,
    { withRegions: true, lang: 'SV' },
  ],
  [
    'a union with inline fragments',
    `{ search(query: "koulu", first: 20) { totalCount edges { cursor node { score snippet item { __typename
      ... on Actor { slug name } ... on ServiceOffering { title actor { slug } }
      ... on SharedMaterial { title kind } ... on JointInitiative { title } ... on Event { title startsAt } } } } } }`,
    {},
  ],
  [
    'an interface by id',
    `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Actor { slug } ... on ServiceOffering { title } } }`,
    {},
  ],
  [
    'every root list',
    `{ regions(first: 100) { totalCount nodes { code name kind parent { code } } }
      serviceCategories { code name nameI18n { fi sv en } } supportNeeds { code name } ageGroups { code name }
      initiatives(first: 20) { totalCount nodes { id title kind status participants { role actor { slug } } materials(first: 3) { nodes { title } } } }
      materials(first: 20) { totalCount nodes { id title kind url publishedAt publisher { slug } } }
      events(first: 20) { totalCount nodes { id title kind startsAt endsAt organizers { slug } regions { code } } }
      statistics { materialCount initiativeCount materialsByKind { key count } } }`,
    {},
  ],
  [
    'coverage with providers and cell offerings',
    `{ serviceCoverage(level: WELLBEING_COUNTY, filter: { regionCodes: ["KYS"] }) { needsIncluded
      cells { region { code } category { code } offeringCount providerCount gap overlap
        providers { slug } overlappingProviders { slug } offerings(first: 2) { totalCount nodes { title } } } } }`,
    {},
  ],
  [
    'staff-only fields and failures with null propagation',
    `{ viewer { roles actor { slug } } serviceNeeds(first: 5) { totalCount nodes { id status description } }
      auditLog(first: 3) { totalCount nodes { action entityType } } actors(first: 2) { nodes { slug } } }`,
    {},
  ],
  [
    'input objects, enum lists and a bad cursor',
    `query ($filter: ServiceOfferingFilter) { serviceOfferings(filter: $filter, first: 10) { totalCount nodes { title ageGroups } }
      broken: actors(first: 1, after: "not-a-cursor") { totalCount } }`,
    { filter: { ageGroups: ['PRIMARY', 'LOWER_SECONDARY'], regionCodes: ['HYKS'] } },
  ],
];

async function ids(): Promise<string[]> {
  const res = await t.request<
    { actors: { nodes: { id: string }[] }; serviceOfferings: { nodes: { id: string }[] } },
    Record<string, never>
  >('{ actors(first: 2) { nodes { id } } serviceOfferings(first: 2) { nodes { id } } }');
  return [...res.data!.actors.nodes, ...res.data!.serviceOfferings.nodes].map((n) => n.id);
}

describe.each([
  ['an anonymous reader', () => undefined],
  ['a coordinator', () => coordinator],
  ['an editor', () => editor],
])('as %s', (_who, token) => {
  it.each(OPERATIONS)('answers %s alike on graphql-js and compiled', async (_name, query, variables) => {
    const vars = query.includes('$ids') ? { ids: await ids() } : variables;
    const compiledBefore = t.hub.compiledOperations();
    const first = await t.request(query, vars, { token: token() });
    const second = await t.request(query, vars, { token: token() });
    const third = await t.request(query, vars, { token: token() });
    // The second run compiled the operation (once per text: a later viewer finds it compiled).
    expect(t.hub.compiledOperations()).toBeGreaterThanOrEqual(compiledBefore);
    expect(t.hub.compiledOperations()).toBeGreaterThan(0);
    const body = (r: typeof first) => JSON.stringify({ status: r.status, data: r.data, errors: r.errors });
    // Every operation is valid (some fail while executing, and null spreads up to `data`).
    expect(first.errors?.filter((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED') ?? []).toEqual([]);
    expect(first.data ?? first.errors).toBeTruthy();
    expect(body(second)).toBe(body(first));
    expect(body(third)).toBe(body(first));
  });
});

it('compiles an operation once, on its second run, and keeps at most COMPILED_OPERATIONS', async () => {
  const small = await startTestHub('compiled_execution_small', { COMPILED_OPERATIONS: '2' }, silentLogger(), {
    compileAfter: 1,
  });
  try {
    const query = (n: number) => `{ a${n}: regions(first: ${n}) { totalCount } }`;
    await small.request(query(1), {});
    expect(small.hub.compiledOperations()).toBe(0);
    await small.request(query(1), {});
    expect(small.hub.compiledOperations()).toBe(1);
    for (const n of [2, 3]) {
      await small.request(query(n), {});
      await small.request(query(n), {});
    }
    expect(small.hub.compiledOperations()).toBe(2);
    // A mutation is never compiled.
    const m = 'mutation { createContact(input: { actorSlug: "none", name: "X" }) { contact { id } } }';
    await small.request(m, {});
    await small.request(m, {});
    expect(small.hub.compiledOperations()).toBe(2);
  } finally {
    await small.stop();
  }
});

it('runs every query on graphql-js with COMPILED_OPERATIONS=0', async () => {
  const off = await startTestHub('compiled_execution_off', { COMPILED_OPERATIONS: '0' });
  try {
    for (let i = 0; i < 3; i++) {
      const res = await off.request('{ regions(first: 1) { totalCount } }', {});
      expect(res.errors).toBeUndefined();
    }
    expect(off.hub.compiledOperations()).toBe(0);
  } finally {
    await off.stop();
  }
});
