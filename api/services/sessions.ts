import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { anonSessions, assets, events, jobs, projects, rateLimits, settings } from '../db/schema/index.ts';
import { ApiError } from '../errors.ts';

/**
 * Counts one hit against `key` in the current fixed window and refuses (429) past `limit`.
 * The counter lives in the database, so every Worker isolate and Node process shares it.
 */
export async function rateLimit(db: Db, key: string, limit: number, windowMs: number, now: number, message = 'Too many new sessions from this address; try again later'): Promise<void> {
  const window = now - (now % windowMs);
  const [row] = await db
    .insert(rateLimits)
    .values({ key, window, n: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.window], set: { n: sql`${rateLimits.n} + 1` } })
    .returning({ n: rateLimits.n });
  if ((row?.n ?? 0) > limit) {
    const retryAfter = Math.max(1, Math.ceil((window + windowMs - now) / 1000));
    throw new ApiError('rate_limited', message, { headers: { 'Retry-After': String(retryAfter) } });
  }
}

/**
 * The same fixed windows as `rateLimit`, for writes that count only once they succeed (a refused
 * request changes nothing, its count included): `underLimit` refuses (429) when `key` already has
 * `limit` hits in the current window; `countHit` adds one.
 */
export async function underLimit(db: Db, key: string, limit: number, windowMs: number, now: number, message: string): Promise<void> {
  const window = now - (now % windowMs);
  const [row] = await db.select({ n: rateLimits.n }).from(rateLimits).where(and(eq(rateLimits.key, key), eq(rateLimits.window, window)));
  if ((row?.n ?? 0) >= limit) {
    const retryAfter = Math.max(1, Math.ceil((window + windowMs - now) / 1000));
    throw new ApiError('rate_limited', message, { headers: { 'Retry-After': String(retryAfter) } });
  }
}

export async function countHit(db: Db, key: string, windowMs: number, now: number): Promise<void> {
  const window = now - (now % windowMs);
  await db
    .insert(rateLimits)
    .values({ key, window, n: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.window], set: { n: sql`${rateLimits.n} + 1` } });
}

export async function createSession(db: Db, id: string, now: number, expiresAt: number): Promise<void> {
  await db.insert(anonSessions).values({ id, createdAt: now, expiresAt });
}

/** Extends a live, unclaimed session to `expiresAt`; false when there is no such session (claimed, or never issued here). */
export async function renewSession(db: Db, id: string, expiresAt: number): Promise<boolean> {
  const rows = await db.update(anonSessions).set({ expiresAt }).where(and(eq(anonSessions.id, id), isNull(anonSessions.claimedBy))).returning({ id: anonSessions.id });
  return rows.length > 0;
}

export interface ClaimResult {
  jobs: number;
  assets: number;
  projects: number;
  events: number;
}

/**
 * Moves everything an anonymous session owns to a user, in one atomic batch. A project whose
 * app and name the user already has is merged into the user's. Claiming again moves what the
 * session gained since (usually nothing); a session claimed by another user is refused (409).
 */
export async function claimSession(db: Db, sessionId: string, userOwner: string, now: number): Promise<ClaimResult> {
  const anon = `anon:${sessionId}`;
  const [session] = await db.select().from(anonSessions).where(eq(anonSessions.id, sessionId)).limit(1);
  if (session?.claimedBy && session.claimedBy !== userOwner) throw new ApiError('conflict', 'This session was claimed by another account');

  // The user's live project with the same app and name, for each of the session's projects.
  // (Outer columns qualified by hand: drizzle leaves them unqualified in single-table statements.)
  const twin = sql`(select u.id from projects u where u.owner = ${userOwner} and u.deleted_at is null and u.app_id = "projects"."app_id" and u.name = "projects"."name")`;
  const jobTwin = sql`(select u.id from projects u join projects a on a.id = "jobs"."project_id"
    where u.owner = ${userOwner} and u.deleted_at is null and a.deleted_at is null and u.app_id = a.app_id and u.name = a.name)`;
  const [, movedJobs, movedAssets, , movedProjects, , movedEvents] = await db.batch([
    db
      .insert(anonSessions)
      .values({ id: sessionId, createdAt: now, expiresAt: now, claimedBy: userOwner, claimedAt: now })
      .onConflictDoUpdate({
        target: anonSessions.id,
        set: { claimedBy: userOwner, claimedAt: sql`coalesce(${anonSessions.claimedAt}, ${now})` },
        setWhere: sql`${anonSessions.claimedBy} is null or ${anonSessions.claimedBy} = ${userOwner}`,
      }),
    db
      .update(jobs)
      .set({ owner: userOwner, projectId: sql`coalesce(${jobTwin}, ${jobs.projectId})` })
      .where(eq(jobs.owner, anon))
      .returning({ id: jobs.id }),
    db.update(assets).set({ owner: userOwner }).where(eq(assets.owner, anon)).returning({ id: assets.id }),
    // Projects merged into the user's are empty now: they go, the others move.
    db.delete(projects).where(and(eq(projects.owner, anon), isNull(projects.deletedAt), sql`${twin} is not null`)),
    db.update(projects).set({ owner: userOwner, updatedAt: now }).where(eq(projects.owner, anon)).returning({ id: projects.id }),
    // An event id the user already has (the same Idempotency-Key on both sides) is a duplicate.
    db.delete(events).where(and(eq(events.owner, anon), sql`"events"."id" in (select u.id from events u where u.owner = ${userOwner})`)),
    db.update(events).set({ owner: userOwner }).where(eq(events.owner, anon)).returning({ id: events.id }),
    // The user's own settings win; the session's move only if the user has none.
    db.delete(settings).where(and(eq(settings.owner, anon), sql`exists (select 1 from settings u where u.owner = ${userOwner})`)),
    db.update(settings).set({ owner: userOwner }).where(eq(settings.owner, anon)),
  ]);
  return { jobs: movedJobs.length, assets: movedAssets.length, projects: movedProjects.length, events: movedEvents.length };
}
