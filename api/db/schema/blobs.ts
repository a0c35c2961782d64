import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Outbox of blobs to remove. Purging writes a row here in the same batch that deletes the
 * asset rows; the cleanup task deletes the blob and then the row, so a crash in between only
 * means the blob is deleted again later (idempotent), never that it is forgotten.
 */
export const blobDeletions = sqliteTable(
  'blob_deletions',
  {
    key: text('key').primaryKey(),
    notBefore: integer('not_before').notNull(),
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [index('blob_deletions_due').on(t.notBefore)],
);

/**
 * Uploads under way: a row is written before the blob, and removed once the asset row names the
 * blob (or the upload failed and the blob is gone). A process killed in between leaves the row, so
 * the blob is never forgotten: maintenance removes the blobs of rows older than an hour that no
 * asset names, and Node removes them all at start-up (one process per blob directory). `bytes`
 * (the declared length, else 0) counts against the owner's quota while the upload runs.
 */
export const blobUploads = sqliteTable(
  'blob_uploads',
  {
    key: text('key').primaryKey(),
    owner: text('owner').notNull(),
    bytes: integer('bytes').notNull().default(0),
    startedAt: integer('started_at').notNull(),
  },
  (t) => [index('blob_uploads_started').on(t.startedAt), index('blob_uploads_owner').on(t.owner)],
);
