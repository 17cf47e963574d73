import { rawSql, Sql, sql } from '../../common/sql';
import { ActorKind, VAATU_KINDS } from './actor.entity';

/** The actor-kind part of a filter: kinds, and the Vaatu group or its partners. */
export interface ActorKindScope {
  kinds?: readonly ActorKind[] | null;
  /** true: the four Vaatu kinds only; false: partners only. */
  vaatu?: boolean | null;
}

/** SQL true when the actor kind in `kindColumn` is in the scope; nothing when the scope is open. */
export function actorKindSql(kindColumn: string, scope: ActorKindScope): Sql | null {
  const column = rawSql(kindColumn);
  const parts: Sql[] = [];
  if (scope.kinds?.length) parts.push(sql`${column} in (${scope.kinds})`);
  if (scope.vaatu != null)
    parts.push(scope.vaatu ? sql`${column} in (${VAATU_KINDS})` : sql`${column} not in (${VAATU_KINDS})`);
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : sql`${parts[0]} and ${parts[1]}`;
}

/** SQL true when the actor whose id is in `actorIdColumn` is of a kind in the scope. */
export function actorOfKindSql(actorIdColumn: string, scope: ActorKindScope): Sql | null {
  const kind = actorKindSql('k.kind', scope);
  return kind ? sql`${rawSql(actorIdColumn)} in (select k.id from actor k where ${kind})` : null;
}
