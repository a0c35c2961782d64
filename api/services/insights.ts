import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { BUCKET_MS, jobStatuses, type EventType, type JobStatus } from '../db/schema/index.ts';
import type { LocalDay } from '../lib/time-zone.ts';
import { roundCredits } from '../lib/numbers.ts';
import { jobThumbnailSql } from './jobs/columns.ts';
import { changeKeys, eventMetrics, type ChartMetric, type EventMetric } from '../schemas/insights.ts';

export interface Period {
  from: number;
  to: number;
}

/** Raw events in [from, to) shaped like a roll-up row (one per event). */
const rawCounts = (owner: string, from: number, to: number) =>
  sql`select type = 'view', type = 'click', type = 'download', type = 'share', type = 'conversion' from events where owner = ${owner} and at >= ${from} and at < ${to}`;

/**
 * Event counts by type for [from, to): whole 15-minute slots from the trigger-kept roll-up, and
 * the raw events only in the partial slots at either end (index ranges on (owner, at)).
 */
async function eventCounts(db: Db, owner: string, p: Period): Promise<Record<EventType, number>> {
  let inner = Math.ceil(p.from / BUCKET_MS) * BUCKET_MS;
  let innerEnd = Math.floor(p.to / BUCKET_MS) * BUCKET_MS;
  if (inner >= innerEnd) inner = innerEnd = p.to; // shorter than a slot: all raw
  const [row] = await db.all<Record<EventType, number>>(sql`
    select coalesce(sum(view), 0) as view, coalesce(sum(click), 0) as click, coalesce(sum(download), 0) as download,
      coalesce(sum(share), 0) as share, coalesce(sum(conversion), 0) as conversion from (
      select view, click, download, share, conversion from event_buckets where owner = ${owner} and bucket >= ${inner} and bucket < ${innerEnd}
      union all ${rawCounts(owner, p.from, inner)}
      union all ${rawCounts(owner, innerEnd, p.to)})`);
  return { view: Number(row?.view ?? 0), click: Number(row?.click ?? 0), download: Number(row?.download ?? 0), share: Number(row?.share ?? 0), conversion: Number(row?.conversion ?? 0) };
}

/** The owner's live jobs created in [from, to), by status and app, with their credits. */
async function generationCounts(db: Db, owner: string, p: Period) {
  const rows = await db.all<{ status: JobStatus; app_id: string; n: number; credits: number }>(sql`
    select status, app_id, count(*) as n, coalesce(sum(credit_used), 0) as credits from jobs
    where owner = ${owner} and deleted_at is null and created_at >= ${p.from} and created_at < ${p.to}
    group by status, app_id`);
  const byStatus = Object.fromEntries(jobStatuses.map((s) => [s, 0])) as Record<JobStatus, number>;
  const byApp: Record<string, number> = {};
  let total = 0;
  let credits = 0;
  for (const r of rows) {
    const n = Number(r.n);
    byStatus[r.status] += n;
    byApp[r.app_id] = (byApp[r.app_id] ?? 0) + n;
    total += n;
    credits += Number(r.credits);
  }
  return { generations: { total, by_status: byStatus, by_app: byApp }, credits_used: roundCredits(credits) };
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);

/** The totals of a period; storage is what was stored at its end (now, for a period that has not ended). */
export async function periodTotals(db: Db, owner: string, p: Period, now: number) {
  const [e, g, storage] = await Promise.all([eventCounts(db, owner, p), generationCounts(db, owner, p), p.to >= now ? storageUsed(db, owner) : storageAt(db, owner, p.to)]);
  return {
    views: e.view,
    clicks: e.click,
    ctr: ratio(e.click, e.view),
    downloads: e.download,
    shares: e.share,
    conversions: e.conversion,
    conversion_rate: ratio(e.conversion, e.click),
    ...g,
    storage_used: storage,
  };
}

export type PeriodTotals = Awaited<ReturnType<typeof periodTotals>>;

/** Relative change of each headline number; null where the previous period had none. */
export function changes(cur: PeriodTotals, prev: PeriodTotals): Record<(typeof changeKeys)[number], number | null> {
  const change = (a: number | null, b: number | null) => (a === null || !b ? null : Math.round(((a - b) / b) * 10_000) / 10_000);
  // Rates compared unrounded: 4/6 against 2/9 is +200 %, not the rounded 0.6667 against 0.2222.
  const exact = (a: number, b: number) => (b === 0 ? null : a / b);
  const value = (t: PeriodTotals, k: (typeof changeKeys)[number]) =>
    k === 'generations' ? t.generations.total : k === 'ctr' ? exact(t.clicks, t.views) : k === 'conversion_rate' ? exact(t.conversions, t.clicks) : t[k];
  return Object.fromEntries(changeKeys.map((k) => [k, change(value(cur, k), value(prev, k))])) as Record<(typeof changeKeys)[number], number | null>;
}

