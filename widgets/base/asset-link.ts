import type { Asset } from './types.ts';

/** A link to an asset that opens without a token, and until when it works (null: while it stays public). */
export interface ShareLink {
  href: string;
  expires: Date | null;
}

/**
 * The link "Copy URL" hands out: the stable public link while the asset is public, else its
 * signed URL, which stops working at `url_expires_at`. Null when the asset has no bytes to serve.
 */
export function shareLink(asset: Pick<Asset, 'url' | 'public_url' | 'url_expires_at'>): ShareLink | null {
  if (asset.public_url) return { href: asset.public_url, expires: null };
  if (!asset.url) return null;
  return { href: asset.url, expires: asset.url_expires_at ? new Date(asset.url_expires_at) : null };
}

/**
 * Puts `text` on the clipboard; false when the page may not (no permission, an insecure origin).
 * Falls back to a selected textarea and `execCommand('copy')`, which still works in places the
 * async clipboard is refused (some embedded frames).
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.cssText = 'position:fixed;top:0;left:0;opacity:0;';
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}
