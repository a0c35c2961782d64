import { signPayload, verifyPayload } from './signed-payload.ts';

const PURPOSE = 'file-url';

interface FileClaim {
  /** asset id */
  a: string;
  /** owner key */
  o: string;
  /** expiry, epoch seconds */
  e: number;
}

/**
 * A short-lived URL for an asset's bytes that works in `<img src>`/`<video src>` without
 * headers: the path carries an HMAC over asset id, owner and expiry.
 */
export async function signFileUrl(secret: string, base: string, asset: { id: string; owner: string }, now: number, ttlSeconds: number, download = false): Promise<string> {
  const token = await signPayload(secret, PURPOSE, { a: asset.id, o: asset.owner, e: fileUrlExpiry(now, ttlSeconds) / 1000 } satisfies FileClaim);
  return `${base.replace(/\/$/, '')}/files/${token}${download ? '?download=1' : ''}`;
}

/**
 * When a URL signed at `now` stops working (epoch ms). Issue times snap to quarter-TTL steps, so a
 * URL stays the same for a while (list ETags stay stable for pollers, browsers reuse cached media)
 * and is always valid for at least 3/4 TTL.
 */
export function fileUrlExpiry(now: number, ttlSeconds: number): number {
  const step = Math.max(1, Math.floor(ttlSeconds / 4));
  return (Math.floor(now / 1000 / step) * step + ttlSeconds) * 1000;
}

export type FileToken = { status: 'valid'; assetId: string; owner: string; expiresAt: number } | { status: 'expired' } | { status: 'invalid' };

export async function readFileToken(secret: string, token: string, now: number): Promise<FileToken> {
  const claim = await verifyPayload<FileClaim>(secret, PURPOSE, token);
  if (!claim || typeof claim.a !== 'string' || typeof claim.o !== 'string' || typeof claim.e !== 'number') return { status: 'invalid' };
  if (claim.e * 1000 <= now) return { status: 'expired' };
  return { status: 'valid', assetId: claim.a, owner: claim.o, expiresAt: claim.e * 1000 };
}
