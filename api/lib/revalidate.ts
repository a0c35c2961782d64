import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';

/**
 * A 64-bit content tag (two 32-bit multiply-xorshift lanes, cyrb53's mixing) over a body's UTF-16
 * code units: an ETag only has to change when the body does, for one URL and one user, so a
 * cryptographic hash of every polled body (SHA-256 in JavaScript: a tenth of a list request's
 * CPU) buys nothing.
 */
function contentTag(text: string): string {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}${text.length.toString(16)}`;
}

/** Bodies shorter than this are hashed every time (cheaper than keeping them). */
const KEEP_TAG_FROM_CHARS = 2048;
/** At most this many characters of recent bodies are kept with their tags (8 MB). */
const KEPT_TAG_CHARS = 4_000_000;
/** The latest body of each length, with its tag. */
const keptTags = new Map<number, { text: string; tag: string }>();
let keptChars = 0;

/**
 * `contentTag`, remembered for the latest body of each length: a kept page (the same string
 * each time) is recognised at once, and an unchanged rebuilt one by one native comparison —
 * instead of hashing 16,000 characters in JavaScript, a sixth of a kept page's time on Node.
 * (A Map keyed by the text itself would hash every new string again.) Equal text, equal tag:
 * nothing here can go stale.
 */
function tagOf(text: string): string {
  const n = text.length;
  if (n < KEEP_TAG_FROM_CHARS || n > KEPT_TAG_CHARS / 16) return contentTag(text);
  const kept = keptTags.get(n);
  if (kept?.text === text) return kept.tag;
  const tag = contentTag(text);
  if (kept) keptTags.delete(n);
  else keptChars += n;
  keptTags.set(n, { text, tag });
  for (const length of keptTags.keys()) {
    if (keptChars <= KEPT_TAG_CHARS) break;
    keptTags.delete(length);
    keptChars -= length;
  }
  return tag;
}

/** True when an `If-None-Match` header names this ETag (or `*`), per RFC 9110 weak comparison. */
function matches(ifNoneMatch: string, etag: string): boolean {
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

type Body = (data: unknown, arg?: unknown, headers?: Record<string, string>) => Response;

/**
 * Remembers the text a handler answers with through `c.body` or `c.json`, so the tag is taken
 * from the string the handler already has. Reading the finished Response's body back instead
 * (and building a new Response around it) was a seventh of a list request's time on Node, where
 * @hono/node-server writes a string body without ever making the web Response.
 */
function rememberTextBody(c: Context): (res: Response) => string | undefined {
  let made: Response | undefined;
  let text: string | undefined;
  const body = c.body as unknown as Body;
  const answer = (data: unknown, arg?: unknown, headers?: Record<string, string>) => {
    made = body(data, arg, headers);
    text = typeof data === 'string' ? data : undefined;
    return made;
  };
  c.body = answer as unknown as typeof c.body;
  // Hono's own c.json: the same body with a default Content-Type.
  c.json = ((object: unknown, arg?: unknown, headers?: Record<string, string>) => answer(JSON.stringify(object), arg, { 'Content-Type': 'application/json', ...headers })) as unknown as typeof c.json;
  return (res) => (res === made ? text : undefined);
}

/**
 * For per-user GETs that clients poll: a strong ETag over the body, `If-None-Match` → 304, and
 * `Cache-Control: private, no-cache` so shared caches keep out and browsers always revalidate.
 * The 304 keeps every header the 200 would have had (CORS, X-Request-ID, …) but the body's own:
 * a cross-origin poll whose 304 lacked Access-Control-Allow-Origin would fail in the browser.
 */
export const revalidate = createMiddleware<AppEnv>(async function revalidateResponse(c, next) {
  const textOf = rememberTextBody(c);
  await next();
  if (c.res.status !== 200) return;
  let text = textOf(c.res);
  if (text === undefined) {
    // Any other body (a stream, bytes) is read once and the response rebuilt around the bytes;
    // a one-byte-per-unit decoding gives the tag its input without touching the bytes sent.
    const bytes = new Uint8Array(await c.res.arrayBuffer());
    text = new TextDecoder('latin1').decode(bytes);
    c.res = new Response(bytes, { status: 200, headers: new Headers(c.res.headers) });
  }
  const etag = `"${tagOf(text)}"`;
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch && matches(ifNoneMatch, etag)) {
    const headers = new Headers(c.res.headers);
    headers.set('ETag', etag);
    headers.set('Cache-Control', 'private, no-cache');
    headers.delete('content-type');
    headers.delete('content-length');
    c.res = new Response(null, { status: 304, headers });
    return;
  }
  c.res.headers.set('ETag', etag);
  c.res.headers.set('Cache-Control', 'private, no-cache');
});
