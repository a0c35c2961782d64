import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Opaque, expiring links to video assets (seed 002's video URL mapping): `/video/<proxy_id>`
 * streams an asset without revealing where its bytes live. One link per asset; listing the
 * asset again renews it.
 */
export const videoLinks = sqliteTable(
  'video_links',
  {
    /** A random UUID: the only thing the client ever sees. */
    proxyId: text('proxy_id').primaryKey(),
    assetId: text('asset_id').notNull().unique(),
    expiresAt: integer('expires_at').notNull(),
    accessCount: integer('access_count').notNull().default(0),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('video_links_expires').on(t.expiresAt)],
);

/** When each periodic task last ran (tasks with their own interval inside the maintenance run). */
export const taskRuns = sqliteTable('task_runs', {
  task: text('task').primaryKey(),
  lastRunAt: integer('last_run_at').notNull(),
});
