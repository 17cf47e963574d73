import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../src/mikro-orm.config';
import { createEmptyDatabase, dropDatabase, testDatabaseName } from '../support/db';

/** The migration of issue 15 keeps existing data: an event's initiative becomes its first of many. */

const BEFORE = 'Migration20261125141442_response_cache_version';
const name = testDatabaseName('migration-events');
let orm: MikroORM;

beforeAll(async () => {
  orm = await MikroORM.init(ormConfig({ clientUrl: await createEmptyDatabase(name), poolMax: 2 }));
});
afterAll(async () => {
  await orm?.close(true);
  await dropDatabase(name);
});

it('moves each event’s initiative into its initiatives and back on the way down', async () => {
  const migrator = orm.getMigrator();
  await migrator.up({ to: BEFORE });
  const db = orm.em.getConnection();
  await db.execute(`insert into joint_initiative (id, title_fi, kind) values
    ('11111111-1111-4111-8111-111111111111', 'Teemaryhmä', 'THEME_GROUP')`);
  await db.execute(`insert into event (id, kind, title_fi, starts_at, initiative_id) values
    ('22222222-2222-4222-8222-222222222222', 'NETWORK_DAY', 'Päivä', now(), '11111111-1111-4111-8111-111111111111'),
    ('33333333-3333-4333-8333-333333333333', 'NETWORK_DAY', 'Ilman', now(), null)`);
  await db.execute(`insert into actor (id, slug, kind, name_fi) values
    ('44444444-4444-4444-8444-444444444444', 'vanha', 'VALTERI', 'Vanha')`);
  await db.execute(`insert into contact (id, actor_id, name, email) values
    ('55555555-5555-4555-8555-555555555555', '44444444-4444-4444-8444-444444444444', 'Maija', 'm@example.org')`);

  await migrator.up();
  expect(await db.execute('select event_id, joint_initiative_id from event_initiative')).toEqual([
    {
      event_id: '22222222-2222-4222-8222-222222222222',
      joint_initiative_id: '11111111-1111-4111-8111-111111111111',
    },
  ]);
  expect(await db.execute('select name, email, role, version from contact')).toEqual([
    { name: 'Maija', email: 'm@example.org', role: 'GENERAL', version: 1 },
  ]);

  // Down through issue 15's migration (later migrations first).
  await migrator.down({ to: 'Migration20261202160254_reach_partners_contacts_events' });
  expect(await db.execute('select id, initiative_id from event order by id')).toEqual([
    { id: '22222222-2222-4222-8222-222222222222', initiative_id: '11111111-1111-4111-8111-111111111111' },
    { id: '33333333-3333-4333-8333-333333333333', initiative_id: null },
  ]);
});
