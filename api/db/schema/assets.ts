import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jobs } from './jobs.ts';

export const assetKinds = ['image', 'video', 'text', 'archive'] as const;
export type AssetKind = (typeof assetKinds)[number];

/** One output of a job: an image, a video, a text or an archive. */
export const assets = sqliteTable(
  'assets',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id),
    owner: text('owner').notNull(),
    kind: text('kind', { enum: assetKinds }).notNull(),
    /** thumbnail / overlay / banner / story_graphic / clip_cover / … (seed 001). */
    assetType: text('asset_type'),
    title: text('title'),
    /** Key in the blob store, when genshelf holds the bytes. */
    blobKey: text('blob_key'),
    /** Upstream location, when the provider keeps the bytes (served only through the proxy). */
    sourceUrl: text('source_url'),
    textContent: text('text_content'),
    mime: text('mime'),
    width: integer('width'),
    height: integer('height'),
    durationMs: integer('duration_ms'),
    size: integer('size'),
    etag: text('etag'),
    isPublic: integer('is_public', { mode: 'boolean' }).notNull().default(false),
    viralScore: real('viral_score'),
    favorite: integer('favorite', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    index('assets_job').on(t.jobId, t.createdAt),
    index('assets_owner_created').on(t.owner, t.deletedAt, t.createdAt, t.id),
    index('assets_owner_kind_created').on(t.owner, t.kind, t.deletedAt, t.createdAt, t.id),
    // "Is this blob still referenced?" before a purge enqueues it for deletion.
    index('assets_blob_key').on(t.blobKey),
    index('assets_deleted').on(t.deletedAt),
  ],
);

export type AssetRow = typeof assets.$inferSelect;
