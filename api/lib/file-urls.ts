import { setBounded } from './bounded-map.ts';
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
 * URLs already signed in the current expiry step. The same asset's URL is the same for a quarter
 * of the TTL (see `fileUrlExpiry`), and pollers ask for the same pages again and again: 20
 * thumbnails were 20 HMACs per list request.
 */
const signed = new Map<string, string>();
const MAX_SIGNED = 20_000;

/**
 * A short-lived URL for an asset's bytes that works in `<img src>`/`<video src>` without
 * headers: the path carries an HMAC over asset id, owner and expiry.
 */
export async function signFileUrl(secret: string, base: string, asset: { id: string; owner: string }, now: number, ttlSeconds: number, download = false): Promise<string> {
  const expiry = fileUrlExpiry(now, ttlSeconds);
  const key = `${expiry}\u0000${asset.id}\u0000${asset.owner}\u0000${download}\u0000${base}\u0000${secret}`;
  const known = signed.get(key);
  if (known !== undefined) return known;
  const token = await signPayload(secret, PURPOSE, { a: asset.id, o: asset.owner, e: expiry / 1000 } satisfies FileClaim);
  const url = `${base.replace(/\/$/, '')}/files/${token}${download ? '?download=1' : ''}`;
  setBounded(signed, key, url, MAX_SIGNED);
  return url;
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

/**
 * Tokens whose signature was checked, with their claim: a player asks for one range after another
 * with the same URL, and decoding and MACing the token was a tenth of such a request's CPU. Only
 * valid signatures are kept (an attacker's made-up tokens never fill it); expiry is still checked
 * on every request.
 */
const verified = new Map<string, FileClaim>();
const MAX_VERIFIED = 20_000;

export async function readFileToken(secret: string, token: string, now: number): Promise<FileToken> {
  const key = `${secret}\u0000${token}`;
  let claim = verified.get(key) ?? null;
  if (!claim) {
    claim = await verifyPayload<FileClaim>(secret, PURPOSE, token);
    if (!claim || typeof claim.a !== 'string' || typeof claim.o !== 'string' || typeof claim.e !== 'number') return { status: 'invalid' };
    setBounded(verified, key, claim, MAX_VERIFIED);
  }
  if (claim.e * 1000 <= now) return { status: 'expired' };
  return { status: 'valid', assetId: claim.a, owner: claim.o, expiresAt: claim.e * 1000 };
}
