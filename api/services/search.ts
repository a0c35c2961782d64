import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/** FTS5 trigram needs at least three characters; shorter needles fall back to LIKE. */
export const TRIGRAM_MIN = 3;

/**
 * Search input is text, whatever it holds, but SQLite reads an FTS5 query and a LIKE pattern only
 * up to a NUL (FTS5 answers "unterminated string", a LIKE pattern cut short matches everything).
 * Stored text never holds a NUL (lib/stored-text.ts refuses it), so a NUL in a term searches as
 * U+FFFD — what the driver stores for the other unstorable character, an unpaired surrogate —
 * and matches only text that really has one.
 */
const searchable = (text: string) => text.replace(/\u0000/g, '\uFFFD');

/** The user's text as one FTS5 string literal: quotes doubled, so `*`, `NEAR`, `OR`, `:` stay plain text. */
export function ftsPhrase(text: string): string {
  return `"${searchable(text).replace(/"/g, '""')}"`;
}

function caseVariants(chars: string[]): string[] {
  let out = [''];
  for (const ch of chars) {
    // Only one-character forms: "ß".toUpperCase() is "SS", which the trigram index would not match.
    const forms = [...new Set([ch, ch.toLowerCase(), ch.toUpperCase()])].filter((f) => [...f].length === 1);
    out = out.flatMap((prefix) => forms.map((f) => prefix + f));
  }
  return [...new Set(out)];
}

export function likePattern(text: string): string {
  return `%${searchable(text).replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/**
 * Whether SQLite's LIKE matches `text` exactly as the trigram index does: LIKE folds ASCII case
 * only, so any other letter with case (é/É) must go through the index.
 */
export const likeFoldsLikeFts = (text: string) => [...text].every((ch) => ch.charCodeAt(0) < 128 || ch.toLowerCase() === ch.toUpperCase());

/** `column LIKE '%text%'` with the text escaped (walks whatever index range the query uses). */
export function likeCondition(text: string, column: AnyColumn): SQL {
  return sql`${column} like ${likePattern(text)} escape '\\'`;
}

/**
 * A case-insensitive substring condition on `column`, served by the trigram FTS table whose
 * rowids are `rowid` (the row's INTEGER PRIMARY KEY). User input is always treated as text.
 */
export function ftsCondition(text: string, rowid: AnyColumn, column: AnyColumn, ftsTable: string): SQL {
  const chars = [...text];
  if (chars.length < TRIGRAM_MIN) {
    // SQLite's LIKE folds ASCII case only; spell out the case variants of the (one or two)
    // characters so "é" finds "É" as the trigram index would.
    const variants = caseVariants(chars);
    return sql`(${sql.join(
      variants.map((v) => likeCondition(v, column)),
      sql` or `,
    )})`;
  }
  return sql`${rowid} in (select rowid from ${sql.identifier(ftsTable)} where ${sql.identifier(ftsTable)} match ${ftsPhrase(text)})`;
}
