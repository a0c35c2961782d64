/**
 * Hashing and MACs for the request path, with @noble/hashes (audited, pure JS): synchronous and
 * identical on Node and workerd. Web Crypto would do the same maths, but on Node every
 * `crypto.subtle` call is a round trip through the libuv thread pool, which cost a list request
 * about a millisecond of waiting (ETag + cursor MAC) once the process idles between requests.
 */
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { setBounded } from './bounded-map.ts';

const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes unpadded base64url; null unless `text` is the one canonical encoding of its bytes
 * (a last character differing only in unused bits would otherwise decode the same, letting an
 * altered signature pass).
 */
export function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return base64url(bytes) === text ? bytes : null;
  } catch {
    return null;
  }
}

/** Compares without an early exit, so the time taken does not reveal where two MACs differ. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** HMAC-SHA256 with a key derived per purpose from the secret (domain separation). */
type KeyedHmac = ReturnType<typeof nobleHmac.create>;
/** HMACs with their key already absorbed, per key: half the work of a short message's MAC is the key's two pad blocks. */
const keyed = new Map<string, KeyedHmac>();
const MAX_KEYS = 64;

export function hmac(secret: string, purpose: string, message: string): Uint8Array {
  const key = `${purpose}\u0000${secret}`;
  let base = keyed.get(key);
  if (!base) setBounded(keyed, key, (base = nobleHmac.create(sha256, encoder.encode(key))), MAX_KEYS);
  return base.clone().update(encoder.encode(message)).digest();
}

export function hmacVerify(secret: string, purpose: string, message: string, mac: Uint8Array): boolean {
  return equalBytes(hmac(secret, purpose, message), mac);
}

/**
 * Compares two secrets in constant time: both sides are MACed with a random per-process key
 * first, so neither their bytes nor their lengths decide how long the comparison takes.
 */
export function timingSafeEqualText(a: string, b: string): boolean {
  // Made on first use: workerd forbids random values in global scope.
  compareSalt ??= base64url(crypto.getRandomValues(new Uint8Array(32)));
  return equalBytes(hmac(compareSalt, 'compare', a), hmac(compareSalt, 'compare', b));
}
let compareSalt: string | undefined;

export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? encoder.encode(data) : data));
}

export const randomId = (): string => crypto.randomUUID();

