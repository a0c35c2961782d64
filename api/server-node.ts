/**
 * `genshelf/server/node`: genshelf inside a Node host's Hono app, on an embedded libSQL file and
 * files on disk — the storage `npm start` uses. `createNodeGenshelf` opens (and migrates) the
 * database, then mounts the API from `genshelf/server` with the widget files at `/widgets/` (the
 * elements load their download helper from there). `main` is what the `genshelf` bin and
 * `npm start` run.
 */
import { lookup } from 'node:dns/promises';
import { join, resolve } from 'node:path';
import { diskBlobStore } from './blobs/disk.ts';
import { parseConfig } from './config.ts';
import { createNodeFetch } from './node-fetch.ts';
import { openDatabase, serveWidgetFiles } from './node.ts';
import { createGenshelf, type GenshelfApp, type GenshelfOptions } from './server.ts';

export interface NodeGenshelfOptions extends Omit<GenshelfOptions, 'database' | 'bucket'> {
  /** Where the database (`genshelf.db`) and the files (`blobs/`) live; created when missing. */
  dataDir: string;
}

export async function createNodeGenshelf({ dataDir, ...options }: NodeGenshelfOptions): Promise<GenshelfApp> {
  const dir = resolve(dataDir);
  const { db } = await openDatabase(`file:${join(dir, 'genshelf.db')}`);
  // genshelf's node:http fetch checks the addresses it connects to; a host's own fetch gets the check before it.
  const own = options.fetch ? { lookupHost: async (host: string) => (await lookup(host, { all: true })).map((a) => a.address) } : { fetch: createNodeFetch({ refusePrivate: !parseConfig(options.settings).UPSTREAM_ALLOW_PRIVATE }) };
  const app = createGenshelf({
    ...own,
    ...options,
    database: db,
    bucket: diskBlobStore(join(dir, 'blobs')),
  });
  serveWidgetFiles(app);
  return app;
}

export { diskBlobStore } from './blobs/disk.ts';
export { main, openDatabase } from './node.ts';
export { keepFreedHeap } from './node-heap.ts';
