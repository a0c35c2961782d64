import { z } from '@hono/zod-openapi';
import { queryInt } from './common.ts';

/**
 * Seed 004's list vocabulary — `search`, a 1-based `page`, `sort_by` + `order` — accepted beside
 * genshelf's own words (`q`, `offset`, `sort`) on the projects and assets lists, so a seed-004
 * client gets what it asked for instead of everything (an unknown parameter is ignored).
 */

/** What each `sort_by` word sorts by. */
const sortKeys = { created_at: 'date', createdAt: 'date', date: 'date', name: 'name', title: 'name' } as const;
type SortKey = keyof typeof sortKeys;

/** The query fields, for a list sorted by date only or by date and name. */
export function aliasFields(by: 'date' | 'date-or-name') {
  const keys = (Object.keys(sortKeys) as SortKey[]).filter((k) => by === 'date-or-name' || sortKeys[k] === 'date');
  return {
    search: z.string().trim().max(200).optional().openapi({ description: "Seed 004's word for `q` (empty: no search)" }),
    page: queryInt()
      .pipe(z.number().int().min(1, 'must be 1 or more').max(1_000_000))
      .optional()
      .openapi({ description: 'Seed 004: a 1-based page of `limit` items, for `offset` = (page − 1) × limit' }),
    sort_by: z.enum(keys as [SortKey, ...SortKey[]]).optional().openapi({ description: 'Seed 004: with `order`, for `sort`' }),
    order: z.enum(['asc', 'desc']).optional().openapi({ description: 'Seed 004: `asc` or `desc` (default: newest first, names A–Z)' }),
  };
}

interface Canonical {
  q?: string | undefined;
  offset?: number | undefined;
  cursor?: string | undefined;
  sort?: string | undefined;
  limit: number;
}
interface Aliases {
  search?: string | undefined;
  page?: number | undefined;
  sort_by?: SortKey | undefined;
  order?: 'asc' | 'desc' | undefined;
}

/** The `sort` that `sort_by` + `order` stand for (undefined when neither is given). */
function aliasSort(a: Aliases): string | undefined {
  if (!a.sort_by && !a.order) return undefined;
  if (sortKeys[a.sort_by ?? 'created_at'] === 'name') return a.order === 'desc' ? '-name' : 'name';
  return a.order === 'asc' ? 'oldest' : 'newest';
}

/** Refuses a query that says one thing twice in two vocabularies and disagrees with itself (422 naming the alias). */
export function aliasConflicts(q: Canonical & Aliases, ctx: z.RefinementCtx) {
  if (q.search && q.q && q.search !== q.q) ctx.addIssue({ code: 'custom', path: ['search'], message: 'q and search disagree: give one of them' });
  if (q.page !== undefined && (q.offset !== undefined || q.cursor !== undefined)) ctx.addIssue({ code: 'custom', path: ['page'], message: 'use one of page, offset or cursor' });
  const sort = aliasSort(q);
  if (sort && q.sort !== undefined && q.sort !== sort) ctx.addIssue({ code: 'custom', path: ['sort_by'], message: `sort_by/order mean sort=${sort}, which disagrees with sort=${q.sort}` });
}

/** genshelf's own words for a query that may use seed 004's. */
export function resolveAliases<S extends string>(q: Canonical & Aliases & { sort?: S | undefined }, fallbackSort: NoInfer<S>): { q: string | undefined; offset: number | undefined; sort: S } {
  return {
    q: q.q ?? (q.search || undefined),
    offset: q.page !== undefined ? (q.page - 1) * q.limit : q.offset,
    sort: (q.sort ?? aliasSort(q) ?? fallbackSort) as S,
  };
}
