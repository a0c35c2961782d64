import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { shaped } from './sql-shapes.ts';

/** The owner's version (see `ownerVersions` in db/schema/jobs.ts): raised by triggers on every change to their jobs, assets and projects. */
export async function ownerVersion(db: Db, owner: string): Promise<number> {
  const [row] = await db.all<{ v: number }>(shaped('owner-version', () => sql`select v from owner_versions where owner = ${sql.placeholder('owner')}`, { owner }));
  return Number(row?.v ?? 0);
}

interface OwnerPages {
  version: number;
  pages: Map<string, string>;
  chars: number;
}

/**
 * Finished list responses, kept per owner at the owner's version. Clients poll the same pages
 * (the widgets' first page every few seconds, each user their own), and every change to what a
 * page shows raises the version in the database, so a kept page is answered while the version
 * has not moved — the check is one primary-key read, right in every process and isolate that
 * shares the database. A page made while the version moved is kept under the version read
 * before it (never asked for again once the new one is seen), so nothing older than the
 * database is ever answered. Bounded by total size, the least recently used owner first.
 */
export class PageCache {
  private readonly owners = new Map<string, OwnerPages>();
  private chars = 0;

  /** @param maxChars the most characters kept over all owners; 0 keeps nothing. */
  constructor(private readonly db: Db, private readonly maxChars: number) {}

  /** The page `key` of the owner's: kept, or made by `make` (which must read only the owner's data, after this call began). */
  async remember(owner: string, key: string, make: () => Promise<string>): Promise<string> {
    if (this.maxChars === 0) return make();
    const version = await ownerVersion(this.db, owner);
    let mine = this.owners.get(owner);
    if (mine && mine.version === version) {
      const kept = mine.pages.get(key);
      if (kept !== undefined) {
        this.touch(owner, mine);
        return kept;
      }
    }
    const page = await make();
    mine = this.owners.get(owner);
    if (!mine || mine.version < version) {
      if (mine) this.forget(owner, mine);
      this.owners.set(owner, (mine = { version, pages: new Map(), chars: 0 }));
    }
    // A newer version was seen meanwhile: this page may be older than it, so it is not kept.
    if (mine.version !== version || page.length > this.maxChars / 8) return page;
    const before = mine.pages.get(key);
    if (before !== undefined) {
      mine.chars -= before.length;
      this.chars -= before.length;
    }
    mine.pages.set(key, page);
    mine.chars += page.length;
    this.chars += page.length;
    this.touch(owner, mine);
    for (const [other, pages] of this.owners) {
      if (this.chars <= this.maxChars) break;
      this.forget(other, pages);
    }
    return page;
  }

  /** Most recently used owners last: the first is the one to drop. */
  private touch(owner: string, pages: OwnerPages): void {
    this.owners.delete(owner);
    this.owners.set(owner, pages);
  }

  private forget(owner: string, pages: OwnerPages): void {
    this.chars -= pages.chars;
    this.owners.delete(owner);
  }
}
