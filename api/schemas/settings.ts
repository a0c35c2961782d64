import { z } from '@hono/zod-openapi';

/** Tones the copy generators understand (seed 004's "AI preferences"). */
export const tones = ['professional', 'friendly', 'casual', 'formal', 'playful', 'persuasive', 'witty'] as const;
export const aspectRatios = ['1:1', '4:5', '9:16', '16:9'] as const;
export const integrationNames = ['shopify', 'amazon', 'tiktok'] as const;
export type IntegrationName = (typeof integrationNames)[number];

export const defaultPreferences = { language: 'en-US', tone: 'professional', aspect_ratio: '1:1' } as const;
export const disconnected = { connected: false, store_name: null, connected_at: null } as const;

/** A BCP-47 language tag, answered in canonical form (`en-gb` → `en-GB`). */
const languageTag = z
  .string()
  .min(2)
  .max(35)
  .transform((tag, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical) return canonical;
    } catch {
      /* reported below */
    }
    ctx.addIssue({ code: 'custom', message: 'must be a BCP-47 language tag such as en-US or pt-BR' });
    return z.NEVER;
  })
  .openapi({ example: 'en-US', description: 'BCP-47 language tag' });

const PreferencesSchema = z
  .object({
    language: z.string().openapi({ example: 'en-US' }),
    tone: z.enum(tones),
    aspect_ratio: z.enum(aspectRatios),
  })
  .openapi('AiPreferences');

const IntegrationSchema = z
  .object({
    connected: z.boolean(),
    store_name: z.string().nullable().openapi({ description: 'Shown next to the connection, e.g. the shop or account name' }),
    connected_at: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('Integration');

export const SettingsSchema = z
  .object({
    preferences: PreferencesSchema,
    integrations: z.object({ shopify: IntegrationSchema, amazon: IntegrationSchema, tiktok: IntegrationSchema }),
    updated_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Settings');

const IntegrationPatch = z
  .object({
    connected: z.boolean().optional(),
    store_name: z.string().trim().min(1).max(100).nullable().optional(),
    connected_at: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();

export const SettingsPatchBody = z
  .object({
    preferences: z
      .object({ language: languageTag.optional(), tone: z.enum(tones).optional(), aspect_ratio: z.enum(aspectRatios).optional() })
      .strict()
      .optional(),
    integrations: z
      .object({ shopify: IntegrationPatch.optional(), amazon: IntegrationPatch.optional(), tiktok: IntegrationPatch.optional() })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('SettingsPatch', { description: 'A partial merge: only the keys given change. `connected: true` stamps `connected_at` (unless given); `connected: false` clears the display fields.' });

export type SettingsPatch = z.output<typeof SettingsPatchBody>;
