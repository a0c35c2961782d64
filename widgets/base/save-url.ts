import type { ApiClient } from './api-client.ts';
import { usageRecorder } from './usage-events.ts';

/**
 * Starts a download of `href` through a clicked `<a download>`: a same-origin or blob URL takes
 * `filename`; a signed genshelf URL sends its own name (`?download=1` sets Content-Disposition).
 */
export function saveUrl(href: string, filename = ''): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  // In the document while clicked: some browsers ignore a click on a detached link.
  document.body.append(a);
  a.click();
  a.remove();
}

/** Saves an asset's file from its signed download URL, and counts the download in the owner's insights. */
export function saveAsset(client: ApiClient, asset: { id: string; download_url?: string | null }): void {
  if (!asset.download_url) return;
  saveUrl(asset.download_url);
  usageRecorder(client).record([asset.id], 'download');
}
