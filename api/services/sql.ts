import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * `column IN (…values)` with the whole list bound as ONE JSON parameter. D1 allows only 100
 * bound parameters per query, and bulk operations take up to 500 ids; SQLite's json_each
 * keeps it a single parameter on every engine while still using the column's index.
 */
export function inJsonList(column: AnyColumn, values: readonly (string | number)[]): SQL {
  return sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;
}
