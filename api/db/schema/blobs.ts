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
