/**
 * `genshelf/react`: every element as a React component (made with `@lit/react`), so React hosts
 * set properties — `tokenProvider`, `filters`, `strings` — as props instead of attributes, and
 * listen to `gs-` events as `onGsOpen`-style props with typed `detail`. Importing this module
 * registers the tags (each `define` is guarded, so a host that also loads the bundle is fine).
 * The event props of each element are the events its JSDoc `@fires`; test/react-wrappers.test.ts
 * keeps them equal to the custom-elements manifest.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import './genshelf.ts';
import type { GsEventMap, GsEventName } from './base/events.ts';
import { AssetGallery as AssetGalleryElement } from './asset-gallery/asset-gallery.ts';
import { GenerationHistory as GenerationHistoryElement } from './generation-history/generation-history.ts';
import { JobStats as JobStatsElement } from './job-stats/job-stats.ts';
import { MediaPreview as MediaPreviewElement } from './media-preview/media-preview.ts';
import { MyWork as MyWorkElement } from './my-work/my-work.ts';
import { ProjectList as ProjectListElement } from './project-list/project-list.ts';
import { RecentWork as RecentWorkElement } from './recent-work/recent-work.ts';
import { UsageInsights as UsageInsightsElement } from './usage-insights/usage-insights.ts';
import { UserSettings as UserSettingsElement } from './user-settings/user-settings.ts';

/** `gs-asset-change` → `onGsAssetChange`. */
type PropName<E extends string> = E extends `gs-${infer Rest}` ? `onGs${Capitalize<CamelCase<Rest>>}` : never;
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
type EventProps<E extends GsEventName> = { [K in E as PropName<K>]: EventName<GsEventMap[K]> };

const propName = (event: string) => 'on' + event.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase());

/** The React event props for `events` (and `gs-claimed`, which every element fires with `claim-on-sign-in`). */
function events<E extends GsEventName>(...names: E[]): EventProps<E | 'gs-claimed'> {
  return Object.fromEntries([...names, 'gs-claimed'].map((name) => [propName(name), name])) as EventProps<E | 'gs-claimed'>;
}

export const AssetGallery = createComponent({ react: React, tagName: 'asset-gallery', elementClass: AssetGalleryElement, events: events('gs-asset-change', 'gs-create', 'gs-error') });
export const GenerationHistory = createComponent({ react: React, tagName: 'generation-history', elementClass: GenerationHistoryElement, events: events('gs-create', 'gs-error') });
export const JobStats = createComponent({ react: React, tagName: 'job-stats', elementClass: JobStatsElement, events: events('gs-error') });
export const MediaPreview = createComponent({ react: React, tagName: 'media-preview', elementClass: MediaPreviewElement, events: events('gs-close', 'gs-error', 'gs-regenerate') });
export const MyWork = createComponent({ react: React, tagName: 'my-work', elementClass: MyWorkElement, events: events('gs-error', 'gs-regenerate') });
export const ProjectList = createComponent({ react: React, tagName: 'project-list', elementClass: ProjectListElement, events: events('gs-error', 'gs-open') });
export const RecentWork = createComponent({ react: React, tagName: 'recent-work', elementClass: RecentWorkElement, events: events('gs-error', 'gs-open') });
export const UsageInsights = createComponent({ react: React, tagName: 'usage-insights', elementClass: UsageInsightsElement, events: events('gs-error') });
export const UserSettings = createComponent({ react: React, tagName: 'user-settings', elementClass: UserSettingsElement, events: events('gs-connect', 'gs-disconnect', 'gs-error', 'gs-saved') });

export type { GsEventMap, GsEventName } from './base/events.ts';
