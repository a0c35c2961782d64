/**
 * What the widgets bench's stub answers `<project-list>` and `<usage-insights>` with: a user with
 * 500 projects across the six sample apps (pictures, counts, archived ones, a few types), and 90
 * days of insights (a daily series per metric with weekly rhythm and growth, totals and changes
 * that add up, generations by app and status, top assets with thumbnails). Deterministic (seeded).
 *
 * Each payload is checked against the API's own response schemas (api/schemas) before the bench
 * uses it, so the elements get exactly the shapes the real API sends.
 */
import { deepStrictEqual } from 'node:assert';
import type { z } from '@hono/zod-openapi';
import { ChartSchema, chartMetrics, StatsSchema, TopAssetsSchema, type ChartMetric } from '../api/schemas/insights.ts';
import { ProjectListSchema, ProjectSchema } from '../api/schemas/projects.ts';
import { prng } from './random.ts';

type Project = z.infer<typeof ProjectSchema>;
type Stats = z.infer<typeof StatsSchema>;

const DAY = 86_400_000;
const apps = [
  { id: 'video-mixer', name: 'Video Mixer', color: 'purple', words: ['Summer Sale Reels', 'Launch Night Teasers', 'Gym Promo Cuts', 'Holiday Countdown'] },
  { id: 'carousel-mix', name: 'Carousel Mix', color: 'blue', words: ['Product Launch Carousel', 'Weekly Tips', 'Before and After', 'Recipe Steps'] },
  { id: 'text-to-video', name: 'Text to Video', color: 'green', words: ['Explainers', 'Onboarding Walkthrough', 'FAQ Shorts'] },
  { id: 'brand-studio', name: 'Brand Studio', color: 'orange', words: ['Channel Refresh', 'Podcast Covers', 'Event Banners'] },
  { id: 'anime-motion', name: 'Anime Motion', color: 'pink', words: ['Manga Panels', 'Character Loops', 'Opening Titles'] },
  { id: 'product-studio', name: 'Product Studio', color: 'teal', words: ['Ceramic Mug Listing', 'Sneaker Drop', 'Candle Collection', 'Spring Catalogue'] },
] as const;
const types = ['general', 'general', 'general', 'product_package', 'campaign', 'ugc_ads'];
const statuses = ['queued', 'processing', 'completed', 'failed', 'partial'] as const;

/** Checks `payload` is exactly what `schema` lets the API send (parsing keeps every field, adds none). */
function conforms<S extends z.ZodType>(schema: S, payload: z.infer<S>, what: string): z.infer<S> {
  deepStrictEqual(schema.parse(payload), payload, `${what} differs from the API's schema`);
  return payload;
}

/** The user's `n` projects, most recently active first (the list's default order). */
export function benchProjects(n: number, now = Date.now()): Project[] {
  const r = prng(500);
  let at = now - 2 * 3_600_000;
  return Array.from({ length: n }, (_, i) => {
    const app = r() < 0.06 ? undefined : apps[Math.floor(r() * apps.length)]!;
    const name = `${app ? app.words[Math.floor(r() * app.words.length)] : 'Untitled project'}${i >= 9 ? ` ${Math.floor(i / 9) + 1}` : ''}`;
    const jobs = Math.floor(r() ** 2 * 80);
    at -= Math.floor(r() * 1.6 * DAY);
    const created = at - Math.floor(r() * 60 * DAY);
    return {
      id: `0190c0de-0000-7000-8000-${String(i).padStart(12, '0')}`,
      app_id: app?.id ?? null,
      name,
      type: types[Math.floor(r() * types.length)]!,
      status: r() < 0.15 ? 'archived' : 'active',
      job_count: jobs,
      asset_count: jobs * (1 + Math.floor(r() * 4)),
      last_job_at: jobs ? new Date(at).toISOString() : null,
      // Most have a picture (one cached PNG served by the stub); the rest show their app's icon.
      thumbnail_url: jobs && r() < 0.9 ? `/bench.png?project=${i}` : null,
      created_at: new Date(created).toISOString(),
      updated_at: new Date(at).toISOString(),
    };
  });
}

/** `GET /api/v1/projects?offset&limit` over `all`, in the order given (the element asks for `sort=recent`; the order is not what is timed). */
export function projectsPage(all: Project[], offset: number, limit: number) {
  const projects = all.slice(offset, offset + limit);
  return conforms(ProjectListSchema, { projects, total: all.length, limit, offset, has_more: offset + projects.length < all.length, types: [...new Set(all.map((p) => p.type))].sort() }, 'GET /api/v1/projects');
}

