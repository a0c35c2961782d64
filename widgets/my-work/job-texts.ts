import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../base/api-client.ts';
import { DebounceController } from '../base/debounce-controller.ts';
import type { Job } from '../base/types.ts';
import { assetsOf } from './job-assets.ts';

/** Jobs read per round, at most (the rendered window is about this many). */
const BATCH = 24;
/** Texts kept (a job's outputs do not change once it has finished). */
const KEEP = 2000;

/**
 * The first text output of the jobs shown as text cards. The job list does not carry outputs,
 * so the cards on screen ask for them (`text(job)` while rendering); once scrolling has settled
 * the jobs asked for are read (`GET /api/v1/jobs/:id/assets`, a batch at a time) and the host
 * renders again. `undefined`: not read yet; `null`: the job has no text.
 */
export class JobTexts implements ReactiveController {
  private readonly texts = new Map<string, string | null>();
  private readonly wanted = new Map<string, Job>();
  private readonly settle: DebounceController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => ApiClient,
  ) {
    host.addController(this);
    this.settle = new DebounceController(host, () => 150);
  }

  text(job: Job): string | null | undefined {
    const text = this.texts.get(job.id);
    if (text === undefined) this.wanted.set(job.id, job);
    return text;
  }

  hostUpdated(): void {
    if (this.wanted.size) this.settle.call(() => void this.read());
  }

  hostDisconnected(): void {
    this.wanted.clear();
  }

  private async read() {
    const jobs = [...this.wanted.values()].slice(-BATCH);
    this.wanted.clear();
    const client = this.client();
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const text = (await assetsOf(client, job)).find((a) => a.kind === 'text' && a.text);
          this.texts.set(job.id, text?.text ?? null);
        } catch {
          // Shown without its text (the app's tile); asked again when it is rendered again.
        }
      }),
    );
    while (this.texts.size > KEEP) this.texts.delete(this.texts.keys().next().value!);
    this.host.requestUpdate();
  }
}