/** Bytes of the owner's live stored files; a blob shared by duplicated projects counts once. */
export async function storageUsed(db: Db, owner: string): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`
    select coalesce(sum(size), 0) as n from (
      select max(size) as size from assets where owner = ${owner} and deleted_at is null and blob_key is not null group by blob_key)`);
  return Number(row?.n ?? 0);
}

/** Bytes the owner had stored just before `at`: files added before it and not in the trash by then. */
async function storageAt(db: Db, owner: string, at: number): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`
    select coalesce(sum(size), 0) as n from (
      select max(size) as size from assets where owner = ${owner} and blob_key is not null and created_at < ${at} and (deleted_at is null or deleted_at >= ${at}) group by blob_key)`);
  return Number(row?.n ?? 0);
}

/**
 * One value per day for a metric. The days' bounds go in as one JSON parameter and each is
 * answered by an index range: roll-up slots for events (every zone's midnight is on a slot
 * boundary; raw events otherwise), the owner's jobs by creation time for generations/credits.
 */
export async function dailySeries(db: Db, owner: string, metric: ChartMetric, days: LocalDay[]): Promise<number[]> {
  const bounds = sql`json_each(${JSON.stringify(days.map((d) => [d.start, d.end]))}) as d`;
  const [lo, hi] = [sql`(d.value ->> 0)`, sql`(d.value ->> 1)`];
  let query: SQL;
  if (metric === 'generations' || metric === 'credits_used') {
    const value = metric === 'generations' ? sql`count(j.id)` : sql`coalesce(sum(j.credit_used), 0)`;
    query = sql`select d.key as i, ${value} as v from ${bounds}
      join jobs j on j.owner = ${owner} and j.deleted_at is null and j.created_at >= ${lo} and j.created_at < ${hi} group by d.key`;
  } else {
    const type = eventMetrics[metric as EventMetric];
    const aligned = days.every((d) => d.start % BUCKET_MS === 0 && d.end % BUCKET_MS === 0);
    query = aligned
      ? sql`select d.key as i, sum(${sql.identifier(type)}) as v from ${bounds}
          join event_buckets b on b.owner = ${owner} and b.bucket >= ${lo} and b.bucket < ${hi} group by d.key`
      : sql`select d.key as i, count(*) as v from ${bounds}
          join events e on e.owner = ${owner} and e.at >= ${lo} and e.at < ${hi} and e.type = ${type} group by d.key`;
  }
  const values = days.map(() => 0);
  for (const r of await db.all<{ i: number; v: number }>(query)) values[Number(r.i)] = metric === 'credits_used' ? roundCredits(Number(r.v)) : Number(r.v);
  return values;
}

export interface TopAssetRow {
  id: string;
  job_id: string;
  owner: string;
  kind: string;
  title: string | null;
  served: number;
  app_id: string;
  app_name: string | null;
  app_color: string | null;
  thumb: string | null;
  value: number;
}

/**
 * The owner's live assets with the most events of a type (all time), from the trigger-kept
 * per-asset totals walked in order. An image pictures itself, a video its job's thumbnail; texts have none.
 */
export async function topAssets(db: Db, owner: string, metric: EventMetric, limit: number): Promise<TopAssetRow[]> {
  return db.all<TopAssetRow>(sql`
    select a.id, a.job_id, a.owner, a.kind, a.title, (a.blob_key is not null or a.text_content is not null) as served,
      jobs.app_id, apps.name as app_name, apps.color as app_color,
      case when a.kind = 'image' and a.blob_key is not null then a.id when a.kind = 'video' then ${jobThumbnailSql} end as thumb, t.n as value
    from event_totals t
    join assets a on a.id = t.asset_id and a.owner = t.owner and a.deleted_at is null
    join jobs on jobs.id = a.job_id
    left join apps on apps.id = jobs.app_id
    where t.owner = ${owner} and t.type = ${eventMetrics[metric]} and t.n > 0
    order by t.n desc, a.id
    limit ${limit}`);
}
