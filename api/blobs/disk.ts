/**
 * The blob store in a directory on disk, for Node (imported only by api/node.ts and tests).
 *
 * Layout: `objects/<kh>/<keyhash>.<etag>` holds the bytes, `objects/<kh>/<keyhash>.json` the
 * metadata that names the current data file. A put streams into `tmp/`, hashing as it goes
 * (constant memory), renames the data file into place, then atomically renames the new
 * metadata over the old one: a reader sees the old object or the new one, never a mix, and a
 * crash leaves at most an orphan temp or data file, never a metadata file without its data (`delete` of the
 * key removes such a data file too; `removeStaleTemp` the temp files; api/services/uploads.ts tracks both).
 *
 * Reads: metadata is kept in a small in-process LRU per directory (what this process puts or
 * deletes updates it; a data file gone because another process replaced or deleted the object
 * sends the read back to the metadata file). `get` opens the data file (or shares one already
 * open) before it answers, so the bytes it describes are the bytes it streams even if the object
 * is replaced meanwhile, and streams them with large positioned reads into fresh buffers, one
 * read per pull. Every file-system call is a round trip through libuv's thread pool (on a small
 * VM, ~0.2 ms each, more than a 1 MiB read from the page cache), so a range request makes as few
 * as it can: one per read once its metadata is cached and its file open.
 *
 * One process per directory: the caches follow what this process does; another process that
 * deletes or replaces objects here is noticed when a data file is missing, not before.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setBounded } from '../lib/bounded-map.ts';
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

/**
 * Bytes per read (one chunk of a body): large reads cost less per byte, but every open body holds
 * its chunk until the socket took it. Chunks are as large as `READ_MAX_BYTES` while few bodies are
 * open, and shrink as more are, so the chunks of all open bodies stay near `READ_BUDGET_BYTES`.
 */
const READ_MIN_BYTES = 64 * 1024;
const READ_MAX_BYTES = 1024 * 1024;
const READ_BUDGET_BYTES = 16 * 1024 * 1024;
let openBodies = 0;
const chunkBytes = () => Math.max(READ_MIN_BYTES, Math.min(READ_MAX_BYTES, Math.floor(READ_BUDGET_BYTES / Math.max(1, openBodies) / READ_MIN_BYTES) * READ_MIN_BYTES));
/** Metadata entries kept per blob directory (a few hundred bytes each). */
const META_CACHE_ENTRIES = 4096;

/** Metadata by key, least recently used first; `epoch` moves on every write so a read that overlapped one does not cache what it read. */
interface MetaCache {
  entries: Map<string, StoredMeta>;
  epoch: number;
}
const metaCaches = new Map<string, MetaCache>();

function metaCacheFor(root: string): MetaCache {
  const dir = resolve(root);
  let cache = metaCaches.get(dir);
  if (!cache) metaCaches.set(dir, (cache = { entries: new Map(), epoch: 0 }));
  return cache;
}

const encoder = new TextEncoder();
const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Data files open for reading, by path, shared by every body that reads one (a data file never
 * changes: new content is a new file). Opening and closing are a thread-pool round trip each, as
 * costly as the read itself, so a file nobody reads stays open for `IDLE_OPEN_MS` — a player asks
 * for one range after another — with at most `IDLE_OPEN_MAX` such files. Replacing or deleting an
 * object through the store retires its file: no new readers, closed when the current ones finish.
 */
interface OpenFile {
  path: string;
  opening: Promise<FileHandle>;
  readers: number;
  idleSince: number;
  retired: boolean;
}
const IDLE_OPEN_MS = 5_000;
const IDLE_OPEN_MAX = 64;
const openFiles = new Map<string, OpenFile>();
/** The open files without readers, longest idle first. */
const idleFiles = new Map<string, OpenFile>();
let sweeper: ReturnType<typeof setTimeout> | null = null;

async function acquire(path: string): Promise<OpenFile> {
  let f = openFiles.get(path);
  if (f) idleFiles.delete(path);
  else {
    const entry: OpenFile = { path, opening: open(path, 'r'), readers: 0, idleSince: 0, retired: false };
    entry.opening.catch(() => {
      if (openFiles.get(path) === entry) openFiles.delete(path);
    });
    openFiles.set(path, (f = entry));
  }
  f.readers++;
  try {
    await f.opening;
    return f;
  } catch (err) {
    f.readers--;
    throw err;
  }
}

