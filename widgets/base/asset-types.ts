import type { TemplateResult } from 'lit';
import { icon, imageIcon, textIcon, videoIcon } from './icons.ts';

/**
 * Seed 001's asset types (what a thumbnail/banner generator makes), their English labels and
 * icons; any other type the API reports gets a label made from its name and a generic icon.
 */
export const knownAssetTypes = ['thumbnail', 'overlay', 'banner', 'story_graphic', 'clip_cover'] as const;

export const assetTypeLabels: Record<string, string> = {
  thumbnail: 'Thumbnail',
  overlay: 'Overlay',
  banner: 'Banner',
  story_graphic: 'Story graphic',
  clip_cover: 'Clip cover',
};

const typeIcons: Record<string, TemplateResult> = {
  // A 16:9 frame with a play mark.
  thumbnail: icon('M2.5 5h15v10h-15zM8.5 7.8v4.4l3.6-2.2z', 16),
  // A frame inside a frame (what sits on top of a stream).
  overlay: icon('M2.5 4h15v12h-15zM5.5 7h9v6h-9z', 16),
  // A wide strip.
  banner: icon('M2 7h16v6H2zM5 10h6', 16),
  // A tall phone-shaped card.
  story_graphic: icon('M6.5 2.5h7v15h-7zM9 15h2', 16),
  // A film strip.
  clip_cover: icon('M4 3h12v14H4zM7 3v14M13 3v14M4 7h3M4 13h3M13 7h3M13 13h3', 16),
};

/** "poster_frame" → "Poster frame" (a type the labels do not know). */
const humanize = (type: string) => {
  const words = type.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The label of an asset type (`labels` first: a host's translation). */
export const assetTypeLabel = (type: string, labels: Record<string, string> = assetTypeLabels): string => labels[type] ?? assetTypeLabels[type] ?? humanize(type);

/** The icon of an asset type; else of the asset's kind (image, video, text). */
export function assetTypeIcon(type: string | null | undefined, kind?: string): TemplateResult {
  if (type && typeIcons[type]) return typeIcons[type];
  return kind === 'video' ? videoIcon : kind === 'text' ? textIcon : imageIcon;
}