/** YYYY-MM-DD of a UTC day. */
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** 90 days of insights (and the 90 before them) for a busy account, per day and metric. */
export function benchInsights(days: number, now = Date.now()) {
  const r = prng(90);
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  // Two periods back to back, oldest first: weekly rhythm, slow growth, noise.
  const daily = (base: number, growth: number) =>
    Array.from({ length: days * 2 }, (_, i) => Math.max(0, Math.round(base * (1 + growth * (i / (days * 2))) * (1 + 0.35 * Math.sin((i / 7) * 2 * Math.PI)) * (0.7 + 0.6 * r()))));
  const views = daily(1200, 0.6);
  const series: Record<ChartMetric, number[]> = {
    views,
    clicks: views.map((v) => Math.round(v * (0.04 + 0.02 * r()))),
    downloads: daily(40, 0.3),
    shares: daily(12, -0.2),
    conversions: [],
    generations: daily(14, 0.1),
    credits_used: [],
  };
  series.conversions = series.clicks.map((c) => Math.round(c * (0.05 + 0.05 * r())));
  series.credits_used = series.generations.map((g) => Math.round(g * (1.5 + r()) * 10) / 10);
  const dates = Array.from({ length: days }, (_, i) => day(today - (days - 1 - i) * DAY));
  const sum = (m: ChartMetric, current: boolean) => series[m].slice(current ? days : 0, current ? days * 2 : days).reduce((a, b) => a + b, 0);
  const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 10_000 : null);
  const totals = (current: boolean): Stats['current'] => {
    const generations = sum('generations', current);
    const split = (n: number, weights: number[]) => {
      const total = weights.reduce((a, b) => a + b, 0);
      const parts = weights.map((w) => Math.floor((n * w) / total));
      parts[0]! += n - parts.reduce((a, b) => a + b, 0);
      return parts;
    };
    const byStatus = split(generations, [80, 2, 3, 10, 5]);
    const byApp = split(generations, [30, 22, 14, 12, 9, 13]);
    const v = sum('views', current);
    const c = sum('clicks', current);
    const conversions = sum('conversions', current);
    return {
      views: v,
      clicks: c,
      ctr: ratio(c, v),
      downloads: sum('downloads', current),
      shares: sum('shares', current),
      conversions,
      conversion_rate: ratio(conversions, c),
      generations: { total: generations, by_status: Object.fromEntries(statuses.map((s, i) => [s, byStatus[i]!])) as Stats['current']['generations']['by_status'], by_app: Object.fromEntries(apps.map((a, i) => [a.id, byApp[i]!])) },
      credits_used: Math.round(sum('credits_used', current) * 10) / 10,
      storage_used: current ? 18_400_000_000 : 14_900_000_000,
    };
  };
  const current = totals(true);
  const previous = totals(false);
  const change = (a: number | null, b: number | null) => (a === null || !b ? null : Math.round(((a - b) / b) * 10_000) / 10_000);
  const from = today - (days - 1) * DAY;
  const stats = conforms(
    StatsSchema,
    {
      period: { from: new Date(from).toISOString(), to: new Date(today + DAY).toISOString() },
      previous_period: { from: new Date(from - days * DAY).toISOString(), to: new Date(from).toISOString() },
      current,
      previous,
      change: {
        views: change(current.views, previous.views),
        clicks: change(current.clicks, previous.clicks),
        ctr: change(current.ctr, previous.ctr),
        downloads: change(current.downloads, previous.downloads),
        shares: change(current.shares, previous.shares),
        conversions: change(current.conversions, previous.conversions),
        conversion_rate: change(current.conversion_rate, previous.conversion_rate),
        generations: change(current.generations.total, previous.generations.total),
        credits_used: change(current.credits_used, previous.credits_used),
        storage_used: change(current.storage_used, previous.storage_used),
      },
      storage_used: current.storage_used,
      quota: { used_bytes: current.storage_used, trash_bytes: 0, quota_bytes: null },
    },
    'GET /api/v1/insights/stats',
  );
  const charts = Object.fromEntries(
    chartMetrics.map((metric) => [metric, conforms(ChartSchema, { metric, interval: 'day' as const, tz: 'UTC', series: dates.map((date, i) => ({ date, value: series[metric][days + i]! })) }, 'GET /api/v1/insights/charts')]),
  ) as Record<ChartMetric, z.infer<typeof ChartSchema>>;
  const top = Object.fromEntries(
    (['views', 'clicks', 'downloads', 'shares', 'conversions'] as const).map((metric, k) => [
      metric,
      conforms(
        TopAssetsSchema,
        {
          metric,
          assets: Array.from({ length: 5 }, (_, i) => {
            const app = apps[(i + k) % apps.length]!;
            return { id: `asset-top-${metric}-${i}`, job_id: `job-top-${i}`, kind: 'image', title: `${app.words[0]} ${i + 1}`, app_id: app.id, app_name: app.name, app_color: app.color, url: '/bench.png', thumbnail_url: '/bench.png', value: Math.round(5000 / (i + 1)) };
          }),
        },
        'GET /api/v1/insights/top-assets',
      ),
    ]),
  ) as Record<string, z.infer<typeof TopAssetsSchema>>;
  return { stats, charts, top };
}
