import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/** The round trip under way per database: health checks arriving during it share it. */
const pings = new WeakMap<Db, Promise<void>>();
/** When each database last answered. */
const answered = new WeakMap<Db, number>();
const ALIVE = Promise.resolve();

/**
 * Resolves when the database answered a round trip within the last `maxAgeMs` (making one when it
 * did not); throws when it does not answer. A probe polled by load balancers from many places at
 * once must not cost the database a query each (Spring Boot's health cache, for the same reason):
 * a success is reused for `maxAgeMs`, a failure never is, so recovery shows on the next check.
 */
export function checkDatabase(db: Db, now: number, maxAgeMs: number): Promise<void> {
  const at = answered.get(db);
  if (at !== undefined && now - at < maxAgeMs && now >= at) return ALIVE;
  let ping = pings.get(db);
  if (!ping) {
    ping = db
      .run(sql`select 1`)
      .then(() => void answered.set(db, now))
      .finally(() => pings.delete(db));
    pings.set(db, ping);
  }
  return ping;
}
