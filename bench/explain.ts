/**
 * Looks inside the endpoints: runs the same service functions the routes call (api/services)
 * in-process against the bench database, captures the SQL drizzle sends, and reports each
 * statement's EXPLAIN QUERY PLAN and its time when run on its own. This separates database time
 * from HTTP/middleware time when a budget fails.
 */
import type { Client, InArgs } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../api/db/schema/index.ts';
import type { Db } from '../api/db/client.ts';
import { summarize, type Summary } from './measure.ts';

export interface CapturedQuery {
  sql: string;
  params: unknown[];
  plan: string;
  time: Summary;
  rows: number;
}

export interface Explained {
  name: string;
  queries: CapturedQuery[];
  /** The whole service call (all its statements), in-process. */
  total: Summary;
}

export type Scenario = { name: string; run: (db: Db) => Promise<unknown> };

function formatPlan(rows: { id: number; parent: number; detail: string }[]): string {
  const depth = new Map<number, number>([[0, -1]]);
  return rows
    .map((r) => {
      const d = (depth.get(r.parent) ?? -1) + 1;
      depth.set(r.id, d);
      return `${'  '.repeat(d)}${r.detail}`;
    })
    .join('\n');
}

async function timeIt(fn: () => Promise<unknown>, maxRuns: number, maxMs: number): Promise<Summary> {
  await fn(); // warm the page cache and the statement cache
  const times: number[] = [];
  const until = performance.now() + maxMs;
  while (times.length < maxRuns && (performance.now() < until || times.length < 3)) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return summarize(times);
}

export async function explainAll(client: Client, scenarios: Scenario[], opts = { maxRuns: 50, maxMs: 3000 }): Promise<Explained[]> {
  let captured: { sql: string; params: unknown[] }[] = [];
  const db = drizzle(client, { schema, logger: { logQuery: (sql, params) => void captured.push({ sql, params }) } });
  const plain = drizzle(client, { schema });
  const out: Explained[] = [];
  for (const s of scenarios) {
    captured = [];
    await s.run(db);
    const queries: CapturedQuery[] = [];
    for (const q of captured) {
      const args = q.params as InArgs;
      const planRows = (await client.execute({ sql: `EXPLAIN QUERY PLAN ${q.sql}`, args })).rows.map((r) => ({ id: Number(r.id), parent: Number(r.parent), detail: String(r.detail) }));
      let rows = 0;
      const time = await timeIt(async () => void (rows = (await client.execute({ sql: q.sql, args })).rows.length), opts.maxRuns, opts.maxMs);
      queries.push({ sql: q.sql, params: q.params, plan: formatPlan(planRows), time, rows });
    }
    const total = await timeIt(() => s.run(plain), opts.maxRuns, opts.maxMs);
    out.push({ name: s.name, queries, total });
  }
  return out;
}
