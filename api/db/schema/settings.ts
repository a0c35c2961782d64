import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Per-owner preferences and integrations (seed 004 story 6.3); one row per owner. */
export const settings = sqliteTable('settings', {
  owner: text('owner').primaryKey(),
  preferences: text('preferences').notNull().default('{}'),
  integrations: text('integrations').notNull().default('{}'),
  updatedAt: integer('updated_at').notNull(),
});
