import type { ApiClient } from '../base/api-client.ts';
import { saveAsset } from '../base/save-url.ts';
import type { AppInfo, Asset, Job } from '../base/types.ts';
import { jobContext, type PreviewItem } from '../media-preview/preview-info.ts';

/** A job's outputs, oldest first (the API lists them newest first). */
export async function assetsOf(client: ApiClient, job: Job): Promise<Asset[]> {
  const { data } = await client.get<Asset[]>(`/api/v1/jobs/${encodeURIComponent(job.id)}/assets`);
  return [...data].reverse();
}

/** A job's outputs as `<media-preview>` items, each with the job's details (empty: nothing to show). */
export async function previewItemsOf(client: ApiClient, job: Job, app: AppInfo | undefined): Promise<PreviewItem[]> {
  const context = jobContext(job, app);
  return (await assetsOf(client, job)).filter((a) => a.url || a.text).map((a) => ({ ...a, context }));
}

/** Saves a job's main output (the first that is not its thumbnail) from its signed URL; false when it has none. */
export async function downloadMainOutput(client: ApiClient, job: Job): Promise<boolean> {
  const files = (await assetsOf(client, job)).filter((a) => a.download_url);
  const file = files.find((a) => a.asset_type !== 'thumbnail') ?? files[0];
  if (!file) return false;
  saveAsset(client, file);
  return true;
}
