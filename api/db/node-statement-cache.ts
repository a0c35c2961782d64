/**
 * Node only (imported by api/node.ts): reuses prepared statements on the embedded libSQL file.
 *
 * @libsql/client prepares every statement anew on each `execute` — for a list page's statement
 * (a json_object over ~20 columns plus the thumbnail subqueries) that was about 0.4 ms of a
 * 2.7 ms request. drizzle sends the same SQL text with new arguments each time, so the `libsql`
 * driver's `prepare` is wrapped with a small per-database LRU of statements keyed by their text.
 * A cached statement is safe to run again: every run binds its arguments anew and runs to
 * completion (`all`/`run`), the client resets its modes (`raw`, `safeIntegers`) before each
 * use, and SQLite re-prepares a statement by itself after a schema change.
 */
import Database from 'libsql';

/** Distinct statement texts kept per database (the app has a few dozen; searches vary more). */
const MAX_STATEMENTS = 256;

type Prepare = (this: object, sql: string) => unknown;
let installed = false;

export function cacheStatements(): void {
  if (installed) return;
  installed = true;
  const proto = (Database as unknown as { prototype: { prepare: Prepare; close: (this: object) => void } }).prototype;
  const { prepare, close } = proto;
  const caches = new WeakMap<object, Map<string, unknown>>();
  // A closed database lets go of its statements.
  proto.close = function closeAndForget() {
    caches.delete(this);
    close.call(this);
  };
  proto.prepare = function cachedPrepare(sql: string) {
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new Map()));
    let statement = cache.get(sql);
    if (statement) {
      // Most recently used last: the first entry is the one to drop.
      cache.delete(sql);
    } else {
      statement = prepare.call(this, sql);
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  };
}
