/** How lists page: by a keyset over (created_at, id), or by offset. Shared by services, cursors and routes. */

/** A position in a list ordered by (created_at, id). */
export interface Keyset {
  createdAt: number;
  id: string;
}

export type SortDirection = 'desc' | 'asc';

/** Which page to read: `limit` rows after `after` (keyset) or from `offset`. */
export interface PageRequest {
  limit: number;
  direction: SortDirection;
  offset?: number;
  after?: Keyset;
}

/** A page as read from the database: the items, whether more follow, and the last item's key. */
export interface PageOf<T> {
  items: T;
  hasMore: boolean;
  last: Keyset | null;
  /** The value of the `total` subquery a reader was given, when the page had a row to carry it. */
  total?: number;
}
