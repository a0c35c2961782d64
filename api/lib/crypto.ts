/** Small crypto helpers on Web Crypto only, so they run unchanged on Node and in workerd. */

const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const keyCache = new Map<string, Promise<CryptoKey>>();

/** An HMAC-SHA256 key for one purpose, derived from the signing secret (domain separation). */
function hmacKey(secret: string, purpose: string): Promise<CryptoKey> {
  const id = `${purpose}\u0000${secret}`;
  let key = keyCache.get(id);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(id), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keyCache.set(id, key);
  }
  return key;
}

export async function hmac(secret: string, purpose: string, message: string): Promise<Uint8Array> {
  const key = await hmacKey(secret, purpose);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

/** Verifies an HMAC in constant time (crypto.subtle.verify does the comparison). */
export async function hmacVerify(secret: string, purpose: string, message: string, mac: Uint8Array): Promise<boolean> {
  const key = await hmacKey(secret, purpose);
  return crypto.subtle.verify('HMAC', key, mac as BufferSource, encoder.encode(message));
}

/**
 * Compares two secrets without leaking where they differ: both sides are MACed with a random
 * per-process key first, so the comparison time does not depend on the secret's bytes.
 */
export async function timingSafeEqualText(a: string, b: string): Promise<boolean> {
  // Made on first use: workerd forbids random values in global scope.
  compareSalt ??= base64url(crypto.getRandomValues(new Uint8Array(32)));
  const mac = await hmac(compareSalt, 'compare', a);
  return hmacVerify(compareSalt, 'compare', b, mac);
}
let compareSalt: string | undefined;

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const randomId = (): string => crypto.randomUUID();

export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}
