import http from 'node:http';
import { Pool } from 'pg';
import { runClustered } from './clustered';

/** Today's date in Finland (the hub's `validity: IN_FORCE` day), as `YYYY-MM-DD`. */
function finnishToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
}

/**
 * The floor: what Q2 costs with nothing in between. A hand-written endpoint on `node:http` and a
 * `pg` pool, no GraphQL, no ORM, that answers Q2's exact JSON with three SQL statements (actors;
 * each actor's 10 newest published offerings in force today, Finnish time, by a window function;
 * their regions). The hub's Q2
 * req/s divided by this one's is the `floorRatio`.
 *
 * Run: DATABASE_URL=... PORT=... node -r ts-node/register test/bench/floor.ts
 */

interface LocalizedRow {
  fi: string | null;
  sv: string | null;
  en: string | null;
}

/** The hub's `pickLang` for Finnish: the first non-blank of fi, sv, en. */
function finnish(t: LocalizedRow): string | null {
  for (const v of [t.fi, t.sv, t.en]) if (v != null && v.trim() !== '') return v;
  return null;
}

function globalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export async function floorQ2(pool: Pool): Promise<string> {
  const actors = (
    await pool.query<{ id: string; slug: string; kind: string; fi: string; sv: string; en: string }>(
      `select id, slug, kind, name_fi as fi, name_sv as sv, name_en as en
         from actor order by sort_name asc, id asc limit 20`,
    )
  ).rows;
  const offerings = (
    await pool.query<{
      id: string;
      actor_id: string;
      fi: string;
      sv: string;
      en: string;
      age_groups: string[];
      delivery_modes: string[];
    }>(
      `select id, actor_id, fi, sv, en, age_groups, delivery_modes from (
         select id, actor_id, title_fi as fi, title_sv as sv, title_en as en, age_groups, delivery_modes,
                row_number() over (partition by actor_id order by created_at desc, id desc) as rn
           from service_offering where status = 'PUBLISHED' and actor_id = any($1::uuid[])
            and (valid_from is null or valid_from <= $2::date) and (valid_until is null or valid_until >= $2::date)) t
       where rn <= 10 order by actor_id, rn`,
      [actors.map((a) => a.id), finnishToday()],
    )
  ).rows;
  const regions = (
    await pool.query<{ offering: string; code: string; fi: string; sv: string; en: string }>(
      `select sor.service_offering_id as offering, r.code, r.name_fi as fi, r.name_sv as sv, r.name_en as en
         from service_offering_region sor join region r on r.id = sor.region_id
        where sor.service_offering_id = any($1::uuid[])`,
      [offerings.map((o) => o.id)],
    )
  ).rows;
  const regionsOf = new Map<string, { code: string; name: string }[]>();
  for (const r of regions) {
    const list = regionsOf.get(r.offering) ?? [];
    list.push({ code: r.code, name: finnish(r) ?? r.code });
    regionsOf.set(r.offering, list);
  }
  const offeringsOf = new Map<string, unknown[]>();
  for (const o of offerings) {
    const list = offeringsOf.get(o.actor_id) ?? [];
    list.push({
      id: globalId('ServiceOffering', o.id),
      title: finnish(o) ?? '',
      ageGroups: o.age_groups,
      deliveryModes: o.delivery_modes,
      regions: regionsOf.get(o.id) ?? [],
    });
    offeringsOf.set(o.actor_id, list);
  }
  return JSON.stringify({
    data: {
      actors: {
        nodes: actors.map((a) => ({
          id: globalId('Actor', a.id),
          name: finnish(a) ?? a.slug,
          kind: a.kind,
          services: { nodes: offeringsOf.get(a.id) ?? [] },
        })),
      },
    },
  });
}

export function startFloor(databaseUrl: string, port: number): http.Server {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const server = http.createServer((req, res) => {
    if (req.url === '/readyz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
      return;
    }
    req.resume();
    req.on('end', () => {
      floorQ2(pool).then(
        (body) => {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
        },
        (e: unknown) => {
          res.writeHead(500).end(JSON.stringify({ errors: [{ message: String(e) }] }));
        },
      );
    });
  });
  server.listen(port, '127.0.0.1');
  server.on('close', () => void pool.end());
  return server;
}

/** FLOOR_WORKERS processes on one port (node:cluster), as the hub runs WORKERS. */
if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  runClustered(Number(process.env.FLOOR_WORKERS ?? 1), () => {
    const server = startFloor(url, Number(process.env.PORT ?? 4100));
    return (done) => server.close(done);
  });
}
