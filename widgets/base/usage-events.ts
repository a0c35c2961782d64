import type { ApiClient } from './api-client.ts';

/** The event types of `POST /api/v1/events`. */
export type UsageEventType = 'view' | 'click' | 'download' | 'share' | 'conversion';

interface PendingEvent {
  id: string;
  asset_id: string;
  type: UsageEventType;
}

/** The API takes at most this many events per request. */
const MAX_PER_REQUEST = 100;
/** Events recorded within this long of the first go out in one request. */
const BATCH_MS = 1000;
/** Tries per request when the API or the network fails (429, 5xx, offline). */
const ATTEMPTS = 4;

/**
 * Records usage events through `POST /api/v1/events`, for one API client: batched (a second after
 * the first, up to 100 per request), idempotent (each event carries its own random id, so a retry
 * after a lost response counts nothing twice), retried with back-off on 429/5xx/network errors, and
 * sent with `keepalive` when the page is being left, so a download that starts a navigation still
 * counts. Failures are dropped quietly: usage counting never gets in the user's way.
 *
 * The elements record a `download` for each file their Download buttons and bulk ZIP save; a
 * host records clicks, shares and conversions the same way (`usageRecorder(client).record(…)`).
 */
export class UsageRecorder {
  private queue: PendingEvent[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private readonly sending = new Set<Promise<void>>();

  constructor(private readonly client: ApiClient) {}

  /** Queues one event per asset id. */
  record(assetIds: Iterable<string>, type: UsageEventType): void {
    for (const asset_id of assetIds) this.queue.push({ id: `${type}:${crypto.randomUUID()}`, asset_id, type });
    if (!this.queue.length) return;
    if (this.queue.length >= MAX_PER_REQUEST) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), BATCH_MS);
    watchPageHide(this);
  }

  /** Sends what is queued now; resolves when every request so far has settled. */
  flush(keepalive = false): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_PER_REQUEST);
      const sent = this.send(batch, keepalive).finally(() => this.sending.delete(sent));
      this.sending.add(sent);
    }
    return Promise.all([...this.sending]).then(() => undefined);
  }

  private async send(events: PendingEvent[], keepalive: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.request('/api/v1/events', { method: 'POST', body: { events }, keepalive, mutates: false });
        return;
      } catch (err) {
        const retryable = (err as { retryable?: boolean }).retryable === true;
        if (!retryable || attempt >= ATTEMPTS || keepalive) return;
        const retryAfter = (err as { retryAfter?: number }).retryAfter;
        await new Promise((r) => setTimeout(r, retryAfter ? retryAfter * 1000 : 500 * 2 ** attempt));
      }
    }
  }
}

const recorders = new WeakMap<ApiClient, UsageRecorder>();

/** The recorder of an API client (one per client, so every element on it shares its batches). */
export function usageRecorder(client: ApiClient): UsageRecorder {
  let recorder = recorders.get(client);
  if (!recorder) recorders.set(client, (recorder = new UsageRecorder(client)));
  return recorder;
}

/** Recorders with something queued, sent with `keepalive` when the page is hidden or left. */
const queued = new Set<UsageRecorder>();
let listening = false;
function watchPageHide(recorder: UsageRecorder): void {
  queued.add(recorder);
  if (listening) return;
  listening = true;
  const flushAll = () => {
    for (const r of queued) void r.flush(true);
    queued.clear();
  };
  addEventListener('pagehide', flushAll);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flushAll());
}
