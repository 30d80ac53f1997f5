/**
 * PostgreSQL advisory lock keys the product takes, in one place so that no two uses share a key
 * by accident. (The platform events' numbering takes `hashtext('platform_events_position')` in its
 * trigger, migration PlatformEventsNumberedByReaders.)
 */

/** One routing round at a time: a round's transaction holds it (docs/decisions/0004, 0053). */
export const ROUTING_ROUND_LOCK = 0x02800;

/** The routing leader's lease: held by the leading api process's own connection for as long as it lives (docs/decisions/0053). */
export const ROUTING_LEADER_LOCK = 0x02801;

/**
 * Whether a granted lock in `pg_locks` is `key` (a bigint key, as `pg_try_advisory_lock(bigint)`
 * takes it: high half in `classid`, low half in `objid`, `objsubid` 1) in the current database,
 * for reading who holds it. `alias` names `pg_locks` in the query.
 */
export function advisoryLockHeld(alias: string, key: number): string {
  return `${alias}.locktype = 'advisory' AND ${alias}.classid = ${Math.floor(key / 2 ** 32)} AND ${alias}.objid = ${key % 2 ** 32} AND ${alias}.objsubid = 1 AND ${alias}.granted
          AND ${alias}.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
}
