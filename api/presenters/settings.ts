import { parseJsonObject } from '../lib/json-object.ts';
import { iso } from '../schemas/common.ts';
import { defaultPreferences, disconnected, integrationNames, type aspectRatios, type IntegrationName, type tones } from '../schemas/settings.ts';
import type { SettingsRow } from '../services/settings.ts';

interface Integration {
  connected: boolean;
  store_name: string | null;
  connected_at: string | null;
}

/** Stored settings over the defaults, so keys added later read as their default. */
export function toSettings(row: SettingsRow) {
  const stored = parseJsonObject(row.integrations);
  return {
    preferences: { ...defaultPreferences, ...parseJsonObject(row.preferences) } as { language: string; tone: (typeof tones)[number]; aspect_ratio: (typeof aspectRatios)[number] },
    integrations: Object.fromEntries(integrationNames.map((n) => [n, { ...disconnected, ...(stored[n] as object | undefined) }])) as Record<IntegrationName, Integration>,
    updated_at: iso(row.updatedAt)!,
  };
}
