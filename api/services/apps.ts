import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apps, type AppRow } from '../db/schema/index.ts';
import { ApiError } from '../errors.ts';
import { ConfigError } from '../config.ts';
import { AppsFile, type AppDefinition, type AppInput } from '../schemas/apps.ts';
import type { IconCopy } from './app-icons.ts';

/** Every registered app, in the registry's order. */
export function listApps(db: Db): Promise<AppRow[]> {
  return db.select().from(apps).orderBy(asc(apps.position), asc(apps.id));
}

/** One app, or a 404. */
export async function getApp(db: Db, id: string): Promise<AppRow> {
  const [row] = await db.select().from(apps).where(eq(apps.id, id)).limit(1);
  if (!row) throw new ApiError('not_found', `No app "${id}" is registered`);
  return row;
}

/** An app's columns; `copy` is the picture its `icon_url` named, when it was copied (api/services/app-icons.ts). */
const columns = (input: AppInput, now: number, copy?: IconCopy) => ({
  name: input.name,
  icon: input.icon,
  color: input.color,
  description: input.description,
  iconSvg: copy && 'svg' in copy ? copy.svg : input.icon_svg,
  iconUrl: input.icon_url,
  iconImage: copy && 'image' in copy ? copy.image : null,
  iconMime: copy && 'image' in copy ? copy.mime : null,
  hrefTemplate: input.href_template,
  updatedAt: now,
});

/** A new app goes after every other one unless it names its place. */
const lastPosition = sql<number>`(select coalesce(max(${apps.position}), 0) + 1 from ${apps})`;

/**
 * Registers or replaces an app (PUT semantics: fields left out take their defaults; `position`
 * left out keeps an existing app's place) with the copy of its icon picture, if one was taken. Each statement is atomic; an app deleted between the
 * two is created again.
 */
export async function putApp(db: Db, id: string, input: AppInput, now: number, copy?: IconCopy): Promise<{ app: AppRow; created: boolean }> {
  for (;;) {
    const [inserted] = await db
      .insert(apps)
      .values({ id, ...columns(input, now, copy), position: input.position ?? lastPosition })
      .onConflictDoNothing()
      .returning();
    if (inserted) return { app: inserted, created: true };
    const [updated] = await db
      .update(apps)
      .set({ ...columns(input, now, copy), ...(input.position === undefined ? {} : { position: input.position }) })
      .where(eq(apps.id, id))
      .returning();
    if (updated) return { app: updated, created: false };
  }
}

/**
 * Removes an app no job (trashed ones included) and no project names — in one statement, so a job
 * ingested meanwhile keeps its app. 404 when unknown, 409 when still in use.
 */
export async function deleteApp(db: Db, id: string): Promise<void> {
  const [deleted] = await db
    .delete(apps)
    .where(
      sql`${apps.id} = ${id}
        and not exists (select 1 from jobs where jobs.app_id = ${id})
        and not exists (select 1 from projects where projects.app_id = ${id})`,
    )
    .returning({ id: apps.id });
  if (deleted) return;
  const [use] = await db
    .select({ jobs: sql<number>`(select count(*) from jobs where jobs.app_id = ${id})`, projects: sql<number>`(select count(*) from projects where projects.app_id = ${id})` })
    .from(apps)
    .where(eq(apps.id, id));
  if (!use) throw new ApiError('not_found', `No app "${id}" is registered`);
  throw new ApiError('conflict', `App "${id}" is still used by ${use.jobs} job(s) (trashed ones included) and ${use.projects} project(s); it can be removed once none is left`);
}

/**
 * Registers a list of apps at start-up (`APPS_FILE`, `APPS`) or with the sample data. `replace`:
 * an app already registered takes the list's values (the file is the operator's truth); without it
 * only missing apps are added (the sample data never overwrites an operator's changes). An
 * `icon_url` stays a link here: start-up never waits on another server.
 */
export async function registerApps(db: Db, list: readonly AppDefinition[], now: number, { replace }: { replace: boolean }): Promise<number> {
  if (!list.length) return 0;
  const statements = list.map(({ id, ...input }) => {
    const insert = db.insert(apps).values({ id, ...columns(input, now), position: input.position ?? lastPosition });
    return replace
      ? insert.onConflictDoUpdate({ target: apps.id, set: { ...columns(input, now), ...(input.position === undefined ? {} : { position: input.position }) } })
      : insert.onConflictDoNothing();
  });
  await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
  return list.length;
}

/**
 * A JSON list of apps from the operator (`APPS_FILE` on Node, the `APPS` var on Workers), checked
 * as `PUT /api/v1/apps/:id` checks one. `source` names it in the error.
 * @throws ConfigError with one line per problem, naming the entry and field
 */
export function appsFromJson(text: string, source: string): AppDefinition[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`genshelf cannot start: ${source} is not JSON (${(err as Error).message})`);
  }
  const parsed = AppsFile.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.length ? i.path.join('.') : '(list)'}: ${i.message}`);
    throw new ConfigError(`genshelf cannot start, ${source} is not a valid list of apps:\n${lines.join('\n')}`);
  }
  const ids = parsed.data.map((a) => a.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new ConfigError(`genshelf cannot start, ${source} is not a valid list of apps:\n  app "${twice}" is listed twice`);
  return parsed.data;
}
