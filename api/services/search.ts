import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/** FTS5 trigram needs at least three characters; shorter needles fall back to LIKE. */
const TRIGRAM_MIN = 3;

/** The user's text as one FTS5 string literal: quotes doubled, so `*`, `NEAR`, `OR`, `:` stay plain text. */
export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/**
 * A case-insensitive substring condition on `column`, served by the trigram FTS table whose
 * rowids are `rowid` (the row's INTEGER PRIMARY KEY). User input is always treated as text.
 */
export function ftsCondition(text: string, rowid: AnyColumn, column: AnyColumn, ftsTable: string): SQL {
  if ([...text].length < TRIGRAM_MIN) return sql`${column} like ${likePattern(text)} escape '\\'`;
  return sql`${rowid} in (select rowid from ${sql.identifier(ftsTable)} where ${sql.identifier(ftsTable)} match ${ftsPhrase(text)})`;
}
