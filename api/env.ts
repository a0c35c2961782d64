import type { Context } from 'hono';
import type { BlobStore } from './blobs/types.ts';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { Caller } from './auth/caller.ts';
import type { Logger } from './lib/logger.ts';
import type { TokenVerifier } from './auth/tokens.ts';
import type { PageCache } from './services/page-cache.ts';
import type { ViewCounter } from './services/views.ts';

/** A source of "now", injected so tests can move time (token expiry, trash retention). */
export interface Clock {
  now(): number;
}

/**
 * Everything the app needs from its runtime. `api/node.ts` and `api/worker.ts` build this;
 * nothing else knows which runtime it is on.
 */
export interface Deps {
  db: Db;
  /** Files: a directory on disk (Node) or R2 (Workers). */
  blobs: BlobStore;
  config: Config;
  clock: Clock;
  /** Outbound HTTP (JWKS, upstream videos); injectable so tests hit local servers only. */
  fetch: typeof fetch;
  log: Logger;
  /**
   * The client's address as the runtime knows it (Node: the socket; Workers: CF-Connecting-IP),
   * for per-address rate limits. Without it (tests), the `x-genshelf-client-ip` header is used.
   */
  clientIp?: (c: Context<AppEnv>) => string | undefined;
  /** A host's own resolver, so the video proxy can refuse names that point inside (api/lib/upstream.ts `checkResolved`). */
  lookupHost?: (host: string) => Promise<string[]>;
  /**
   * Calls `gone` once if the client goes away before its response is complete, and says whether it
   * could watch for that (api/lib/client-gone.ts falls back to the request's AbortSignal). Node
   * watches the response's `close` instead: on Node 20 every AbortSignal leaves work for a full
   * collection (api/node-flags.ts), and the video proxy would make one per range.
   */
  onClientGone?: (c: Context<AppEnv>, gone: () => void) => boolean;
  /** Awaited before each request is handled (`genshelf/server`: the host's apps registered once). */
  ready?: () => Promise<unknown>;
  /** Batches the views of public links (default: one per app); Node passes its own to write the last batch at shutdown. */
  views?: ViewCounter;
}

/** Hono's typed environment: what middleware puts on `c.var`. */
export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    /**
     * Where the app is mounted in a host's Hono app (`app.route('/genshelf', …)` → `/genshelf`), '' when
     * it is the whole server: path checks and the URLs the app hands out go through it.
     */
    mount: string;
    log: Logger;
    /** Built once per app from the config (keeps the JWKS cache warm). */
    verifyToken: TokenVerifier;
    /** Set by the auth middleware on protected routes. */
    caller: Caller;
    /** Counts views of public links (one per app). */
    views: ViewCounter;
    /** Finished list pages per owner and version (one per app). */
    pages: PageCache;
  };
}

export const systemClock: Clock = { now: () => Date.now() };
