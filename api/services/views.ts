import type { Db } from '../db/client.ts';
import { sha256Hex } from '../lib/crypto.ts';
import type { Logger } from '../lib/logger.ts';
import { insertOwnedEvents, type OwnedEvent } from './events.ts';

/**
 * Views of public assets, counted where other people see them: each fetch of an asset's stable
 * link (`GET /api/v1/asset/:id`) is one `view` for the asset's owner. The owner's own browsing in
 * the elements goes through signed URLs and never counts.
 *
 * - One view per visitor and asset per clock hour: the event's id is a hash of the asset, the
 *   visitor and the hour, and ids are unique per owner in SQL, so a video's many range requests,
 *   a reload, or two isolates counting the same visitor record one event (and no address or user
 *   agent is stored, only that hash).
 * - Obvious bots (crawlers, link previews, HTTP libraries, no user agent) and prefetches are not
 *   counted.
 * - Counting never waits on the database: views wait in a small per-process batch written with one
 *   statement `flushMs` after the first (or at `maxBatch`), after the bytes are on their way.
 *   A crash loses at most that batch's views; nothing else depends on it.
 */

/** User agents of crawlers, link unfurlers, monitors and HTTP libraries (not people looking). */
const BOT_UA =
  /bot\b|bot\/|crawl|spider|slurp|scrape|fetch|preview|monitor|uptime|pingdom|lighthouse|headless|facebookexternalhit|embedly|whatsapp|telegram|discord|skype|vkshare|pinterest|curl\/|wget|python|httpx|aiohttp|go-http|java\/|okhttp|axios|node|undici|libwww|postman|insomnia/i;

/** True for requests no person asked to see: bots, HTTP libraries, prefetches. */
export function isObviousBot(headers: Headers): boolean {
  const ua = headers.get('user-agent') ?? '';
  if (ua.trim().length < 8 || BOT_UA.test(ua)) return true;
  const purpose = `${headers.get('sec-purpose') ?? ''} ${headers.get('purpose') ?? ''} ${headers.get('x-moz') ?? ''}`;
  return /prefetch|prerender/i.test(purpose);
}

const HOUR_MS = 3_600_000;

export interface View {
  owner: string;
  assetId: string;
  /** Who looked: the client's address and user agent (hashed into the event id, never stored). */
  visitor: string;
  at: number;
}

/** The view's event id: the same for one visitor, asset and clock hour. */
export const viewEventId = (v: View): string => `view:${sha256Hex(`${v.assetId}\n${v.visitor}\n${Math.floor(v.at / HOUR_MS)}`)}`;

export interface ViewCounterOptions {
  /** Milliseconds between the first view of a batch and its write. */
  flushMs: number;
  /** A batch this big is written at once. */
  maxBatch?: number;
}

export class ViewCounter {
  private batch = new Map<string, OwnedEvent>();
  /** The current batch's timer and the promise its write settles. */
  private pending?: { timer: ReturnType<typeof setTimeout>; written: Promise<void>; settle: () => void };
  private readonly maxBatch: number;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly options: ViewCounterOptions,
  ) {
    this.maxBatch = options.maxBatch ?? 500;
  }

  /**
   * Adds a view to the batch. Returns the batch's write, for a runtime that must be told to wait
   * for it (`executionCtx.waitUntil` on Workers); never rejects.
   */
  count(view: View): Promise<void> {
    const id = viewEventId(view);
    if (!this.batch.has(id)) this.batch.set(id, { owner: view.owner, id, assetId: view.assetId, type: 'view', at: view.at });
    if (!this.pending) {
      let settle!: () => void;
      const written = new Promise<void>((resolve) => (settle = resolve));
      this.pending = { timer: setTimeout(() => void this.flush(), this.options.flushMs), written, settle };
    }
    const { written } = this.pending;
    if (this.batch.size >= this.maxBatch) void this.flush();
    return written;
  }

  /** Writes what is waiting now (also at shutdown). */
  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) clearTimeout(pending.timer);
    const rows = [...this.batch.values()];
    this.batch = new Map();
    try {
      if (rows.length) await insertOwnedEvents(this.db, rows);
    } catch (err) {
      this.log.error('counting views failed', { views: rows.length, error: String(err) });
    } finally {
      pending?.settle();
    }
  }
}
