/**
 * Node only (imported by api/node.ts): how genshelf uses the embedded libSQL file's connections.
 *
 * @libsql/client keeps a pool of connections per `file:` client and opens a new one whenever a
 * request runs two queries at once (e.g. a list page and its total), so anything set with a
 * `PRAGMA` through `client.execute` reaches one pooled connection only. This module hooks the
 * pool and the `libsql` driver underneath it, once per process:
 *
 * 1. **Every connection gets the pragmas** on its first use (`CONNECTION_PRAGMAS`); the busy
 *    timeout is the client's `timeout` option, which the pool gives every connection it opens.
 * 2. **Prepared statements are reused.** @libsql/client prepares every statement anew on each
 *    `execute` — for a list page's statement (a json_object over ~20 columns plus the thumbnail
 *    subqueries) that was about 0.4 ms of a 2.7 ms request. drizzle sends the same SQL text with
 *    new arguments each time, so `prepare` keeps a small per-connection LRU keyed by the text. A
 *    cached statement is safe to run again: every run resets it and binds its arguments anew, the
 *    client resets its modes (`raw`, `safeIntegers`) before each use, and SQLite re-prepares a
 *    statement by itself after a schema change.
 * 3. **A failed statement never stays open.** A statement whose step failed with `SQLITE_BUSY`
 *    is left "in progress" (libsql resets a statement only before its next run and has no
 *    `reset`/`finalize`), and while it is, every `COMMIT` on that connection fails with "cannot
 *    commit transaction - SQL statements in progress" — one short lock broke batched writes until
 *    a restart. So a connection on which any statement failed is closed when it goes back to the
 *    pool (closing finalizes its statements and rolls back what was open); the pool opens a fresh
 *    one, with the pragmas, when it next needs one.
 */
import { ConnectionPool } from '@libsql/client/sqlite3';
import Database from 'libsql';
import { setBounded } from '../lib/bounded-map.ts';

/** Distinct statement texts kept per connection (the app has a few dozen; searches vary more). */
const MAX_STATEMENTS = 256;

/**
 * Set on every connection before its first statement. `synchronous = NORMAL` is safe with WAL
 * (a power cut may lose the last commits, never corrupt the file; a process crash loses nothing);
 * foreign keys are per connection in SQLite.
 */
const CONNECTION_PRAGMAS = 'PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;';

interface Statement {
  run(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown;
  get(...args: unknown[]): unknown;
}
interface Connection {
  open: boolean;
  inTransaction: boolean;
  exec(sql: string): void;
  close(): void;
}
type Prepare = (this: Connection, sql: string) => Statement;

let installed = false;

export function tuneConnections(): void {
  if (installed) return;
  installed = true;
  const proto = (Database as unknown as { prototype: { prepare: Prepare; close: (this: Connection) => void } }).prototype;
  const { prepare, close } = proto;
  const caches = new WeakMap<Connection, Map<string, Statement>>();
  /** Connections on which a statement failed: closed when they go back to the pool. */
  const failed = new WeakSet<Connection>();

  // A closed connection lets go of its statements.
  proto.close = function closeAndForget() {
    caches.delete(this);
    close.call(this);
  };

  /** Marks the connection when one of its statements throws (the statement may still be in progress). */
  const watch = (connection: Connection, statement: Statement): Statement => {
    for (const method of ['run', 'all', 'get'] as const) {
      const run = statement[method];
      statement[method] = function watched(this: Statement, ...args: unknown[]) {
        try {
          return run.apply(this, args);
        } catch (err) {
          failed.add(connection);
          throw err;
        }
      };
    }
    return statement;
  };

  proto.prepare = function tunedPrepare(sql: string) {
    let cache = caches.get(this);
    if (!cache) {
      // The connection's first statement: it was just opened by the pool.
      this.exec(CONNECTION_PRAGMAS);
      caches.set(this, (cache = new Map()));
    }
    // Set again when used: the least recently used statement is the one dropped.
    const statement = cache.get(sql) ?? watch(this, prepare.call(this, sql));
    setBounded(cache, sql, statement, MAX_STATEMENTS);
    return statement;
  };

  const pool = ConnectionPool.prototype as unknown as { release(this: object, db: Connection): void };
  const { release } = pool;
  pool.release = function releaseOrRetire(db: Connection) {
    if (failed.has(db) && db.open) {
      failed.delete(db);
      // Closing finalizes the stuck statement; the pool sees a closed connection and drops it.
      try {
        if (db.inTransaction) db.exec('ROLLBACK');
      } catch {
        // closing rolls back anyway
      }
      db.close();
    }
    release.call(this, db);
  };
}
