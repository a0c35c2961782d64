import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { apps } from './apps.ts';
import { projects } from './projects.ts';

export const jobStatuses = ['queued', 'processing', 'completed', 'failed', 'partial'] as const;
export type JobStatus = (typeof jobStatuses)[number];
export const terminalStatuses: readonly JobStatus[] = ['completed', 'failed', 'partial'];

/**
 * One generation run (a "generation" in seed 000, a "job" in 001/003, a history entry in 002).
 * `seq` is an explicit INTEGER PRIMARY KEY so the FTS index's rowids survive VACUUM.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    owner: text('owner').notNull(),
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    projectId: text('project_id').references(() => projects.id),
    assetType: text('asset_type'),
    brandKitId: text('brand_kit_id'),
    /** The generator back-end's own id for the run; makes ingest creates idempotent. */
    taskId: text('task_id'),
    /**
     * Whose `task_id` it is: `service:<owner>` when a back-end recorded the job for the owner,
     * the owner's key when the owner did. Idempotency keys are unique only within a scope, so one
     * caller's ids never collide with (or reveal) another's; a claim moves the job, not its scope.
     */
    taskScope: text('task_scope'),
    prompt: text('prompt').notNull().default(''),
    /** JSON object of generation parameters. */
    params: text('params').notNull().default('{}'),
    status: text('status', { enum: jobStatuses }).notNull().default('queued'),
    progress: integer('progress').notNull().default(0),
    errorMessage: text('error_message'),
    creditUsed: real('credit_used').notNull().default(0),
    retryOf: text('retry_of'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    completedAt: integer('completed_at'),
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    uniqueIndex('jobs_id').on(t.id),
    uniqueIndex('jobs_task').on(t.taskScope, t.appId, t.taskId).where(sql`task_id is not null`),
    // Every list query is an index range scan: equality on the leading columns, then the
    // (created_at, id) keyset order. deleted_at sits before created_at so live rows and the
    // trash are two separate ranges.
    index('jobs_owner_created').on(t.owner, t.deletedAt, t.createdAt, t.id),
    index('jobs_owner_status_created').on(t.owner, t.status, t.deletedAt, t.createdAt, t.id),
    index('jobs_owner_app_created').on(t.owner, t.appId, t.deletedAt, t.createdAt, t.id),
    index('jobs_owner_type_created').on(t.owner, t.assetType, t.deletedAt, t.createdAt, t.id),
    index('jobs_owner_project_created').on(t.owner, t.projectId, t.deletedAt, t.createdAt, t.id),
    index('jobs_deleted').on(t.deletedAt),
  ],
);

/**
 * Live (not trashed) job counts and credits per owner and status, kept exact by triggers
 * (see the `fts_and_counters` migration), so stats and unfiltered totals cost one tiny
 * range read even for an owner with 100,000 jobs.
 */
export const jobCounts = sqliteTable(
  'job_counts',
  {
    owner: text('owner').notNull(),
    status: text('status', { enum: jobStatuses }).notNull(),
    n: integer('n').notNull().default(0),
    credits: real('credits').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.owner, t.status] })],
);

export type JobRow = typeof jobs.$inferSelect;

/**
 * A number per owner that triggers raise on every change to the owner's jobs, assets and
 * projects (see the `owner_versions` migration): whatever a list shows was read at a known
 * version, so a list page kept in memory is still right while the number has not moved — in
 * every process and isolate that shares the database. No row means version 0.
 */
export const ownerVersions = sqliteTable('owner_versions', {
  owner: text('owner').primaryKey(),
  v: integer('v').notNull().default(0),
});
