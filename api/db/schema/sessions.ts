import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Anonymous sessions genshelf issued; a claimed one belongs to the user who claimed it first. */
export const anonSessions = sqliteTable('anon_sessions', {
  id: text('id').primaryKey(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  /** Owner key of the user who claimed it. */
  claimedBy: text('claimed_by'),
  claimedAt: integer('claimed_at'),
});

/**
 * Fixed-window counters for rate limits, in the database so every Worker isolate shares them.
 * Old windows are removed by the maintenance task.
 */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    /** Window start, epoch ms. */
    window: integer('window').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.window] })],
);
