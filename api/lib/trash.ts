import type { Deps } from '../env.ts';
import { iso } from '../schemas/common.ts';

/** How long a trashed item can be restored. */
export const retentionMs = (deps: Pick<Deps, 'config'>) => deps.config.TRASH_RETENTION_DAYS * 86_400_000;

/** The answer to a bulk action: what was done and which requested ids were not found. */
export function bulkResult(requested: string[], done: string[]) {
  const hit = new Set(done);
  return { count: done.length, ids: done, not_found: requested.filter((id) => !hit.has(id)) };
}

/** The answer to moving things to the trash: `bulkResult` and until when it can come back. */
export function trashReceipt(deps: Pick<Deps, 'config'>, requested: string[], done: string[], now: number) {
  return { ...bulkResult(requested, done), restorable_until: done.length ? iso(now + retentionMs(deps)) : null };
}
