import { infoStrings } from './preview-info.ts';

/** `<media-preview>`'s labels in English; a host passes its own through the `strings` property. */
export const defaultStrings = {
  label: 'Preview',
  close: 'Close',
  previous: 'Previous',
  next: 'Next',
  position: (n: string, of: string) => `${n} of ${of}`,
  ...infoStrings,
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  /** The zoom level that fits the image to the stage (other levels are percentages). */
  fit: 'Fit',
  download: 'Download',
  fullscreen: 'Full screen',
  exitFullscreen: 'Exit full screen',
  copyLink: 'Copy link',
  linkCopied: (until: string) => `Link copied — it works until ${until}`,
  publicLinkCopied: 'Public link copied',
  regenerate: 'Regenerate',
  showInfo: 'Details',
  copy: 'Copy text',
  copied: 'Copied',
  copyFailed: 'Could not copy',
  untitled: 'Untitled',
  unavailable: 'This file is not available.',
  loadingText: 'Loading text',
};
