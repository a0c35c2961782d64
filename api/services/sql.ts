import { and, eq, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { assets, jobs, projects } from '../db/schema/index.ts';

/**
 * `column IN (…values)` with the whole list bound as ONE JSON parameter. D1 allows only 100
 * bound parameters per query, and bulk operations take up to 500 ids; SQLite's json_each
 * keeps it a single parameter on every engine while still using the column's index.
 */
export function inJsonList(column: AnyColumn, values: readonly (string | number)[]): SQL {
  return sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;
}

/**
 * A column SQLite may not pick an index by (unary `+`), for the owner and trash conditions of a
 * statement that names its rows by a list of ids (`inJsonList`): without statistics SQLite rates
 * two equalities on the owner's index above an id list and walks the owner's whole range — the
 * assets of 25 jobs took 65 ms for an owner with 100,000 (bench/RESULTS.md) instead of 25 probes.
 */
export const notIndexed = (column: AnyColumn): SQL => sql`+${column}`;

/** The owner's live rows, for a statement that names its rows by an id list (neither condition picks an index: see `notIndexed`). */
export const ownLiveForIdList = (table: OwnedTable | typeof jobs, owner: string): SQL => and(eq(notIndexed(table.owner), owner), isNull(notIndexed(table.deletedAt)))!;

/** Tables whose rows belong to someone and go to the trash (the ownership check below works on any). */
type OwnedTable = typeof assets | typeof projects;

/**
 * Whether a live row is the caller's, someone else's, or unknown — compared in SQL, so no other
 * owner's data is read into the app (seed 001 wants 403 for another owner's, 404 for unknown).
 */
export async function ownership(db: Db, table: OwnedTable, owner: string, id: string): Promise<'mine' | 'foreign' | 'missing'> {
  const [row] = await db
    .select({ mine: sql<number>`${table.owner} = ${owner}` })
    .from(table)
    .where(and(eq(table.id, id), isNull(table.deletedAt)))
    .limit(1);
  if (!row) return 'missing';
  return Number(row.mine) ? 'mine' : 'foreign';
}