function release(f: OpenFile): void {
  if (--f.readers > 0) return;
  if (f.retired) return closeFile(f);
  f.idleSince = Date.now();
  idleFiles.set(f.path, f);
  if (idleFiles.size > IDLE_OPEN_MAX) closeFile(idleFiles.values().next().value!);
  sweeper ??= setTimeout(sweep, IDLE_OPEN_MS + 10).unref();
}

function closeFile(f: OpenFile): void {
  if (openFiles.get(f.path) === f) openFiles.delete(f.path);
  if (idleFiles.get(f.path) === f) idleFiles.delete(f.path);
  f.opening.then((h) => h.close()).catch(() => {});
}

function retire(path: string): void {
  const f = openFiles.get(path);
  if (!f) return;
  openFiles.delete(path);
  idleFiles.delete(path);
  f.retired = true;
  if (f.readers === 0) closeFile(f);
}

/** Closes the files idle for `IDLE_OPEN_MS`; runs again when the next one will have been. */
function sweep(): void {
  sweeper = null;
  const now = Date.now();
  for (const f of idleFiles.values()) {
    if (now - f.idleSince < IDLE_OPEN_MS) break;
    closeFile(f);
  }
  const next = idleFiles.values().next().value;
  if (next) sweeper = setTimeout(sweep, next.idleSince + IDLE_OPEN_MS - now + 10).unref();
}

/** A body dropped without being read to the end or cancelled still lets go of its file, when it is collected. */
const droppedBodies = new FinalizationRegistry<OpenFile>((f) => {
  openBodies--;
  release(f);
});

/**
 * A body the Node server may send itself, straight from the file (`sendFileSlice`), instead of
 * reading it through its web stream: `length` bytes of an open file from `start`. Taking it ends
 * the web stream's part (it is never read); `done` lets go of the file.
 */
export interface FileSlice {
  handle: FileHandle;
  start: number;
  length: number;
  done: () => void;
}
const fileSlices = new WeakMap<ReadableStream<Uint8Array>, () => FileSlice | null>();

/** The file slice behind a body of this store that nobody has started to read, or null. */
export function takeFileSlice(body: ReadableStream<Uint8Array>): FileSlice | null {
  if (body.locked) return null;
  return fileSlices.get(body)?.() ?? null;
}

/** `length` bytes of an open file from `start`, one positioned read per pull; lets go of the file when done, failed or cancelled. */
function fileBody(f: OpenFile, handle: FileHandle, start: number, length: number): ReadableStream<Uint8Array> {
  let position = start;
  const end = start + length;
  let done = false;
  let taken = false;
  const token = {};
  openBodies++;
  const finish = () => {
    if (done) return;
    done = true;
    openBodies--;
    droppedBodies.unregister(token);
    release(f);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (taken) return controller.error(new Error('this body is being sent from its file'));
        try {
          const want = Math.min(chunkBytes(), end - position);
          const chunk = Buffer.allocUnsafe(want);
          const { bytesRead } = await handle.read(chunk, 0, want, position);
          if (bytesRead === 0) throw new Error(`the blob file ended ${end - position} bytes early`);
          position += bytesRead;
          controller.enqueue(bytesRead === want ? chunk : chunk.subarray(0, bytesRead));
          if (position >= end) {
            finish();
            controller.close();
          }
        } catch (err) {
          finish();
          controller.error(err);
        }
      },
      cancel: () => {
        if (!taken) finish();
      },
    },
    { highWaterMark: 0 },
  );
  droppedBodies.register(body, f, token);
  fileSlices.set(body, () => {
    if (taken || done || position !== start) return null;
    taken = true;
    // From here the sender owns the file until it calls `done`, however long the web stream lives.
    droppedBodies.unregister(token);
    return { handle, start, length, done: finish };
  });
  return body;
}

/**
 * Buffers for `sendFileSlice`, reused: a fresh buffer per read costs page faults and leaves the
 * process's memory to the garbage collector's timing. At most `max` are lent at once (a sender
 * waits for one when all are out), so bodies in flight hold at most `size × max` bytes however
 * many there are: constant memory under many concurrent ranges.
 */
