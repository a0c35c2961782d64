/**
 * Reads a ZIP the way an unzip tool would: the entries' bytes through fflate, and each entry's
 * CRC-32 and sizes from the central directory (parsed here), checked against the bytes.
 */
import { unzipSync } from 'fflate';
import { crc32 } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** CRC-32 and uncompressed size as recorded in the central directory. */
  crc: number;
  size: number;
}

/** Every entry of `bytes`, in central-directory order; throws when the archive is malformed. */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: 22 bytes plus a comment of up to 64 KiB, at the very end.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a ZIP: no end-of-central-directory record');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const files = unzipSync(bytes);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`central directory entry ${n} is malformed`);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const data = files[name];
    if (!data) throw new Error(`entry ${name} is in the central directory but could not be read`);
    if (crc32(data) !== crc) throw new Error(`entry ${name}: CRC-32 mismatch`);
    if (data.byteLength !== size) throw new Error(`entry ${name}: ${data.byteLength} bytes, the directory says ${size}`);
    entries.push({ name, data, crc, size });
    at += 46 + nameLength + extra + comment;
  }
  if (entries.length !== Object.keys(files).length) throw new Error('the central directory and the entries disagree');
  return entries;
}
