/**
 * Node only (imported by api/node.ts): waiting out another process's lock on the database file.
 *
 * The embedded driver is synchronous, so SQLite's own busy timeout waits with the whole event loop
 * stopped: a write held up by a `BEGIN IMMEDIATE` in the sqlite3 CLI (or a backup) for a second
 * would freeze every request for that second. So the driver's busy timeout is kept short
 * (`NATIVE_BUSY_TIMEOUT_MS`, what a checkpoint or a sibling process's commit takes), and a
 * statement or batch refused with `SQLITE_BUSY` is tried again here, asynchronously, until
 * `timeoutMs` has passed; then the error goes up and the app answers 503 with `Retry-After`.
 * Trying again is safe: a refused statement wrote nothing, and a refused batch was rolled back whole.
 */
import type { Client } from '@libsql/client';
import { isDatabaseBusy } from '../errors.ts';

/** How long one attempt may block the event loop waiting for a lock. */
export const NATIVE_BUSY_TIMEOUT_MS = 25;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Wraps the client's `execute`, `batch` and `executeMultiple` so they retry while the file is locked. */
export function waitOutLocks(client: Client, timeoutMs: number): Client {
  const retrying = <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async function waitingOutLocks(...args: A): Promise<R> {
      const deadline = Date.now() + timeoutMs;
      for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
        try {
          return await run(...args);
        } catch (err) {
          const left = deadline - Date.now();
          if (!isDatabaseBusy(err) || left <= 0) throw err;
          await sleep(Math.min(delay, left));
        }
      }
    };
  client.execute = retrying(client.execute.bind(client)) as Client['execute'];
  client.batch = retrying(client.batch.bind(client));
  client.executeMultiple = retrying(client.executeMultiple.bind(client));
  return client;
}
