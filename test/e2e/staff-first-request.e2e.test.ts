import { Role } from '../../src/common/context';
import { staffService } from '../../src/modules/staff/staff.instance';
import { loadDemoData } from '../../src/seed/demo-data';
import { startTestHub, TestHub } from '../support/hub';

/*
 * A staff member's first request (nothing cached about the token yet) looks the token's actor
 * up: that lookup must not leave a partial actor (id and slug only) for the rest of the request.
 */

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub('staff_first');
  await loadDemoData(t.em());
});

afterAll(() => t.stop());

test('the first request of a token reads its own actor in full', async () => {
  staffService.clearCache();
  const token = await t.token({ actor: 'valteri', roles: [Role.EDITOR], sub: 'first-request' });
  const res = await t.request<
    { serviceOfferings: { nodes: { actor: { slug: string; kind: string } }[] } },
    object
  >('{ serviceOfferings(first: 100) { nodes { actor { slug kind name } } } }', undefined, { token });
  expect(res.errors).toBeUndefined();
  const own = res.data!.serviceOfferings.nodes.filter((n) => n.actor.slug === 'valteri');
  expect(own.length).toBeGreaterThan(0);
  expect(own.every((n) => n.actor.kind === 'VALTERI')).toBe(true);
});
