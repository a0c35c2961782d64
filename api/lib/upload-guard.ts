import { ApiError } from '../errors.ts';

/** How the first bytes of a picture type look (AVIF too, which uploads do not take). */
const imageMagic = {
  'image/png': (b: Uint8Array) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (b: Uint8Array) => starts(b, [0xff, 0xd8, 0xff]),
  'image/gif': (b: Uint8Array) => ascii(b, 0, 'GIF8'),
  'image/webp': (b: Uint8Array) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP'),
  'image/avif': (b: Uint8Array) => ascii(b, 4, 'ftypavif') || ascii(b, 4, 'ftypavis'),
};

/** The picture type `bytes` begin like (PNG, JPEG, GIF, WebP or AVIF), whatever anyone declared. */
export function imageTypeOf(bytes: Uint8Array): string | undefined {
  return Object.entries(imageMagic).find(([, magic]) => magic(bytes))?.[0];
}

/** What an upload may declare, the asset kind it becomes, and how its first bytes must look. */
const accepted: Record<string, { kind: 'image' | 'video' | 'text' | 'archive'; magic?: (b: Uint8Array) => boolean }> = {
  'image/png': { kind: 'image', magic: imageMagic['image/png'] },
  'image/jpeg': { kind: 'image', magic: imageMagic['image/jpeg'] },
  'image/gif': { kind: 'image', magic: imageMagic['image/gif'] },
  'image/webp': { kind: 'image', magic: imageMagic['image/webp'] },
  'video/mp4': { kind: 'video', magic: (b) => ascii(b, 4, 'ftyp') },
  'video/quicktime': { kind: 'video', magic: (b) => ascii(b, 4, 'ftyp') || ascii(b, 4, 'moov') || ascii(b, 4, 'wide') },
  'video/webm': { kind: 'video', magic: (b) => starts(b, [0x1a, 0x45, 0xdf, 0xa3]) },
  'application/zip': { kind: 'archive', magic: (b) => starts(b, [0x50, 0x4b, 0x03, 0x04]) || starts(b, [0x50, 0x4b, 0x05, 0x06]) },
  'text/plain': { kind: 'text' },
  'text/markdown': { kind: 'text' },
};

const SNIFF_BYTES = 12;

function starts(b: Uint8Array, sig: number[]) {
  return b.length >= sig.length && sig.every((v, i) => b[i] === v);
}
function ascii(b: Uint8Array, at: number, text: string) {
  return b.length >= at + text.length && [...text].every((ch, i) => b[at + i] === ch.charCodeAt(0));
}

/** The media type without parameters, lower-cased (`image/PNG; x=y` → `image/png`). */
export const essence = (contentType: string | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** The kind an accepted upload type becomes; throws 415 for anything else. */
export function kindForUpload(mime: string): 'image' | 'video' | 'text' | 'archive' {
  const entry = accepted[mime];
  if (!entry) throw new ApiError('unsupported_media_type', `Uploads of type "${mime || '(none)'}" are not accepted; use one of ${Object.keys(accepted).join(', ')}`);
  return entry.kind;
}

/**
 * Passes an upload through unchanged while checking it: the first bytes must look like the
 * declared type (a renamed executable is not an image), and the total must stay within `max`
 * bytes. Either failure errors the stream, so the blob store never commits the object.
 */
export function guardUpload(mime: string, max: number): TransformStream<Uint8Array, Uint8Array> {
  const magic = accepted[mime]?.magic;
  let seen = 0;
  let head = new Uint8Array(0);
  let checked = !magic;
  const check = () => {
    checked = true;
    if (magic && !magic(head)) throw new ApiError('unsupported_media_type', `The content does not look like ${mime}`);
  };
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > max) throw new ApiError('payload_too_large', `Uploads are limited to ${max} bytes`);
      if (!checked) {
        const joined = new Uint8Array(head.length + chunk.byteLength);
        joined.set(head);
        joined.set(chunk, head.length);
        head = joined.subarray(0, SNIFF_BYTES);
        if (head.length >= SNIFF_BYTES) check();
      }
      controller.enqueue(chunk);
    },
    flush() {
      if (seen === 0) throw new ApiError('validation_error', 'The upload is empty', { details: [{ field: '(body)', message: 'send the file as the request body' }] });
      if (!checked) check();
    },
  });
}
