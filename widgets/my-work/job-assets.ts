import type { ApiClient } from '../base/api-client.ts';
import type { Asset, Job } from '../base/types.ts';

/** A job's outputs, oldest first (the API lists them newest first). */
export async function assetsOf(client: ApiClient, job: Job): Promise<Asset[]> {
  const { data } = await client.get<Asset[]>(`/api/v1/jobs/${encodeURIComponent(job.id)}/assets`);
  return [...data].reverse();
}

/** The output a quick download saves: the first that is not the thumbnail. */
export const mainOutput = (assets: Asset[]): Asset | undefined => {
  const files = assets.filter((a) => a.download_url);
  return files.find((a) => a.asset_type !== 'thumbnail') ?? files[0];
};
