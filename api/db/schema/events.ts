import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const eventTypes = ['view', 'click', 'download', 'share', 'conversion'] as const;
export type EventType = (typeof eventTypes)[number];

/**
 * Usage events for insights. The id is the client's (or derived from an Idempotency-Key), unique
 * per owner, so a retried request records nothing twice.
 */
export const events = sqliteTable(
  'events',
  {
    owner: text('owner').notNull(),
    id: text('id').notNull(),
    assetId: text('asset_id').notNull(),
    type: text('type', { enum: eventTypes }).notNull(),
    /** When it happened, epoch ms. */
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.id] }), index('events_owner_at').on(t.owner, t.at, t.type), index('events_owner_asset').on(t.owner, t.assetId, t.type)],
);

/** Width of an `event_buckets` slot: every time zone's midnight falls on one (offsets are multiples of 15 min). */
export const BUCKET_MS = 15 * 60_000;

/**
 * Event counts per owner and 15-minute slot, one column per type, kept by triggers on `events`:
 * period totals and day series read at most 96 rows a day (WITHOUT ROWID: the key is the table).
 */
export const eventBuckets = sqliteTable(
  'event_buckets',
  {
    owner: text('owner').notNull(),
    /** Slot start, epoch ms (a multiple of BUCKET_MS). */
    bucket: integer('bucket').notNull(),
    view: integer('view').notNull().default(0),
    click: integer('click').notNull().default(0),
    download: integer('download').notNull().default(0),
    share: integer('share').notNull().default(0),
    conversion: integer('conversion').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.owner, t.bucket] })],
);

/** All-time event counts per owner, asset and type, kept by triggers (top assets). */
export const eventTotals = sqliteTable(
  'event_totals',
  {
    owner: text('owner').notNull(),
    assetId: text('asset_id').notNull(),
    type: text('type', { enum: eventTypes }).notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.owner, t.assetId, t.type] }), index('event_totals_top').on(t.owner, t.type, t.n)],
);
