import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/** The round trip under way per database: health checks arriving during it share it. */
const pings = new WeakMap<Db, Promise<void>>();

/**
 * One round trip to the database (throws when it does not answer). A probe polled by load
 * balancers from many places at once needs one answer per round trip, not one round trip each.
 */
export function pingDatabase(db: Db): Promise<void> {
  let ping = pings.get(db);
  if (!ping) {
    ping = db
      .run(sql`select 1`)
      .then(() => undefined)
      .finally(() => pings.delete(db));
    pings.set(db, ping);
  }
  return ping;
}
