import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { settings } from '../db/schema/index.ts';
import { defaultPreferences, disconnected, integrationNames, type SettingsPatch } from '../schemas/settings.ts';

export type SettingsRow = typeof settings.$inferSelect;

const defaultIntegrations = JSON.stringify(Object.fromEntries(integrationNames.map((n) => [n, disconnected])));

/** The owner's settings, created with the defaults on first read. */
export async function readSettings(db: Db, owner: string, now: number): Promise<SettingsRow> {
  const [row] = await db.select().from(settings).where(eq(settings.owner, owner)).limit(1);
  if (row) return row;
  const [created] = await db
    .insert(settings)
    .values({ owner, preferences: JSON.stringify(defaultPreferences), integrations: defaultIntegrations, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  // Another request created them in between: read theirs.
  return created ?? (await readSettings(db, owner, now));
}

/**
 * `integrations` after the patch, as SQL over `base` (the stored JSON, or the defaults). A
 * connection stamps `connected_at` unless given, keeping the stamp of one that was already on.
 */
function mergedIntegrations(base: SQL, patch: Record<string, unknown>, stamp: string[], nowIso: string): SQL {
  let merged = sql`json_patch(${base}, ${JSON.stringify(patch)})`;
  for (const name of stamp) {
    const path = `$.${name}`;
    merged = sql`json_set(${merged}, ${`${path}.connected_at`}, coalesce(case when json_extract(${base}, ${`${path}.connected`}) then json_extract(${base}, ${`${path}.connected_at`}) end, ${nowIso}))`;
  }
  return merged;
}

/**
 * Applies a validated partial patch in one upsert: JSON merge in SQL, so concurrent patches of
 * different keys both survive. `updated_at` moves only when something actually changed.
 */
export async function patchSettings(db: Db, owner: string, patch: SettingsPatch, now: number): Promise<SettingsRow> {
  const prefs = Object.fromEntries(Object.entries(patch.preferences ?? {}).filter(([, v]) => v !== undefined));
  const integrations: Record<string, Record<string, unknown>> = {};
  const stamp: string[] = [];
  for (const name of integrationNames) {
    const given = patch.integrations?.[name];
    if (!given || !Object.keys(given).length) continue;
    const change: Record<string, unknown> = { ...given };
    // json_patch removes keys set to null; the presenter reads a missing display field as null.
    if (given.connected === false) Object.assign(change, { store_name: null, connected_at: null });
    if (given.connected === true && given.connected_at === undefined) stamp.push(name);
    integrations[name] = change;
  }
  if (!Object.keys(prefs).length && !Object.keys(integrations).length) return readSettings(db, owner, now);

  const prefsJson = JSON.stringify(prefs);
  const nowIso = new Date(now).toISOString();
  const newPrefs = sql`json_patch(${settings.preferences}, ${prefsJson})`;
  const newIntegrations = mergedIntegrations(sql`${settings.integrations}`, integrations, stamp, nowIso);
  const [row] = await db
    .insert(settings)
    .values({
      owner,
      preferences: sql`json_patch(${JSON.stringify(defaultPreferences)}, ${prefsJson})`,
      integrations: mergedIntegrations(sql`${defaultIntegrations}`, integrations, stamp, nowIso),
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: settings.owner,
      set: { preferences: newPrefs, integrations: newIntegrations, updatedAt: now },
      setWhere: sql`${settings.preferences} is not ${newPrefs} or ${settings.integrations} is not ${newIntegrations}`,
    })
    .returning();
  return row ?? readSettings(db, owner, now);
}
