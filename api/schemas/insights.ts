import { z } from '@hono/zod-openapi';
import { UsageSchema } from './usage.ts';
import { eventTypes, jobStatuses } from '../db/schema/index.ts';
import { dayCount, isDate, isTimeZone } from '../lib/time-zone.ts';
import { isoInstant, queryInt } from './common.ts';

/** Event types as the plural metric names the insights speak (`view` → `views`). */
export const eventMetrics = { views: 'view', clicks: 'click', downloads: 'download', shares: 'share', conversions: 'conversion' } as const satisfies Record<string, (typeof eventTypes)[number]>;
export type EventMetric = keyof typeof eventMetrics;
const eventMetricNames = Object.keys(eventMetrics) as [EventMetric, ...EventMetric[]];
export const chartMetrics = [...eventMetricNames, 'generations', 'credits_used'] as const;
export type ChartMetric = (typeof chartMetrics)[number];

export const MAX_PERIOD_DAYS = 366;

const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone name such as Europe/Berlin')
  .optional()
  .default('UTC')
  .openapi({ description: 'IANA time zone the days are counted in' });

const calendarDate = (description: string) => z.string().max(10).refine(isDate, 'must be a date written YYYY-MM-DD').optional().openapi({ description, example: '2026-03-01' });

/** `start_date`/`end_date` (local days in `tz`, both included): both or neither, in order, at most `maxDays` apart. */
function checkDates(q: { start_date?: string; end_date?: string }, ctx: z.RefinementCtx, maxDays: number) {
  if ((q.start_date === undefined) !== (q.end_date === undefined)) {
    ctx.addIssue({ code: 'custom', path: [q.start_date === undefined ? 'start_date' : 'end_date'], message: 'give both start_date and end_date' });
  } else if (q.start_date && q.end_date) {
    const n = dayCount(q.start_date, q.end_date);
    if (n < 1) ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'must not be before start_date' });
    else if (n > maxDays) ctx.addIssue({ code: 'custom', path: ['start_date'], message: `the period can be at most ${maxDays} days` });
  }
}

export const StatsQuery = z
  .object({
    from: isoInstant().optional().openapi({ description: 'Period start (default: 30 days before `to`)' }),
    to: isoInstant().optional().openapi({ description: 'Period end, exclusive (default: now)' }),
    days: queryInt().pipe(z.number().int().min(1).max(MAX_PERIOD_DAYS)).optional().openapi({ description: 'Or: the last `days` calendar days in `tz`, today included (as the charts count them)' }),
    start_date: calendarDate('Or: the first calendar day in `tz` (with `end_date`)'),
    end_date: calendarDate('The last calendar day in `tz`, included'),
    tz: timeZone,
  })
  .superRefine((q, ctx) => {
    checkDates(q, ctx, MAX_PERIOD_DAYS);
    const ways = [q.from !== undefined || q.to !== undefined, q.days !== undefined, q.start_date !== undefined || q.end_date !== undefined].filter(Boolean).length;
    if (ways > 1) ctx.addIssue({ code: 'custom', path: ['days'], message: 'give from/to, days, or start_date/end_date — one of them' });
  });

const rate = z.number().nullable().openapi({ description: 'A ratio rounded to 4 decimals; null when its divisor is 0' });
const count = z.number().int();

const TotalsSchema = z
  .object({
    views: count,
    clicks: count,
    ctr: rate.openapi({ description: 'clicks / views' }),
    downloads: count,
    shares: count,
    conversions: count,
    conversion_rate: rate.openapi({ description: 'conversions / clicks' }),
    generations: z.object({
      total: count,
      by_status: z.object(Object.fromEntries(jobStatuses.map((s) => [s, count])) as Record<(typeof jobStatuses)[number], typeof count>),
      by_app: z.record(z.string(), count).openapi({ description: 'Apps with at least one generation' }),
    }),
    credits_used: z.number(),
    storage_used: count.openapi({ description: "Bytes of the owner's stored files at the period's end (or now, if sooner)" }),
  })
  .openapi('InsightTotals');

const period = z.object({ from: z.string().openapi({ format: 'date-time' }), to: z.string().openapi({ format: 'date-time' }) });

/** The numbers `change` compares with the previous period. */
export const changeKeys = ['views', 'clicks', 'ctr', 'downloads', 'shares', 'conversions', 'conversion_rate', 'generations', 'credits_used', 'storage_used'] as const;

export const StatsSchema = z
  .object({
    period,
    previous_period: period.openapi({ description: 'The period of the same length that ends where this one starts' }),
    current: TotalsSchema,
    previous: TotalsSchema,
    change: z
      .object(Object.fromEntries(changeKeys.map((k) => [k, rate])) as Record<(typeof changeKeys)[number], typeof rate>)
      .openapi({ description: '(current - previous) / previous, rounded to 4 decimals; null when previous is 0' }),
    storage_used: count.openapi({ description: "Bytes of the owner's live stored files now (a blob shared by copies counts once)" }),
    quota: UsageSchema.openapi({ description: 'The storage quota and what counts against it (the trash too), as `GET /api/v1/usage` answers' }),
  })
  .openapi('InsightStats');

export const ChartsQuery = z
  .object({
    metric: z.enum(chartMetrics).optional().default('views'),
    interval: z.enum(['day']).optional().default('day'),
    days: queryInt().pipe(z.number().int().min(7).max(90)).optional().openapi({ description: 'The last `days` days, today included (default 30)' }),
    start_date: calendarDate('Or: the first day of a custom period (with `end_date`)'),
    end_date: calendarDate('The last day of a custom period, included'),
    tz: timeZone,
  })
  .superRefine((q, ctx) => {
    checkDates(q, ctx, MAX_PERIOD_DAYS);
    if (q.days !== undefined && q.start_date !== undefined) ctx.addIssue({ code: 'custom', path: ['days'], message: 'give days or start_date/end_date, not both' });
  });

export const ChartSchema = z
  .object({
    metric: z.enum(chartMetrics),
    interval: z.literal('day'),
    tz: z.string(),
    series: z.array(z.object({ date: z.string().openapi({ example: '2026-11-21' }), value: z.number() })).openapi({ description: 'One entry per day, zero-filled, oldest first; the last is today in `tz`' }),
  })
  .openapi('InsightChart');

export const TopAssetsQuery = z.object({
  metric: z.enum(eventMetricNames).optional().default('views'),
  limit: queryInt().pipe(z.number().int().min(1).max(20)).optional().default(5),
});

export const TopAssetsSchema = z
  .object({
    metric: z.enum(eventMetricNames),
    assets: z.array(
      z.object({
        id: z.string(),
        job_id: z.string(),
        kind: z.string(),
        title: z.string().nullable(),
        app_id: z.string(),
        app_name: z.string().nullable(),
        app_color: z.string().nullable(),
        url: z.string().nullable(),
        thumbnail_url: z.string().nullable(),
        value: count,
      }),
    ),
  })
  .openapi('TopAssets');
