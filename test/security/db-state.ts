/**
 * "Nothing changed": every row of every table, read straight from the database (libSQL on Node,
 * D1 in workerd), so a refused request can be checked against the state before it.
 */
import { expect } from 'vitest';
import type { Reply, Target } from '../harness.ts';

export type DbState = Record<string, string[]>;

const tableLists = new WeakMap<Target, Promise<string[]>>();

/** Tables the suites compare: every ordinary table, not SQLite's, D1's, the migrators' or FTS internals (derived from the rows). */
function tables(t: Target): Promise<string[]> {
  let list = tableLists.get(t);
  if (!list) {
    list = t.sql(["select name, sql from sqlite_master where type = 'table' order by name"]).then(([rows]) => {
      const virtual = rows!.filter((r) => /^create virtual table/i.test(String(r.sql))).map((r) => String(r.name));
      return rows!.map((r) => String(r.name)).filter((n) => !/^(sqlite_|_cf_|d1_|__drizzle)/.test(n) && !virtual.some((v) => n === v || n.startsWith(`${v}_`)));
    });
    tableLists.set(t, list);
  }
  return list;
}

/** Each table's rows as JSON text, sorted (some tables have no rowid), so a failed comparison shows the stray row. */
export async function dbState(t: Target): Promise<DbState> {
  const names = await tables(t);
  const results = await t.sql(names.map((table) => `select * from "${table}"`));
  return Object.fromEntries(names.map((table, i) => [table, results[i]!.map((row) => JSON.stringify(row)).sort()]));
}

/** Runs `send` and asserts the database is exactly as it was before; returns the reply. */
export async function unchangedBy(t: Target, send: () => Promise<Reply>, label = ''): Promise<Reply> {
  const before = await dbState(t);
  const r = await send();
  expect(await dbState(t), `${label} ${r.text}`).toEqual(before);
  return r;
}
