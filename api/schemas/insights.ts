import { z } from '@hono/zod-openapi';
import { eventTypes, jobStatuses } from '../db/schema/index.ts';
import { isTimeZone } from '../lib/time-zone.ts';
import { isoInstant, queryInt } from './common.ts';

/** Event types as the plural metric names the insights speak (`view` → `views`). */
export const eventMetrics = { views: 'view', clicks: 'click', downloads: 'download', shares: 'share', conversions: 'conversion' } as const satisfies Record<string, (typeof eventTypes)[number]>;
export type EventMetric = keyof typeof eventMetrics;
const eventMetricNames = Object.keys(eventMetrics) as [EventMetric, ...EventMetric[]];
export const chartMetrics = [...eventMetricNames, 'generations', 'credits_used'] as const;
export type ChartMetric = (typeof chartMetrics)[number];

export const MAX_PERIOD_DAYS = 366;

export const StatsQuery = z.object({
  from: isoInstant().optional().openapi({ description: 'Period start (default: 30 days before `to`)' }),
  to: isoInstant().optional().openapi({ description: 'Period end, exclusive (default: now)' }),
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
  })
  .openapi('InsightTotals');

const period = z.object({ from: z.string().openapi({ format: 'date-time' }), to: z.string().openapi({ format: 'date-time' }) });

export const StatsSchema = z
  .object({
    period,
    previous_period: period.openapi({ description: 'The period of the same length that ends where this one starts' }),
    current: TotalsSchema,
    previous: TotalsSchema,
    change: z
      .object(Object.fromEntries(['views', 'clicks', 'downloads', 'shares', 'conversions', 'generations', 'credits_used'].map((k) => [k, rate])))
      .openapi({ description: '(current - previous) / previous, rounded to 4 decimals; null when previous is 0' }),
    storage_used: count.openapi({ description: "Bytes of the owner's live stored files (a blob shared by copies counts once)" }),
  })
  .openapi('InsightStats');

export const ChartsQuery = z.object({
  metric: z.enum(chartMetrics).optional().default('views'),
  interval: z.enum(['day']).optional().default('day'),
  days: queryInt().pipe(z.number().int().min(7).max(90)).optional().default(30),
  tz: z
    .string()
    .min(1)
    .max(64)
    .refine(isTimeZone, 'must be an IANA time zone name such as Europe/Berlin')
    .optional()
    .default('UTC')
    .openapi({ description: 'IANA time zone the days are counted in' }),
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
