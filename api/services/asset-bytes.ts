import type { BlobStore } from '../blobs/types.ts';
import type { AssetRow } from '../db/schema/index.ts';
import { ApiError } from '../errors.ts';
import { bytesHeaders, contentDisposition, serveBlob } from '../lib/serve-blob.ts';
import { downloadName } from './assets.ts';

/**
 * The bytes of an asset, for every route that hands them out (signed URLs, the content route,
 * public links, seed 000's single-file download): from the blob store with ranges, or its text.
 * Caches may keep them for `maxAgeS` (a signed URL: no longer than it is valid).
 */
export async function serveAsset(request: Request, blobs: BlobStore, asset: AssetRow, download: boolean, maxAgeS = 3600): Promise<Response> {
  const name = download ? downloadName(asset) : undefined;
  const cacheControl = `private, max-age=${Math.max(0, Math.floor(maxAgeS))}`;
  if (asset.blobKey) {
    const res = await serveBlob(request, blobs, asset.blobKey, { downloadName: name, cacheControl });
    if (!res) throw new ApiError('not_found', 'The file is missing');
    return res;
  }
  if (asset.textContent !== null) {
    const headers = bytesHeaders({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': cacheControl });
    if (name) headers.set('Content-Disposition', contentDisposition(name));
    return new Response(request.method === 'HEAD' ? null : asset.textContent, { status: 200, headers });
  }
  // Outputs kept at the provider are streamed by the video proxy (/video/:proxy_id).
  throw new ApiError('not_found', 'This asset has no stored file');
}
