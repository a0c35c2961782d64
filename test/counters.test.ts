/**
 * `job_counts` is kept by triggers so stats and unfiltered totals never count rows. It must stay
 * exactly equal to a real COUNT(*) of live jobs, whatever sequence of API calls happened.
 */
import { inArray, sql } from 'drizzle-orm';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobCounts, jobStatuses } from '../api/db/schema/index.ts';
import { ingest, makeUser, nodeTarget, type Reply, type Target, type TestUser } from './harness.ts';

const status = fc.constantFrom(...jobStatuses);
const credit = fc.constantFrom(0, 0.1, 0.25, 1, 2.5, 7);

type Op =
  | { kind: 'create'; user: number; status: (typeof jobStatuses)[number]; credit: number }
  | { kind: 'patch'; job: number; status?: (typeof jobStatuses)[number]; progress?: number; credit?: number }
  | { kind: 'delete'; job: number; seed003: boolean }
  | { kind: 'bulkDelete'; jobs: number[]; seed003: boolean }
  | { kind: 'restore'; jobs: number[] }
  | { kind: 'retry'; job: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), user: fc.nat(2), status, credit }) },
  {
    weight: 4,
    arbitrary: fc.record(
      { kind: fc.constant('patch' as const), job: fc.nat(), status, progress: fc.nat(100), credit },
      { requiredKeys: ['kind', 'job'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), job: fc.nat(), seed003: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bulkDelete' as const), jobs: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), seed003: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('restore' as const), jobs: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retry' as const), job: fc.nat() }) },
);

describe('job_counts', () => {
  let t: Target;
  beforeAll(async () => {
    t = await nodeTarget();
  });
  afterAll(() => t.close());

  /** Real counts of live jobs per owner and status, next to what the counters say. */
  async function compare(owners: string[]) {
    const real = await t.db!.all<{ owner: string; status: string; n: number; credits: number }>(
      sql`select owner, status, count(*) as n, coalesce(sum(credit_used), 0) as credits from jobs
          where deleted_at is null and owner in (${sql.join(owners.map((o) => sql`${o}`), sql`, `)})
          group by owner, status`,
    );
    const kept = await t.db!.select().from(jobCounts).where(inArray(jobCounts.owner, owners));
    const key = (o: string, s: string) => `${o} ${s}`;
    const realMap = new Map(real.map((r) => [key(r.owner, r.status), r]));
    const keptMap = new Map(kept.map((r) => [key(r.owner, r.status), r]));
    for (const owner of owners) {
      for (const s of jobStatuses) {
        const r = realMap.get(key(owner, s));
        const k = keptMap.get(key(owner, s));
        expect(k?.n ?? 0, `count of ${s} for ${owner}`).toBe(Number(r?.n ?? 0));
        expect(k?.credits ?? 0, `credits of ${s} for ${owner}`).toBeCloseTo(Number(r?.credits ?? 0), 6);
      }
    }
    return realMap;
  }

  it('equals COUNT(*) GROUP BY status after any sequence of creates, patches, deletes, restores and retries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const users: TestUser[] = [await makeUser(t), await makeUser(t), await makeUser(t)];
        const pool: { id: string; user: TestUser }[] = [];
        const pick = (i: number) => pool[i % pool.length]!;
        const check = (r: Reply) => {
          if (r.status >= 500) throw new Error(`server error: ${r.text}`);
        };
        for (const o of ops) {
          if (o.kind === 'create') {
            const user = users[o.user]!;
            const created = await ingest(t).job(user, { status: o.status, credit_used: o.credit });
            pool.push({ id: created.id, user });
            continue;
          }
          if (!pool.length) continue;
          switch (o.kind) {
            case 'patch': {
              const body: Record<string, unknown> = {};
              if (o.status) body.status = o.status;
              if (o.progress !== undefined) body.progress = o.progress;
              if (o.credit !== undefined) body.credit_used = o.credit;
              if (!Object.keys(body).length) body.progress = 1;
              check(await ingest(t).send('PATCH', `/api/v1/jobs/${pick(o.job).id}`, body));
              break;
            }
            case 'delete': {
              const j = pick(o.job);
              check(await j.user.send('DELETE', o.seed003 ? `/api/me/jobs/${j.id}` : `/api/v1/jobs/${j.id}`));
              break;
            }
            case 'bulkDelete': {
              const user = pick(o.jobs[0]!).user;
              const ids = o.jobs.map((i) => pick(i).id);
              check(await user.send('POST', o.seed003 ? '/api/me/jobs/bulk-delete' : '/api/v1/jobs/bulk-delete', o.seed003 ? { jobIds: ids } : { ids }));
              break;
            }
            case 'restore': {
              const user = pick(o.jobs[0]!).user;
              check(await user.send('POST', '/api/v1/jobs/restore', { ids: o.jobs.map((i) => pick(i).id) }));
              break;
            }
            case 'retry': {
              const j = pick(o.job);
              const r = await j.user.send('POST', `/api/v1/jobs/${j.id}/retry`);
              check(r);
              if (r.status === 201) pool.push({ id: r.body.id, user: j.user });
              break;
            }
          }
        }
        const real = await compare(users.map((u) => u.owner));
        // …and what the API reports is the real count too.
        for (const u of users) {
          const stats = (await u.get('/api/v1/jobs/stats')).body;
          const me = (await u.get('/api/me/jobs/stats')).body;
          let total = 0;
          for (const s of jobStatuses) {
            const n = Number(real.get(`${u.owner} ${s}`)?.n ?? 0);
            total += n;
            expect(stats[s], `stats.${s}: ${JSON.stringify(stats)}`).toBe(n);
            expect(me[s], `me stats.${s}: ${JSON.stringify(me)}`).toBe(n);
          }
          expect(stats.total, JSON.stringify(stats)).toBe(total);
          const list = await u.get('/api/v1/jobs?limit=1');
          expect(list.body.total, `list total: ${list.text}`).toBe(total);
          const meList = await u.get('/api/me/jobs?limit=1');
          expect(meList.body.pagination.total, `seed 003 total: ${meList.text}`).toBe(total);
        }
      }),
      { numRuns: 25 },
    );
  });
});