class BufferPool {
  private readonly free: Buffer[] = [];
  private readonly waiting: ((b: Buffer) => void)[] = [];
  private lent = 0;
  constructor(
    readonly size: number,
    readonly max: number,
  ) {}
  take(): Promise<Buffer> {
    if (this.free.length) {
      this.lent++;
      return Promise.resolve(this.free.pop()!);
    }
    if (this.lent < this.max) {
      this.lent++;
      return Promise.resolve(Buffer.allocUnsafeSlow(this.size));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  give(b: Buffer): void {
    const next = this.waiting.shift();
    if (next) return next(b);
    this.lent--;
    this.free.push(b);
  }
  /** A lent buffer a closed socket may still hold: never reused, but its place is. */
  lose(): void {
    const next = this.waiting.shift();
    if (next) return next(Buffer.allocUnsafeSlow(this.size));
    this.lent--;
  }
}
/** 1 MiB reads (the next one on the thread pool while the last is written to the socket; twice the reads of 512 KiB measured 10–20 % slower on a whole file); at most 16 MiB in flight. */
const sendBuffers = new BufferPool(1024 * 1024, 16);

/** What `sendFileSlice` writes to: Node's `http.ServerResponse`. */
export interface ResponseSink {
  writeHead(status: number, headers: Record<string, string | string[]>): unknown;
  write(chunk: Uint8Array, callback: (err?: Error | null) => void): boolean;
  end(): unknown;
  destroy(err?: Error): unknown;
  readonly destroyed: boolean;
  once(event: 'close' | 'drain', listener: () => void): unknown;
  off(event: 'close' | 'drain', listener: () => void): unknown;
}

const drainedOrClosed = (out: ResponseSink) =>
  new Promise<void>((resolve) => {
    const go = () => {
      out.off('drain', go);
      out.off('close', go);
      resolve();
    };
    out.once('drain', go);
    out.once('close', go);
  });

/**
 * Sends a file slice as the body of a response with `status` and `headers`: positioned reads into
 * pooled buffers, each read started while the chunk before it is written, the status line and
 * headers leaving with the first chunk; no more than two chunks in flight, so a slow client holds
 * two buffers, not the file. A read that fails before anything was sent rejects (the caller
 * answers 500); one that fails later breaks off the response, as a failing stream would. The
 * client going away stops the reads; the file is let go of in every case.
 */
export async function sendFileSlice(slice: FileSlice, out: ResponseSink, status: number, headers: Record<string, string | string[]>): Promise<void> {
  const end = slice.start + slice.length;
  let position = slice.start;
  /** Lent buffers not handed to the socket (being filled, or filled and not yet written). */
  const held = new Set<Buffer>();
  /** Handed to the socket: each comes back through its write callback, or is lost when the socket closes without calling it. */
  const writing = new Set<Buffer>();
  let closed = out.destroyed;
  out.once('close', () => {
    closed = true;
    for (let i = writing.size; i > 0; i--) sendBuffers.lose();
    writing.clear();
  });
  const read = async (): Promise<{ buf: Buffer; n: number }> => {
    const buf = await sendBuffers.take();
    held.add(buf);
    const n = Math.min(buf.length, end - position);
    const at = position;
    position += n;
    for (let got = 0; got < n; ) {
      const { bytesRead } = await slice.handle.read(buf, got, n - got, at + got);
      if (bytesRead === 0) throw new Error(`the blob file ended ${end - at - got} bytes early`);
      got += bytesRead;
    }
    return { buf, n };
  };
  let next = read() as Promise<{ buf: Buffer; n: number }> | null;
  let sent = false;
  try {
    while (next) {
      const { buf, n } = await next;
      next = null;
      if (closed) break;
      if (!sent) {
        out.writeHead(status, headers);
        sent = true;
      }
      held.delete(buf);
      writing.add(buf);
      const ok = out.write(n === buf.length ? buf : buf.subarray(0, n), () => {
        if (writing.delete(buf)) sendBuffers.give(buf);
      });
      if (position >= end) {
        out.end();
        break;
      }
      next = read();
      if (!ok && !closed) await drainedOrClosed(out);
    }
  } catch (err) {
    if (!sent) throw err;
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  } finally {
    // A read still under way fills its buffer: only once it is done can the buffer go back.
    await next?.catch(() => {});
    for (const buf of held) sendBuffers.give(buf);
    held.clear();
    slice.done();
  }
}

export function diskBlobStore(root: string): BlobStore {
  const objects = join(root, 'objects');
  const tmp = join(root, 'tmp');
  const keyHash = (key: string) => createHash('sha256').update(key).digest('hex');
  const cache = metaCacheFor(root);
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

  async function readMetaFile(key: string): Promise<StoredMeta | null> {
    try {
      return JSON.parse(await readFile(metaPath(keyHash(key)), 'utf8')) as StoredMeta;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  /** The metadata, from the cache unless `fresh`; a read that overlapped a write is not cached. */
  async function readMeta(key: string, fresh = false): Promise<StoredMeta | null> {
    const hit = fresh ? undefined : cache.entries.get(key);
    if (hit) {
      cache.entries.delete(key);
      cache.entries.set(key, hit);
      return hit;
    }
    const epoch = cache.epoch;
    const stored = await readMetaFile(key);
    if (stored && cache.epoch === epoch) {
      setBounded(cache.entries, key, stored, META_CACHE_ENTRIES);
    }
    return stored;
  }

  const forget = (key: string) => {
    cache.epoch++;
    cache.entries.delete(key);
  };

  async function writeChunks(value: ReadableStream<Uint8Array> | Uint8Array | string, path: string) {
    const hash = createHash('sha256');
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
    return { size, etag: hash.digest('hex').slice(0, 32) };
  }

  return {
    async put(key, value, options = {}) {
      await mkdir(tmp, { recursive: true });
      const temp = join(tmp, randomUUID());
      try {
        const { size, etag } = await writeChunks(value, temp);
        const hash = keyHash(key);
        await mkdir(dirOf(hash), { recursive: true });
        const file = `${hash}.${etag}`;
        const previous = await readMetaFile(key);
        await rename(temp, join(dirOf(hash), file));
        const stored: StoredMeta = { key, size, etag, uploaded: new Date().toISOString(), contentType: options.contentType, customMetadata: { ...options.customMetadata }, file };
        const tempMeta = join(tmp, `${randomUUID()}.json`);
        const handle = await open(tempMeta, 'wx');
        await handle.writeFile(JSON.stringify(stored));
        await handle.sync();
        await handle.close();
        forget(key);
        await rename(tempMeta, metaPath(hash));
        forget(key);
        // Same content uploaded again replaced a file of this name: new readers open the new one.
        retire(join(dirOf(hash), file));
        // The old bytes, unless the new upload had the same content (same file name).
        if (previous && previous.file !== file) {
          retire(join(dirOf(hash), previous.file));
          await rm(join(dirOf(hash), previous.file), { force: true });
        }
        return toMeta(stored);
      } finally {
        await rm(temp, { force: true });
      }
    },

    async get(key, options = {}) {
      for (let attempt = 0; ; attempt++) {
        const stored = await readMeta(key, attempt > 0);
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
        let file: OpenFile;
        try {
          file = await acquire(join(dirOf(keyHash(key)), stored.file));
        } catch (err) {
          // Replaced or deleted since its metadata was read (by another process, or while this
          // one read it): read the metadata file again.
          if (isMissing(err) && attempt < 2) {
            forget(key);
            continue;
          }
          throw err;
        }
        if (length === 0) release(file);
        const body = length === 0 ? new ReadableStream<Uint8Array>({ start: (c) => c.close() }) : fileBody(file, await file.opening, start, length);
        return { ...meta, body } satisfies BlobWithBody;
      }
    },

    async head(key) {
      const stored = await readMeta(key);
      return stored ? toMeta(stored) : null;
    },

    async delete(keys) {
      for (const key of Array.isArray(keys) ? keys : [keys]) {
        forget(key);
        const stored = await readMetaFile(key);
        const hash = keyHash(key);
        if (stored) {
          // Metadata first: once it is gone the object is gone, even if removing the bytes fails.
          await rm(metaPath(hash), { force: true });
          forget(key);
          retire(join(dirOf(hash), stored.file));
          await rm(join(dirOf(hash), stored.file), { force: true });
        }
        // A put killed between moving its data file into place and writing the metadata left a
        // data file nothing names: deleting the key removes that too.
        let names: string[] = [];
        try {
          names = await readdir(dirOf(hash));
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
        for (const name of names.filter((n) => n.startsWith(`${hash}.`) && n !== `${hash}.json`)) {
          retire(join(dirOf(hash), name));
          await rm(join(dirOf(hash), name), { force: true });
        }
      }
    },

    async removeStaleTemp(cutoff) {
      let names: string[];
      try {
        names = await readdir(tmp);
      } catch (err) {
        if (isMissing(err)) return 0;
        throw err;
      }
      let removed = 0;
      for (const name of names) {
        const path = join(tmp, name);
        try {
          // Last written before the cutoff: an upload under way writes (and so touches) it all along.
          if ((await stat(path)).mtime >= cutoff) continue;
          await rm(path, { force: true });
          removed++;
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
      }
      return removed;
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
