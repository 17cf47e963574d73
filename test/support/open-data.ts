/**
 * Asserts that each path of an open-data route is refused as bad input: HTTP 400, JSON, code
 * BAD_USER_INPUT, `fields` naming the one parameter, and no internals in the message.
 */
export async function expectBadParameters(
  base: string,
  cases: [path: string, parameter: string][],
): Promise<void> {
  for (const [path, parameter] of cases) {
    const res = await fetch(`${base}${path}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as {
      errors: { message: string; extensions: { code: string; fields: string[] } }[];
    };
    const error = body.errors[0];
    expect({
      path,
      status: res.status,
      code: error.extensions.code,
      fields: error.extensions.fields,
    }).toEqual({
      path,
      status: 400,
      code: 'BAD_USER_INPUT',
      fields: [parameter],
    });
    expect(error.message).not.toMatch(/select |postgres|mikro|knex|zod|graphql|\.ts:/i);
  }
}
