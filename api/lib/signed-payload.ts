import { base64url, fromBase64url, hmac, hmacVerify } from './crypto.ts';

/**
 * Opaque, tamper-evident tokens: `base64url(json).base64url(hmac-sha256)`. Used for list
 * cursors (and later signed file URLs). Each purpose has its own derived key, so a token
 * minted for one purpose never verifies for another.
 */
export async function signPayload(secret: string, purpose: string, payload: unknown): Promise<string> {
  const body = base64url(new TextEncoder().encode(JSON.stringify(payload)));
  return `${body}.${base64url(hmac(secret, purpose, body))}`;
}

/** Returns the payload, or `null` for anything malformed or not signed by us. */
export async function verifyPayload<T = unknown>(secret: string, purpose: string, token: string): Promise<T | null> {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 4096) return null;
  const body = token.slice(0, dot);
  const mac = fromBase64url(token.slice(dot + 1));
  if (!mac || mac.length !== 32 || !hmacVerify(secret, purpose, body, mac)) return null;
  const json = fromBase64url(body);
  if (!json) return null;
  try {
    return JSON.parse(new TextDecoder().decode(json)) as T;
  } catch {
    return null;
  }
}
