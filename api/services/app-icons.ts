import type { Deps } from '../env.ts';
import { ApiError } from '../errors.ts';
import { base64url } from '../lib/crypto.ts';
import { cleanSvgIcon, MAX_SVG_BYTES } from '../lib/svg-icon.ts';
import { imageTypeOf } from '../lib/upload-guard.ts';
import { fetchUpstream, UpstreamRefused, UpstreamUnavailable, type UpstreamAnswer } from '../lib/upstream.ts';

/** The most an icon picture may weigh. */
export const MAX_ICON_BYTES = 256 * 1024;

/** An icon as genshelf keeps it: a checked SVG, or a picture's bytes (base64url) and type. */
export type IconCopy = { svg: string } | { image: string; mime: string };

const invalid = (message: string) => new ApiError('validation_error', 'The icon could not be copied', { details: [{ field: 'icon_url', message }] });

/** The body's bytes, refusing more than `max` without reading them all. */
async function readAtMost(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw invalid(`the picture is larger than ${max / 1024} KiB`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/**
 * Fetches the picture an app's `icon_url` names and returns the copy genshelf keeps and serves
 * itself (so a host page's `img-src` needs genshelf's origin only, and the icon outlives the
 * URL). The fetch follows the video proxy's upstream rules (https unless UPSTREAM_ALLOW_HTTP; no
 * private or loopback address unless UPSTREAM_ALLOW_PRIVATE; timeouts; redirects checked hop by
 * hop), except that naming the URL allows its host: the operator asked for exactly that one.
 * @throws ApiError 422 on `icon_url` saying why (never echoing the address): unreachable, not a
 * PNG, JPEG, GIF, WebP, AVIF or clean SVG, or larger than MAX_ICON_BYTES
 */
export async function copyIcon(deps: Pick<Deps, 'config' | 'fetch' | 'lookupHost'>, iconUrl: string): Promise<IconCopy> {
  const host = new URL(iconUrl).host;
  const only = { ...deps, config: { ...deps.config, UPSTREAM_ALLOWED_HOSTS: [host] } };
  let res: UpstreamAnswer;
  try {
    res = await fetchUpstream(only, iconUrl, { method: 'GET', headers: new Headers({ accept: 'image/*' }) });
  } catch (err) {
    if (err instanceof UpstreamRefused) throw invalid(`it cannot be fetched: ${err.message}`);
    if (err instanceof UpstreamUnavailable) throw invalid(`it could not be fetched: ${err.message}`);
    throw err;
  }
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel();
    throw invalid(`fetching it answered ${res.status}, not 200 with a picture`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readAtMost(res.body, MAX_ICON_BYTES);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw invalid('the picture stopped arriving before its end');
  }
  // Typed by its bytes, never by what the server says.
  const mime = imageTypeOf(bytes);
  if (mime) return { image: base64url(bytes), mime };
  const text = bytes.byteLength <= MAX_SVG_BYTES ? new TextDecoder().decode(bytes) : '';
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text)) {
    const clean = cleanSvgIcon(text.replace(/^\s*<\?xml[^>]*\?>\s*/i, ''));
    if ('problem' in clean) throw invalid(`the SVG it names is refused: ${clean.problem}`);
    return { svg: clean.svg };
  }
  throw invalid(`it is not a PNG, JPEG, GIF, WebP or AVIF picture, nor an SVG of at most ${MAX_SVG_BYTES / 1024} KiB`);
}
