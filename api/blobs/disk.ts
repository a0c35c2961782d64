/**
 * The blob store in a directory on disk, for Node (imported only by api/node.ts and tests).
 *
 * Layout: `objects/<kh>/<keyhash>.<etag>` holds the bytes, `objects/<kh>/<keyhash>.json` the
 * metadata that names the current data file. A put streams into `tmp/`, hashing as it goes
 * (constant memory), renames the data file into place, then atomically renames the new
 * metadata over the old one: a reader sees the old object or the new one, never a mix, and a
 * crash leaves at most an orphan temp or data file, never a metadata file without its data.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { conditionsHold, resolveRange, type BlobMeta, type BlobStore, type BlobWithBody } from './types.ts';

interface StoredMeta {
  key: string;
  size: number;
  etag: string;
  uploaded: string;
  contentType?: string;
  customMetadata: Record<string, string>;
  file: string;
}

const encoder = new TextEncoder();

export function diskBlobStore(root: string): BlobStore {
  const objects = join(root, 'objects');
  const tmp = join(root, 'tmp');
  const keyHash = (key: string) => bytesToHex(sha256(encoder.encode(key)));
  const dirOf = (hash: string) => join(objects, hash.slice(0, 2));
  const metaPath = (hash: string) => join(dirOf(hash), `${hash}.json`);

  const toMeta = (m: StoredMeta): BlobMeta => ({
    key: m.key,
    size: m.size,
    etag: m.etag,
    httpEtag: `"${m.etag}"`,
    uploaded: new Date(m.uploaded),
    contentType: m.contentType,
    customMetadata: { ...m.customMetadata },
  });

  async function readMeta(key: string): Promise<StoredMeta | null> {
    try {
      return JSON.parse(await readFile(metaPath(keyHash(key)), 'utf8')) as StoredMeta;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async function writeChunks(value: ReadableStream<Uint8Array> | Uint8Array | string, path: string) {
    const hash = sha256.create();
    let size = 0;
    const file = await open(path, 'wx');
    try {
      const write = async (chunk: Uint8Array) => {
        hash.update(chunk);
        size += chunk.byteLength;
        await file.write(chunk);
      };
      if (typeof value === 'string') await write(encoder.encode(value));
      else if (value instanceof Uint8Array) await write(value);
      else {
        const reader = value.getReader();
        for (;;) {
          const { done, value: chunk } = await reader.read();
          if (done) break;
          await write(chunk);
        }
      }
      await file.sync();
    } finally {
      await file.close();
    }
    return { size, etag: bytesToHex(hash.digest()).slice(0, 32) };
  }

  return {
    async put(key, value, options = {}) {
      await mkdir(tmp, { recursive: true });
      const temp = join(tmp, crypto.randomUUID());
      try {
        const { size, etag } = await writeChunks(value, temp);
        const hash = keyHash(key);
        await mkdir(dirOf(hash), { recursive: true });
        const file = `${hash}.${etag}`;
        const previous = await readMeta(key);
        await rename(temp, join(dirOf(hash), file));
        const stored: StoredMeta = { key, size, etag, uploaded: new Date().toISOString(), contentType: options.contentType, customMetadata: { ...options.customMetadata }, file };
        const tempMeta = join(tmp, `${crypto.randomUUID()}.json`);
        const handle = await open(tempMeta, 'wx');
        await handle.writeFile(JSON.stringify(stored));
        await handle.sync();
        await handle.close();
        await rename(tempMeta, metaPath(hash));
        // The old bytes, unless the new upload had the same content (same file name).
        if (previous && previous.file !== file) await rm(join(dirOf(hash), previous.file), { force: true });
        return toMeta(stored);
      } finally {
        await rm(temp, { force: true });
      }
    },

    async get(key, options = {}) {
      const stored = await readMeta(key);
      if (!stored) return null;
      const meta = toMeta(stored);
      if (!conditionsHold(meta, options.onlyIf)) return meta;
      let start = 0;
      let length = stored.size;
      if (options.range) {
        const r = resolveRange(options.range, stored.size);
        if (!r) throw new RangeError(`The requested range is not satisfiable (object size ${stored.size})`);
        ({ offset: start, length } = r);
        meta.range = r;
      }
      const path = join(dirOf(keyHash(key)), stored.file);
      const stream =
        length === 0
          ? new ReadableStream<Uint8Array>({ start: (c) => c.close() })
          : (Readable.toWeb(createReadStream(path, { start, end: start + length - 1 })) as ReadableStream<Uint8Array>);
      return { ...meta, body: stream } satisfies BlobWithBody;
    },

    async head(key) {
      const stored = await readMeta(key);
      return stored ? toMeta(stored) : null;
    },

    async delete(keys) {
      for (const key of Array.isArray(keys) ? keys : [keys]) {
        const stored = await readMeta(key);
        if (!stored) continue;
        const hash = keyHash(key);
        // Metadata first: once it is gone the object is gone, even if removing the bytes fails.
        await rm(metaPath(hash), { force: true });
        await rm(join(dirOf(hash), stored.file), { force: true });
      }
    },

    async list(options = {}) {
      const limit = Math.min(Math.max(options.limit ?? 1000, 1), 1000);
      const all: StoredMeta[] = [];
      let shards: string[] = [];
      try {
        shards = await readdir(objects);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      for (const shard of shards) {
        for (const name of await readdir(join(objects, shard))) {
          if (!name.endsWith('.json')) continue;
          const m = JSON.parse(await readFile(join(objects, shard, name), 'utf8')) as StoredMeta;
          if (!options.prefix || m.key.startsWith(options.prefix)) all.push(m);
        }
      }
      all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const after = options.cursor ? all.filter((m) => m.key > options.cursor!) : all;
      const page = after.slice(0, limit);
      const truncated = after.length > limit;
      return { objects: page.map(toMeta), truncated, cursor: truncated ? page.at(-1)!.key : undefined };
    },
  };
}
