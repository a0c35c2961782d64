import type { ApiError } from './api-client.ts';
import type { IntegrationName } from '../user-settings/options.ts';
import type { Asset, GenerationItem, Job, Project, UserSettingsData } from './types.ts';

/**
 * Every event a genshelf element fires: kebab-case, prefixed `gs-`, bubbling and composed (they
 * cross shadow roots), typed on `GlobalEventHandlersEventMap` so `addEventListener('gs-open', e =>
 * e.detail.id)` type-checks in the host's code.
 */
export interface GsEventMap {
  /**
   * The user opened a generation (`<recent-work>`) or a project (`<project-list>`), by click or
   * Enter. Cancelable: `preventDefault()` stops an `href-template` link.
   */
  'gs-open': CustomEvent<{ id: string; generation: GenerationItem; href?: string } | { id: string; project: Project; href?: string }>;
  /** Loading or an action failed; `error.status` 401 means the token is missing or expired. */
  'gs-error': CustomEvent<{ error: ApiError }>;
  /** `<media-preview>` closed (Escape, click outside, the close button or `close()`); `index` is the item shown last. */
  'gs-close': CustomEvent<{ index: number; item: Asset | undefined }>;
  /** `<my-work>`: the user asked to generate a job again; the host starts it with the same prompt and params. */
  'gs-regenerate': CustomEvent<{ id: string; job: Job; prompt: string | null; params: Record<string, unknown> | null; app_id: string }>;
  /** `<asset-gallery>`: the user asked to generate something (its empty state's call to action, when it has no `cta-href`); `project` is the gallery's. */
  'gs-create': CustomEvent<{ project: string | null }>;
  /** `<asset-gallery>`: the user made an asset public or private, or (un)favourited it, and the API saved it. */
  'gs-asset-change': CustomEvent<{ asset: Asset; change: 'visibility' | 'favorite' }>;
  /** `<user-settings>`: the user asked to connect a provider. Cancelable: cancel, run your own OAuth, then call `setConnection()`. */
  'gs-connect': CustomEvent<{ provider: IntegrationName }>;
  /** `<user-settings>`: the user asked to disconnect a provider. Cancelable. */
  'gs-disconnect': CustomEvent<{ provider: IntegrationName }>;
  /** `<user-settings>`: the settings were saved (the user's Save, or a connection recorded). */
  'gs-saved': CustomEvent<{ settings: UserSettingsData }>;
  /** An element with `claim-on-sign-in` moved the visitor's anonymous session to the signed-in user (once per page); `moved` counts what moved. */
  'gs-claimed': CustomEvent<{ session_id: string; moved: ClaimedCounts }>;
}

/** What `POST /api/v1/sessions/claim` moved to the signed-in user. */
export interface ClaimedCounts {
  jobs: number;
  assets: number;
  projects: number;
  events: number;
}

export type GsEventName = keyof GsEventMap;

/** `gs-regenerate`'s detail for a job (the same from every element that offers Regenerate). */
export const regenerateDetail = (job: Job): GsEventMap['gs-regenerate']['detail'] => ({ id: job.id, job, prompt: job.prompt, params: job.params, app_id: job.app_id });
export type GsEventDetail<K extends GsEventName> = GsEventMap[K] extends CustomEvent<infer D> ? D : never;

declare global {
  interface GlobalEventHandlersEventMap {
    'gs-open': GsEventMap['gs-open'];
    'gs-error': GsEventMap['gs-error'];
    'gs-close': GsEventMap['gs-close'];
    'gs-regenerate': GsEventMap['gs-regenerate'];
    'gs-create': GsEventMap['gs-create'];
    'gs-asset-change': GsEventMap['gs-asset-change'];
    'gs-connect': GsEventMap['gs-connect'];
    'gs-disconnect': GsEventMap['gs-disconnect'];
    'gs-saved': GsEventMap['gs-saved'];
    'gs-claimed': GsEventMap['gs-claimed'];
  }
}
