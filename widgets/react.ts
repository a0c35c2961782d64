/**
 * `genshelf/react`: every element as a React component (made with `@lit/react`), so React hosts
 * set properties — `tokenProvider`, `filters`, `strings` — as props instead of attributes, and
 * listen to `gs-` events as `onGsOpen`-style props with typed `detail`. A wrapper registers its tag
 * (and `<media-preview>` for those that open it) when the host imports it; the ones a host does not
 * import are dropped by its bundler, elements and all (`wrap()` is pure). Each `define` is guarded,
 * so a host that also loads the bundle is fine.
 * The event props of each element are the events its JSDoc `@fires`; test/react-wrappers.test.ts
 * keeps them equal to the custom-elements manifest.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
// From the class-only entry, which the build leaves as an import of dist/elements/index.js: a host's
// bundler keeps only the classes of the wrappers it uses (this file is built unminified, so the
// `@__PURE__` marks below reach that bundler).
import {
  AssetGallery as AssetGalleryElement,
  GenerationHistory as GenerationHistoryElement,
  JobStats as JobStatsElement,
  MediaPreview as MediaPreviewElement,
  MyWork as MyWorkElement,
  ProjectList as ProjectListElement,
  RecentWork as RecentWorkElement,
  UsageInsights as UsageInsightsElement,
  UserSettings as UserSettingsElement,
  type GsElement,
  type GsEventMap,
  type GsEventName,
} from './index.ts';

/** `gs-asset-change` → `onGsAssetChange`. */
type PropName<E extends string> = E extends `gs-${infer Rest}` ? `onGs${Capitalize<CamelCase<Rest>>}` : never;
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
type EventProps<E extends GsEventName> = { [K in E as PropName<K>]: EventName<GsEventMap[K]> };

const propName = (event: string) => 'on' + event.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase());

/** The React event props for `events` (and `gs-claimed`, which every element fires with `claim-on-sign-in`). */
function events<E extends GsEventName>(...names: E[]): EventProps<E | 'gs-claimed'> {
  return Object.fromEntries([...names, 'gs-claimed'].map((name) => [propName(name), name])) as EventProps<E | 'gs-claimed'>;
}

/** Registers `tag` (and `preview` as `<media-preview>` for an element that opens it), then makes its React component. */
function wrap<I extends GsElement, E extends GsEventName>(tagName: string, elementClass: (new () => I) & typeof GsElement, eventProps: EventProps<E>, preview?: typeof MediaPreviewElement) {
  // Passed in, not referenced here, so a host using only <job-stats> does not get <media-preview>.
  preview?.define('media-preview');
  elementClass.define(tagName);
  return createComponent({ react: React, tagName, elementClass, events: eventProps });
}

export const AssetGallery = /* @__PURE__ */ wrap('asset-gallery', AssetGalleryElement, /* @__PURE__ */ events('gs-asset-change', 'gs-create', 'gs-error'), MediaPreviewElement);
export const GenerationHistory = /* @__PURE__ */ wrap('generation-history', GenerationHistoryElement, /* @__PURE__ */ events('gs-create', 'gs-error'), MediaPreviewElement);
export const JobStats = /* @__PURE__ */ wrap('job-stats', JobStatsElement, /* @__PURE__ */ events('gs-error'));
export const MediaPreview = /* @__PURE__ */ wrap('media-preview', MediaPreviewElement, /* @__PURE__ */ events('gs-close', 'gs-error', 'gs-regenerate'));
export const MyWork = /* @__PURE__ */ wrap('my-work', MyWorkElement, /* @__PURE__ */ events('gs-error', 'gs-regenerate'), MediaPreviewElement);
export const ProjectList = /* @__PURE__ */ wrap('project-list', ProjectListElement, /* @__PURE__ */ events('gs-error', 'gs-open'));
export const RecentWork = /* @__PURE__ */ wrap('recent-work', RecentWorkElement, /* @__PURE__ */ events('gs-error', 'gs-open'));
export const UsageInsights = /* @__PURE__ */ wrap('usage-insights', UsageInsightsElement, /* @__PURE__ */ events('gs-error'), MediaPreviewElement);
export const UserSettings = /* @__PURE__ */ wrap('user-settings', UserSettingsElement, /* @__PURE__ */ events('gs-connect', 'gs-disconnect', 'gs-error', 'gs-saved'));

export type { GsEventMap, GsEventName } from './index.ts';
