import { signFileUrl } from '../lib/file-urls.ts';
import type { UrlContext } from '../lib/url-context.ts';

/** A signed URL for one of an owner's files, valid for this response's `FILE_URL_TTL_S`; `download` asks for an attachment. */
export const fileUrl = (urls: UrlContext, asset: { id: string; owner: string }, download = false): Promise<string> =>
  signFileUrl(urls.secret, urls.base, asset, urls.now, urls.ttlSeconds, download);
