import { Placeholder, sql, type SQL } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';

/** A value in a statement built once for many requests: the value itself, or a named placeholder filled per request. */
export type Bound<T> = T | Placeholder;

interface Shape {
  /** The SQL text split at its parameters. */
  pieces: string[];
  /** Each parameter: a constant of the shape, or a placeholder filled per request. */
  params: unknown[];
}

const dialect = new SQLiteAsyncDialect();
const shapes = new Map<string, Shape>();

/**
 * A statement whose text depends only on `key`, rendered once. drizzle builds and renders a
 * statement's whole tree on every call — for a list page (a json_object over ~20 columns, the
 * thumbnail, the total and the page's subquery) about a tenth of the request's CPU — although
 * for the shapes clients poll (an owner's newest jobs, the page after a cursor) only the values
 * change. `build` writes the statement with `sql.placeholder(name)` where a value goes; later
 * calls only put `values` in. The result is an ordinary drizzle `SQL` (both drivers run it).
 */
export function shaped(key: string, build: () => SQL, values: Record<string, unknown>): SQL {
  let shape = shapes.get(key);
  if (!shape) {
    const query = dialect.sqlToQuery(build());
    const pieces = query.sql.split('?');
    // A `?` that is not a parameter (in a string literal) would misplace every value after it.
    if (pieces.length !== query.params.length + 1) throw new Error(`shaped(${key}): the SQL text has a "?" that is not a parameter`);
    shapes.set(key, (shape = { pieces, params: query.params }));
  }
  const chunks: SQL[] = [sql.raw(shape.pieces[0]!)];
  for (let i = 0; i < shape.params.length; i++) {
    const p = shape.params[i];
    if (p instanceof Placeholder && !(p.name in values)) throw new Error(`shaped(${key}): no value for ${p.name}`);
    chunks.push(sql`${p instanceof Placeholder ? values[p.name] : p}`, sql.raw(shape.pieces[i + 1]!));
  }
  return sql.join(chunks);
}
