import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { apps } from './apps.ts';

export const projectStatuses = ['active', 'archived'] as const;

/** A user's project / product package (seed 000 `projectName`, seed 004 story 6.1). */
export const projects = sqliteTable(
  'projects',
  {
    id: text('id').primaryKey(),
    owner: text('owner').notNull(),
    appId: text('app_id').references(() => apps.id),
    name: text('name').notNull(),
    type: text('type').notNull().default('general'),
    status: text('status', { enum: projectStatuses }).notNull().default('active'),
    thumbnailAssetId: text('thumbnail_asset_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    index('projects_owner_created').on(t.owner, t.deletedAt, t.createdAt, t.id),
    index('projects_owner_name').on(t.owner, t.deletedAt, t.name, t.id),
    // "creates the project on first use" (ingest by project_name) must not race into duplicates.
    uniqueIndex('projects_owner_app_name_live').on(t.owner, t.appId, t.name).where(sql`deleted_at is null`),
  ],
);

export type ProjectRow = typeof projects.$inferSelect;
