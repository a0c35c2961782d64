/**
 * The API's fixed lists for settings (api/schemas/settings.ts). The widgets keep their own copies —
 * they import only types from api/ and carry no zod — and test/widget-lists.test.ts keeps them equal.
 */

/** Tones the API accepts for `preferences.tone`. */
export const tones = ['professional', 'friendly', 'casual', 'formal', 'playful', 'persuasive', 'witty'] as const;
export type Tone = (typeof tones)[number];
/** Aspect ratios the API accepts for `preferences.aspect_ratio`. */
export const aspectRatios = ['1:1', '4:5', '9:16', '16:9'] as const;
export type AspectRatio = (typeof aspectRatios)[number];
/** Integrations the API keeps (`integrations.<name>`). */
export const integrationNames = ['shopify', 'amazon', 'tiktok'] as const;
export type IntegrationName = (typeof integrationNames)[number];
