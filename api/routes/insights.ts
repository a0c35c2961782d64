import { createRoute, type z } from '@hono/zod-openapi';
import { ownerOf } from '../auth/caller.ts';
import { ApiError } from '../errors.ts';
import { fileUrl } from '../presenters/files.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { dateBefore, dayCount, daysEnding, lastDays, type LocalDay } from '../lib/time-zone.ts';
import { urlContext } from '../lib/url-context.ts';
import { iso, json, pick } from '../schemas/common.ts';
import { ChartSchema, ChartsQuery, MAX_PERIOD_DAYS, StatsQuery, StatsSchema, TopAssetsQuery, TopAssetsSchema } from '../schemas/insights.ts';
import { changes, dailySeries, periodTotals, storageUsed, topAssets, type Period } from '../services/insights.ts';
import { usageOf } from '../services/quota.ts';

const DAY_MS = 86_400_000;

const stats = createRoute({
  method: 'get',
  path: '/api/v1/insights/stats',
  tags: ['Insights'],
  summary: 'Totals for a period and the previous period of the same length',
  description: 'Views, clicks, CTR, downloads, shares, conversions and conversion rate from recorded events; generations by status and app and credits used from jobs; storage used now, and the storage quota with what counts against it (`quota`, as `GET /api/v1/usage`).',
  ...presets.userRead,
  request: { query: StatsQuery },
  responses: { 200: json(StatsSchema, 'The totals'), 304: { description: 'Not modified' }, ...pick(401, 422) },
});

const charts = createRoute({
  method: 'get',
  path: '/api/v1/insights/charts',
  tags: ['Insights'],
  summary: "A zero-filled daily series of a metric: the last `days` days ending today in `tz`, or `start_date`–`end_date`",
  ...presets.userRead,
  request: { query: ChartsQuery },
  responses: { 200: json(ChartSchema, 'The series'), 304: { description: 'Not modified' }, ...pick(401, 422) },
});

const top = createRoute({
  method: 'get',
  path: '/api/v1/insights/top-assets',
  tags: ['Insights'],
  summary: 'The assets with the most views, clicks, downloads, shares or conversions (all time)',
  ...presets.userRead,
  request: { query: TopAssetsQuery },
  responses: { 200: json(TopAssetsSchema, 'The assets, most first'), 304: { description: 'Not modified' }, ...pick(401, 422) },
});

/** The current period and the previous one of the same length: instants, or local calendar days in `tz`. */
function periods(q: z.output<typeof StatsQuery>, now: number): { cur: Period; prev: Period } {
  if (q.days !== undefined || q.start_date !== undefined) {
    const days = localDays(q, now, 30);
    const before = daysEnding(dateBefore(days[0]!.date), days.length, q.tz);
    return { cur: spanOf(days), prev: spanOf(before) };
  }
  const to = q.to ?? now;
  const from = q.from ?? to - 30 * DAY_MS;
  if (from >= to) throw new ApiError('validation_error', 'The request is not valid', { details: [{ field: 'from', message: 'must be before `to`' }] });
  if (to - from > MAX_PERIOD_DAYS * DAY_MS) throw new ApiError('validation_error', 'The request is not valid', { details: [{ field: 'from', message: `the period can be at most ${MAX_PERIOD_DAYS} days` }] });
  return { cur: { from, to }, prev: { from: from - (to - from), to: from } };
}

/** The days a query names: `start_date`–`end_date`, else the last `days` (or `fallback`) ending today in `tz`. */
function localDays(q: { days?: number; start_date?: string; end_date?: string; tz: string }, now: number, fallback: number): LocalDay[] {
  if (q.start_date && q.end_date) return daysEnding(q.end_date, dayCount(q.start_date, q.end_date), q.tz);
  return lastDays(now, q.days ?? fallback, q.tz);
}

const spanOf = (days: LocalDay[]): Period => ({ from: days[0]!.start, to: days.at(-1)!.end });

export const insightsRouter = createRouter()
  .openapi(stats, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const now = deps.clock.now();
    const { cur, prev } = periods(c.req.valid('query'), now);
    const [current, previous, storage, quota] = await Promise.all([periodTotals(deps.db, owner, cur, now), periodTotals(deps.db, owner, prev, now), storageUsed(deps.db, owner), usageOf(deps.db, deps.config, owner)]);
    const span = (p: { from: number; to: number }) => ({ from: iso(p.from)!, to: iso(p.to)! });
    return c.json({ period: span(cur), previous_period: span(prev), current, previous, change: changes(current, previous), storage_used: storage, quota }, 200);
  })
  .openapi(charts, async (c) => {
    const { deps, caller } = c.var;
    const q = c.req.valid('query');
    const days = localDays(q, deps.clock.now(), 30);
    const values = await dailySeries(deps.db, ownerOf(caller), q.metric, days);
    return c.json({ metric: q.metric, interval: q.interval, tz: q.tz, series: days.map((d, i) => ({ date: d.date, value: values[i]! })) }, 200);
  })
  .openapi(top, async (c) => {
    const { deps, caller } = c.var;
    const q = c.req.valid('query');
    const urls = urlContext(c);
    const sign = (id: string, owner: string) => fileUrl(urls, { id, owner });
    const rows = await topAssets(deps.db, ownerOf(caller), q.metric, q.limit);
    const assets = await Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        job_id: r.job_id,
        kind: r.kind,
        title: r.title,
        app_id: r.app_id,
        app_name: r.app_name,
        app_color: r.app_color,
        url: r.served ? await sign(r.id, r.owner) : null,
        thumbnail_url: r.thumb ? await sign(r.thumb, r.owner) : null,
        value: Number(r.value),
      })),
    );
    return c.json({ metric: q.metric, assets }, 200);
  });
