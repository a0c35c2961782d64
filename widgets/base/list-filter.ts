/**
 * The one filter vocabulary of the list elements. Its keys are the API's own query parameters, so
 * an element builds one `ListFilter` and it travels unchanged to the list's URL (`filterQuery`),
 * to "select all N matching" (the same query, paged on the server) and to a bulk download's body
 * (`downloadFilter`, `POST /api/v1/downloads`'s `filter`).
 */
export interface ListFilter {
  /** One status or several (`queued`, `processing`, `completed`, `failed`, `partial`). */
  status?: string | readonly string[];
  /** An app id (`video-mixer`, …). */
  app?: string;
  /** Jobs with an output of this kind; assets of this kind. */
  kind?: '' | 'image' | 'video' | 'text';
  /** `thumbnail`, `banner`, … */
  asset_type?: string;
  project_id?: string;
  /** Search text (trimmed; empty means no search). */
  q?: string;
  favorite?: boolean;
  is_public?: boolean;
  /** Seed 002's app filter on `/api/user-generations`. */
  type?: string;
  /** `newest`, `oldest`, `name`, … (what the endpoint accepts). */
  sort?: string;
}

/** In this order in every URL, so equal filters give equal queries (and ETags). */
const KEYS = ['status', 'app', 'kind', 'asset_type', 'project_id', 'q', 'favorite', 'is_public', 'type', 'sort'] as const;

const statusList = (status: ListFilter['status']): string[] => (typeof status === 'string' ? (status ? [status] : []) : [...(status ?? [])]);

/** The filter as the list endpoints' query parameters (empty values left out). */
export function filterQuery(filter: ListFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = key === 'status' ? statusList(filter.status).join(',') : key === 'q' ? filter.q?.trim() : filter[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params;
}

/** A stable string for the filter: equal for equal filters (a task argument, a reset scope). */
export const filterKey = (filter: ListFilter): string => filterQuery(filter).toString();

/** `POST /api/v1/downloads`'s `filter`: the jobs filter part (sort and the asset-only flags mean nothing there). */
export function downloadFilter(filter: ListFilter): Record<string, unknown> {
  const status = statusList(filter.status);
  const q = filter.q?.trim();
  return {
    ...(status.length ? { status } : {}),
    ...(filter.app ? { app: filter.app } : {}),
    ...(filter.project_id ? { project_id: filter.project_id } : {}),
    ...(filter.asset_type ? { asset_type: filter.asset_type } : {}),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(q ? { q } : {}),
  };
}

/** `POST /api/v1/downloads`'s `asset_filter`: the unified gallery's filter (`GET /api/v1/assets`), without the sort. */
export function assetDownloadFilter(filter: ListFilter): Record<string, unknown> {
  const q = filter.q?.trim();
  return {
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.asset_type ? { asset_type: filter.asset_type } : {}),
    ...(filter.project_id ? { project_id: filter.project_id } : {}),
    ...(q ? { q } : {}),
    ...(filter.favorite !== undefined ? { favorite: filter.favorite } : {}),
    ...(filter.is_public !== undefined ? { is_public: filter.is_public } : {}),
  };
}

/** True when anything but the sort narrows the list (the empty state then offers "Clear filters"). */
export const isFiltered = (filter: ListFilter): boolean => [...filterQuery(filter).keys()].some((k) => k !== 'sort');
