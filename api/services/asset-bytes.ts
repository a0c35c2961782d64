import { sql } from 'drizzle-orm';
import type { BlobStore } from '../blobs/types.ts';
import type { Db } from '../db/client.ts';
import { assets, type AssetRow } from '../db/schema/index.ts';
import { ApiError } from '../errors.ts';
import { bytesHeaders, contentDisposition, serveBlob } from '../lib/serve-blob.ts';
import { downloadName } from './assets.ts';
import { shaped } from './sql-shapes.ts';

/** What handing out an asset's bytes needs of it: where they are (a blob, its text, or a provider's URL) and what to call a download. */
export type AssetBytes = Pick<AssetRow, 'id' | 'title' | 'kind' | 'mime' | 'blobKey' | 'textContent' | 'sourceUrl'>;

/** The columns of `AssetBytes`, named as its fields: a statement that selects them returns rows of that shape. */
export const assetBytesColumns = sql`${assets.id} as id, ${assets.title} as title, ${assets.kind} as kind, ${assets.mime} as mime, ${assets.blobKey} as "blobKey", ${assets.textContent} as "textContent", ${assets.sourceUrl} as "sourceUrl"`;

/**
 * A live asset of the owner's, as much of it as `serveAsset` needs, or null. A player asks for one
 * range after another, each one a request here: the statement is rendered once (`shaped`) and
 * reads seven columns — drizzle building a select of the whole row, and the driver describing its
 * columns, were a quarter of the CPU of a 1 MiB range.
 */
export async function findAssetBytes(db: Db, owner: string, id: string): Promise<AssetBytes | null> {
  const statement = shaped(
    'asset-bytes',
    () => sql`select ${assetBytesColumns} from ${assets}
      where ${assets.id} = ${sql.placeholder('id')} and ${assets.owner} = ${sql.placeholder('owner')} and ${assets.deletedAt} is null limit 1`,
    { id, owner },
  );
  const [row] = await db.all<AssetBytes>(statement);
  return row ?? null;
}

/**
 * The bytes of an asset, for every route that hands them out (signed URLs, the content route,
 * public links, seed 000's single-file download): from the blob store with ranges, or its text.
 * Caches may keep them for `maxAgeS` (a signed URL: no longer than it is valid).
 */
export async function serveAsset(request: Request, blobs: BlobStore, asset: AssetBytes, download: boolean, maxAgeS = 3600): Promise<Response> {
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
