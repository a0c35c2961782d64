import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, type ApiClient } from '../base/api-client.ts';
import type { Asset, Job } from '../base/types.ts';

interface Entry {
  /** The job's `updated_at` and status the assets were read for: a job that moved on is read again. */
  version: string;
  assets?: Asset[];
  error?: unknown;
  abort?: AbortController;
}

/**
 * The assets of the jobs a user expanded (`GET /api/v1/jobs/:id/assets`, seed 001), read once per
 * job and again when the job changes (a processing job that finished has new outputs). Another
 * API client forgets everything; leaving the page aborts what is on its way.
 */
export class JobAssetsController implements ReactiveController {
  private entries = new Map<string, Entry>();
  private client?: ApiClient;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: { client: () => ApiClient; onError?: (error: ApiError) => void },
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const client = this.options.client();
    if (client !== this.client) {
      this.clear();
      this.client = client;
    }
  }

  hostDisconnected(): void {
    // Reading starts again on demand when the element comes back.
    this.clear();
  }

  /** The job's assets (newest first), or undefined while they load; starts reading them if needed. */
  assets(job: Job): Asset[] | undefined {
    const version = `${job.updated_at}|${job.status}`;
    const entry = this.entries.get(job.id);
    if (!entry || entry.version !== version) this.load(job.id, version, entry?.assets);
    return this.entries.get(job.id)!.assets;
  }

  /** Why reading a job's assets failed (cleared by `retry`). */
  error(jobId: string): unknown {
    return this.entries.get(jobId)?.error;
  }

  retry(jobId: string): void {
    const entry = this.entries.get(jobId);
    if (entry) this.load(jobId, entry.version, entry.assets);
  }

  /** Replaces one asset (a change made here, or undone). */
  replace(asset: Asset): void {
    const entry = asset.job_id ? this.entries.get(asset.job_id) : undefined;
    if (!entry?.assets) return;
    entry.assets = entry.assets.map((a) => (a.id === asset.id ? asset : a));
    this.host.requestUpdate();
  }

  private load(jobId: string, version: string, previous: Asset[] | undefined) {
    this.entries.get(jobId)?.abort?.abort();
    const abort = new AbortController();
    // The assets seen before stay on screen while the job's new ones are read.
    const entry: Entry = { version, assets: previous, abort };
    this.entries.set(jobId, entry);
    this.options
      .client()
      .get<Asset[]>(`/api/v1/jobs/${encodeURIComponent(jobId)}/assets`, { signal: abort.signal })
      .then(
        ({ data }) => {
          entry.assets = data;
          entry.error = undefined;
        },
        (err) => {
          if (abort.signal.aborted) return;
          entry.error = err;
          if (err instanceof ApiError) this.options.onError?.(err);
        },
      )
      .finally(() => {
        if (this.entries.get(jobId) !== entry || abort.signal.aborted) return;
        entry.abort = undefined;
        this.host.requestUpdate();
      });
  }

  private clear() {
    for (const entry of this.entries.values()) entry.abort?.abort();
    this.entries = new Map();
  }
}
