import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/**
 * The distinct asset types of the owner's live jobs, A→Z (for a type filter that offers every
 * type the user has, not only the well-known five). A skip scan over `jobs_owner_type_created`:
 * each step seeks the next type after the last one, so it costs one index seek per type however
 * many jobs the owner has (a plain DISTINCT would walk all of them).
 */
export async function jobAssetTypes(db: Db, owner: string): Promise<string[]> {
  const rows = await db.all<{ t: string | null }>(sql`with recursive types(t) as (
      select (select min(asset_type) from jobs where owner = ${owner} and asset_type is not null and deleted_at is null)
      union all
      select (select min(asset_type) from jobs where owner = ${owner} and asset_type > types.t and deleted_at is null) from types where types.t is not null
    )
    select t from types where t is not null`);
  return rows.map((r) => String(r.t));
}
