import http from 'node:http';
import { Client } from 'pg';

/** A GraphQL request body as sent by autocannon. */
export interface GraphQLBody {
  query: string;
  variables?: Record<string, unknown>;
}

export interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

export async function postGraphQL(
  url: string,
  body: GraphQLBody,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; json: GraphQLResult }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as GraphQLResult };
}

/** A workload ready to time, or the reason it is not run at this size. */
export type Workload =
  | { key: string; label: string; body: GraphQLBody; skipped?: undefined }
  | { key: string; label: string; skipped: string; body?: undefined };

export const Q1 = `query Q1($id: ID!) {
  node(id: $id) {
    ... on Actor { id slug name kind description website languages }
  }
}`;

/** 20 actors, their 10 newest published offerings each, and those offerings' regions: about 50 KB. */
export const Q2 = `query Q2 {
  actors(first: 20) {
    nodes {
      id
      name
      kind
      services(first: 10) {
        nodes { id title ageGroups deliveryModes regions { code name } }
      }
    }
  }
}`;

export const Q3 = `query Q3 {
  initiatives(first: 20) {
    nodes {
      id
      title
      participants { role actor { id name kind } }
    }
  }
}`;

export const Q4 = `query Q4($after: String) {
  serviceOfferings(
    filter: { regionCodes: ["HYKS"], ageGroups: [PRIMARY, LOWER_SECONDARY] }
    first: 20
    after: $after
  ) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id title cost actor { name } regions { code } }
  }
}`;

const Q4_WALK = `query Q4Walk($after: String) {
  serviceOfferings(
    filter: { regionCodes: ["HYKS"], ageGroups: [PRIMARY, LOWER_SECONDARY] }
    first: 20
    after: $after
  ) {
    pageInfo { hasNextPage endCursor }
  }
}`;

export const Q6 = `query Q6 {
  serviceCoverage(level: WELLBEING_COUNTY) {
    cells { region { code } category { code } offeringCount gap overlap }
  }
}`;

