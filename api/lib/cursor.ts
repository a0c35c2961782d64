import { ApiError } from '../errors.ts';
import { signPayload, verifyPayload } from './signed-payload.ts';
import type { Keyset, SortDirection } from './paging.ts';

const PURPOSE = 'list-cursor';

interface CursorPayload {
  /** What the cursor pages through, so a jobs cursor is refused on the assets list. */
  l: string;
  d: SortDirection;
  c: number;
  i: string;
}

/** An opaque, signed keyset cursor for the row a page ended on. */
export function encodeCursor(secret: string, list: string, direction: SortDirection, at: Keyset): Promise<string> {
  return signPayload(secret, PURPOSE, { l: list, d: direction, c: at.createdAt, i: at.id } satisfies CursorPayload);
}

/** @throws ApiError 422 when the cursor was tampered with, is for another list or another sort. */
export async function decodeCursor(secret: string, list: string, direction: SortDirection, cursor: string): Promise<Keyset> {
  const p = await verifyPayload<CursorPayload>(secret, PURPOSE, cursor);
  const valid = p && p.l === list && typeof p.c === 'number' && typeof p.i === 'string';
  if (!valid) throw new ApiError('validation_error', 'The cursor is not valid', { details: [{ field: 'cursor', message: 'not a cursor from this list' }] });
  if (p.d !== direction) throw new ApiError('validation_error', 'The cursor belongs to another sort order', { details: [{ field: 'cursor', message: 'was made for the other sort order' }] });
  return { createdAt: p.c, id: p.i };
}

interface OffsetCursorPayload {
  l: string;
  /** The order it was made for (`name`): never a time order's keyset. */
  d: string;
  o: number;
}

/**
 * A signed cursor holding the next page's offset, for orders without a keyset (by name): clients
 * page every order of a list the same way, by `next_cursor`.
 */
export function encodeOffsetCursor(secret: string, list: string, order: string, offset: number): Promise<string> {
  return signPayload(secret, PURPOSE, { l: list, d: order, o: offset } satisfies OffsetCursorPayload);
}

/** @throws ApiError 422 when the cursor was tampered with, is for another list or another sort. */
export async function decodeOffsetCursor(secret: string, list: string, order: string, cursor: string): Promise<number> {
  const p = await verifyPayload<OffsetCursorPayload>(secret, PURPOSE, cursor);
  if (!p || p.l !== list) throw new ApiError('validation_error', 'The cursor is not valid', { details: [{ field: 'cursor', message: 'not a cursor from this list' }] });
  if (p.d !== order || !Number.isInteger(p.o) || p.o < 0) throw new ApiError('validation_error', 'The cursor belongs to another sort order', { details: [{ field: 'cursor', message: 'was made for another sort order' }] });
  return p.o;
}
