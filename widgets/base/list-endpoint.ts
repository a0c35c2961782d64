import { ApiError, type ApiClient } from './api-client.ts';
import type { Asset, Job, UserGeneration } from './types.ts';

/** One page of a list, whatever the endpoint's envelope. */
export interface Page<T> {
  items: T[];
  /** Matching items on the server. */
  total: number;
  /** What to pass as `after` for the next page; null at the end. */
  next: string | null;
  /** The API answered 304: the same page as last time (the same `items` array). */
  notModified: boolean;
  /** The whole response, for what it carries beside the items (`/api/v1/projects`'s `types`). */
  body?: Record<string, unknown>;
}

/** How a list endpoint pages (see {@link cursorEndpoint}, {@link offsetEndpoint}). */
export interface ListEndpoint<T> {
  /** A page: `params` carry the filter and `limit`; `after` is the previous page's `next` (null: the first). */
  page(client: ApiClient, params: URLSearchParams, after: string | null, signal?: AbortSignal): Promise<Page<T>>;
  /** One item again by id (null when it is gone), for polling loaded items past the first page. */
  one?(client: ApiClient, id: string, signal?: AbortSignal): Promise<T | null>;
}

type Envelope = Record<string, unknown>;

/** `GET {path}/{id}`; a 404 (deleted, trashed) is null. */
const oneFrom =
  <T>(path: string) =>
  async (client: ApiClient, id: string, signal?: AbortSignal): Promise<T | null> => {
    try {
      return (await client.get<T>(`${path}/${encodeURIComponent(id)}`, { signal })).data;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  };

/**
 * A canonical list (`/api/v1/jobs`, `/api/v1/assets`): `limit` + the opaque `cursor`, answering
 * `{<items>: T[], total, next_cursor, has_more}` with an ETag.
 */
export function cursorEndpoint<T>(path: string, items: string): ListEndpoint<T> {
  return {
    async page(client, params, after, signal) {
      const query = new URLSearchParams(params);
      if (after) query.set('cursor', after);
      const { data, notModified } = await client.get<Envelope>(`${path}?${query}`, { signal });
      return { items: data[items] as T[], total: Number(data.total), next: data.has_more ? ((data.next_cursor as string | null) ?? null) : null, notModified, body: data };
    },
    one: oneFrom<T>(path),
  };
}

/**
 * A list paged by position: `/api/v1/projects` (`offset`, `total`) or seed 002's
 * `/api/user-generations` (`skip`, `total_count`, `limit` ≤ 50).
 */
export function offsetEndpoint<T>(path: string, items: string, names: { offset?: string; total?: string } = {}): ListEndpoint<T> {
  const offset = names.offset ?? 'offset';
  const total = names.total ?? 'total';
  return {
    async page(client, params, after, signal) {
      const query = new URLSearchParams(params);
      const start = after ? Number(after) : 0;
      if (start) query.set(offset, String(start));
      const { data, notModified } = await client.get<Envelope>(`${path}?${query}`, { signal });
      const got = data[items] as T[];
      return { items: got, total: Number(data[total]), next: data.has_more && got.length ? String(start + got.length) : null, notModified, body: data };
    },
  };
}

/** `GET /api/v1/jobs` (`<my-work>`, and any element listing jobs). */
export const jobsEndpoint = cursorEndpoint<Job>('/api/v1/jobs', 'jobs');
/** `GET /api/v1/assets` (the unified gallery). */
export const assetsEndpoint = cursorEndpoint<Asset>('/api/v1/assets', 'assets');

/**
 * Seed 002's `GET /api/user-generations` (`skip`, `total_count`, at most 50 a page); one entry again
 * from `GET /api/user-generations/:id` (a fresh `/video/…` link, or a generation still in progress).
 */
export const userGenerationsEndpoint: ListEndpoint<UserGeneration> = {
  ...offsetEndpoint<UserGeneration>('/api/user-generations', 'generations', { offset: 'skip', total: 'total_count' }),
  async one(client, id, signal) {
    const one = await oneFrom<{ generation: UserGeneration }>('/api/user-generations')(client, id, signal);
    return one?.generation ?? null;
  },
};
