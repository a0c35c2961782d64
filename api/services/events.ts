import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { EventType } from '../db/schema/index.ts';
import { ApiError } from '../errors.ts';

export interface NewEvent {
  id: string;
  assetId: string;
  type: EventType;
  at: number;
}

/** How far ahead (clock skew) and back (late conversions) an event's time may be. */
const MAX_AHEAD_MS = 5 * 60_000;
const MAX_BACK_MS = 400 * 86_400_000;

export function checkEventTimes(events: { at?: number }[], now: number): void {
  const details = events.flatMap((e, i) =>
    e.at === undefined
      ? []
      : e.at > now + MAX_AHEAD_MS
        ? [{ field: `events.${i}.at`, message: 'is in the future' }]
        : e.at < now - MAX_BACK_MS
          ? [{ field: `events.${i}.at`, message: 'is more than 400 days ago' }]
          : [],
  );
  if (details.length) throw new ApiError('validation_error', 'The request is not valid', { details });
}

/**
 * Records events for assets of the owner's — live or in the trash: a file downloaded and then
 * deleted before its batch arrived was still downloaded (and comes back with a restore). All or
 * nothing: one unknown or foreign asset refuses the batch (404). Ids already recorded are
 * skipped, so a retry counts nothing twice; the roll-ups follow by trigger. JSON in one parameter
 * keeps D1's 100-parameter limit out of reach.
 */
export async function recordEvents(db: Db, owner: string, batch: NewEvent[]): Promise<{ recorded: number; duplicates: number }> {
  const assetIds = [...new Set(batch.map((e) => e.assetId))];
  const [known] = await db.all<{ n: number }>(
    sql`select count(*) as n from assets where owner = ${owner} and id in (select value from json_each(${JSON.stringify(assetIds)}))`,
  );
  if (Number(known?.n) !== assetIds.length) throw new ApiError('not_found', 'Asset not found');
  const recorded = await insertEvents(db, owner, batch);
  return { recorded, duplicates: batch.length - recorded };
}

/** Inserts events (ids already recorded are skipped) and answers how many were new. */
export function insertEvents(db: Db, owner: string, batch: NewEvent[]): Promise<number> {
  return insertOwnedEvents(db, batch.map((e) => ({ ...e, owner })));
}

export interface OwnedEvent extends NewEvent {
  owner: string;
}

/** Inserts events of any owners in one statement (views counted server-side); ids already recorded are skipped. */
export async function insertOwnedEvents(db: Db, batch: OwnedEvent[]): Promise<number> {
  const rows = JSON.stringify(batch.map((e) => [e.owner, e.id, e.assetId, e.type, e.at]));
  const inserted = await db.all<{ id: string }>(sql`
    insert into events (owner, id, asset_id, type, at)
    select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 from json_each(${rows}) where true
    on conflict (owner, id) do nothing
    returning id`);
  return inserted.length;
}
