import { ownerParts } from '../auth/caller.ts';
import type { AssetRow } from '../db/schema/index.ts';
import { fileUrlExpiry } from '../lib/file-urls.ts';
import { fileUrl } from './files.ts';
import type { UrlContext } from '../lib/url-context.ts';
import { iso } from '../schemas/common.ts';

/** The canonical Asset; every URL in it is a signed, short-lived file URL. */
export async function toAsset(a: AssetRow, urls: UrlContext) {
  // A trashed asset's bytes are not served, so it has no URLs while it is in the trash.
  const served = a.deletedAt === null && (a.blobKey !== null || a.textContent !== null);
  const sign = (download: boolean) => fileUrl(urls, a, download);
  return {
    id: a.id,
    job_id: a.jobId,
    ...ownerParts(a.owner),
    kind: a.kind,
    asset_type: a.assetType,
    title: a.title,
    mime: a.mime,
    url: served ? await sign(false) : null,
    /** A stable link without expiry, only while the asset is public (seed 001's "Copy URL"). */
    public_url: a.isPublic && served ? `${urls.base.replace(/\/$/, '')}/api/v1/asset/${a.id}` : null,
    download_url: served ? await sign(true) : null,
    /** When `url` and `download_url` stop working (a "copy link" says so). */
    url_expires_at: served ? iso(fileUrlExpiry(urls.now, urls.ttlSeconds)) : null,
    width: a.width,
    height: a.height,
    duration: a.durationMs === null ? null : a.durationMs / 1000,
    file_size: a.size,
    is_public: a.isPublic,
    viral_score: a.viralScore,
    favorite: a.favorite,
    text: a.textContent,
    created_at: iso(a.createdAt)!,
    deleted_at: iso(a.deletedAt),
  };
}