interface IntrospectedField {
  name: string;
  args: { name: string; type: TypeRef }[];
  type: TypeRef;
}
interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface IntrospectedType {
  name: string;
  fields: { name: string; type: TypeRef }[] | null;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';

function namedType(t: TypeRef | null): string | null {
  while (t && !t.name) t = t.ofType;
  return t?.name ?? null;
}

async function introspectQueryFields(url: string): Promise<Map<string, IntrospectedField>> {
  const res = await postGraphQL(url, {
    query: `{ __schema { queryType { fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } } } }`,
  });
  const fields = (res.json.data as { __schema: { queryType: { fields: IntrospectedField[] } } } | undefined)
    ?.__schema.queryType.fields;
  if (!fields) throw new Error(`Introspection failed: ${res.text.slice(0, 500)}`);
  return new Map(fields.map((f) => [f.name, f]));
}

async function typeFields(url: string, name: string): Promise<Set<string>> {
  const res = await postGraphQL(url, {
    query: `query T($name: String!) { __type(name: $name) { name fields { name type { ${TYPE_REF} } } } }`,
    variables: { name },
  });
  const t = (res.json.data as { __type: IntrospectedType | null } | undefined)?.__type;
  return new Set((t?.fields ?? []).map((f) => f.name));
}

/**
 * Q5 in the shape the schema has: `search(query:, first:)` returning a connection with `nodes`
 * (or `edges { node }`) of hits `{ score snippet item }`. Null when there is no `search` root.
 */
async function searchQuery(url: string, field: IntrospectedField): Promise<string> {
  const connection = namedType(field.type);
  const connFields = connection ? await typeFields(url, connection) : new Set<string>();
  const textArg = field.args.find((a) => a.name === 'query') ?? field.args.find((a) => a.name === 'text');
  const argName = textArg?.name ?? 'query';
  const hit = `score snippet item { __typename ... on ServiceOffering { id title } }`;
  const list = connFields.has('nodes') ? `nodes { ${hit} }` : `edges { node { ${hit} } }`;
  const total = connFields.has('totalCount') ? 'totalCount ' : '';
  return `query Q5 {\n  search(${argName}: "koulu", first: 20) { ${total}${list} }\n}`;
}

export interface Prepared {
  workloads: Workload[];
  /** Introspection: which optional roots exist. */
  present: { search: boolean; serviceCoverage: boolean };
}

/**
 * Builds the workloads for one database: Q1's actor id (the first actor by slug), Q4's page-50
 * cursor (walking 49 pages), and Q5/Q6 only when the schema has `search` / `serviceCoverage`.
 */
export async function prepareWorkloads(url: string, databaseUrl: string): Promise<Prepared> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  let actorId: string;
  try {
    const row = (await pg.query('select id from actor order by slug limit 1')).rows[0] as { id: string };
    actorId = Buffer.from(`Actor:${row.id}`, 'utf8').toString('base64url');
  } finally {
    await pg.end();
  }
  const fields = await introspectQueryFields(url);
  const workloads: Workload[] = [
    { key: 'q1', label: 'Q1 actor by id', body: { query: Q1, variables: { id: actorId } } },
    { key: 'q2', label: 'Q2 actors → offerings → regions', body: { query: Q2 } },
    { key: 'q3', label: 'Q3 initiatives → participants → actor', body: { query: Q3 } },
    {
      key: 'q4page1',
      label: 'Q4 filtered offerings, page 1',
      body: { query: Q4, variables: { after: null } },
    },
  ];
  let after: string | null = null;
  let pages = 1;
  for (; pages < 50; pages++) {
    const res = await postGraphQL(url, { query: Q4_WALK, variables: { after } });
    const info = (
      res.json.data as { serviceOfferings: { pageInfo: { hasNextPage: boolean; endCursor: string } } } | null
    )?.serviceOfferings.pageInfo;
    if (!info) throw new Error(`Q4 walk failed: ${res.text.slice(0, 500)}`);
    if (!info.hasNextPage) break;
    after = info.endCursor;
  }
  workloads.push(
    pages === 50
      ? {
          key: 'q4page50',
          label: 'Q4 filtered offerings, page 50',
          body: { query: Q4, variables: { after } },
        }
      : {
          key: 'q4page50',
          label: 'Q4 filtered offerings, page 50',
          skipped: `only ${pages} pages of 20 match at this size`,
        },
  );
  const search = fields.get('search');
  workloads.push(
    search
      ? { key: 'q5', label: 'Q5 search "koulu"', body: { query: await searchQuery(url, search) } }
      : { key: 'q5', label: 'Q5 search "koulu"', skipped: 'not in schema' },
  );
  workloads.push(
    fields.has('serviceCoverage')
      ? { key: 'q6', label: 'Q6 service coverage by county', body: { query: Q6 } }
      : { key: 'q6', label: 'Q6 service coverage by county', skipped: 'not in schema' },
  );
  return { workloads, present: { search: !!search, serviceCoverage: fields.has('serviceCoverage') } };
}

/** One response checked before timing: HTTP 200, no GraphQL errors, data present. */
export async function verifyOnce(
  url: string,
  body: GraphQLBody,
): Promise<{ bytes: number; json: GraphQLResult }> {
  const res = await postGraphQL(url, body);
  if (res.status !== 200 || res.json.errors?.length || !res.json.data) {
    throw new Error(`Unexpected response (HTTP ${res.status}): ${res.text.slice(0, 800)}`);
  }
  return { bytes: Buffer.byteLength(res.text), json: res.json };
}

/** One request on a connection of its own (node:cluster hands each connection to the next worker). */
function postOnNewConnection(url: string, body: GraphQLBody): Promise<GraphQLResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve(JSON.parse(text) as GraphQLResult);
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/**
 * SQL statements of one executed request, as the hub counts them: each of the hub's `workers`
 * answers the request twice first (warm per-process caches), then every one is counted again and
 * the largest count is the figure.
 */
export async function countSql(url: string, body: GraphQLBody, workers = 1): Promise<number> {
  for (let i = 0; i < 2 * workers; i++) await postOnNewConnection(url, body);
  let most = 0;
  for (let i = 0; i < 2 * workers; i++) {
    const json = await postOnNewConnection(url, body);
    const n = json.extensions?.sqlStatements;
    if (typeof n !== 'number')
      throw new Error(`No extensions.sqlStatements in: ${JSON.stringify(json).slice(0, 300)}`);
    most = Math.max(most, n);
  }
  return most;
}
