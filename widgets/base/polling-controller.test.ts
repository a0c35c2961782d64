import { html, LitElement } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../job-stats/define.ts';
import type { JobStats } from '../job-stats/job-stats.ts';
import { calledUrls, createJob, env, fixture, makeUser, shadow, sleep, text, updateJob } from '../test/fixtures.ts';
import { ApiError } from './api-client.ts';
import { PollingController } from './polling-controller.ts';

const valueOf = (el: JobStats, card: string) => text(shadow(el).querySelector(`[data-card=${card}] [part=value]`));

/** A bare host for the controller, fed by a scripted fetch. */
class PollHost extends LitElement {
  script: (() => unknown)[] = [];
  calls: number[] = [];
  readonly poller = new PollingController<{ busy: boolean; n: number }, readonly []>(this, {
    args: () => [] as const,
    fetch: async () => {
      this.calls.push(performance.now());
      const step = this.script.shift() ?? (() => ({ busy: false, n: -1 }));
      return step() as { busy: boolean; n: number };
    },
    active: (v) => v.busy,
    interval: () => 20,
  });
  override render() {
    return html`${this.poller.task.value?.n}`;
  }
}
customElements.define('poll-host', PollHost);

const busy = (n: number) => () => ({ busy: true, n });
const fail = (status: number, retryAfter?: number) => () => {
  throw new ApiError(status, status === 429 ? 'rate_limited' : 'internal_error', 'failed', undefined, undefined, retryAfter);
};
const gaps = (calls: number[]) => calls.slice(1).map((t, i) => t - calls[i]!);

describe('PollingController', () => {
  let hiddenOverride = false;
  afterEach(() => {
    if (hiddenOverride) delete (document as { hidden?: boolean }).hidden;
    hiddenOverride = false;
  });

  it('polls the real API while jobs are in progress (304s while nothing changes) and stops when all are finished', async () => {
    const user = await makeUser();
    const job = await createJob(user);
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${user.token} poll-interval="40"></job-stats>`);
      const polls = () => calledUrls(spy).filter((u) => u.endsWith('/api/v1/jobs/stats')).length;
      await vi.waitFor(() => expect(polls()).toBeGreaterThanOrEqual(4));
      expect(valueOf(el, 'queued')).toBe('1');
      const statuses = await Promise.all(spy.mock.results.map(async (r) => (await r.value).status));
      expect(statuses.filter((s) => s === 304).length).toBeGreaterThanOrEqual(2);

      await updateJob(job.id, { status: 'processing' });
      await updateJob(job.id, { status: 'failed', error_message: 'out of credits' });
      await vi.waitFor(() => expect(valueOf(el, 'failed')).toBe('1'));
      const settled = polls();
      await sleep(300);
      expect(polls()).toBe(settled);

      // refresh() asks once more, and does not start polling again.
      await el.refresh();
      await sleep(200);
      expect(polls()).toBe(settled + 1);
    } finally {
      spy.mockRestore();
    }
  });

  it('pauses while the tab is hidden and polls at once when it is shown again', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${Array.from({ length: 200 }, (_, i) => busy(i))}></poll-host>`);
    await vi.waitFor(() => expect(el.calls.length).toBeGreaterThanOrEqual(3));
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    hiddenOverride = true;
    document.dispatchEvent(new Event('visibilitychange'));
    await sleep(60);
    const paused = el.calls.length;
    await sleep(200);
    expect(el.calls.length).toBe(paused);
    expect(el.poller.scheduled).toBe(true);

    delete (document as { hidden?: boolean }).hidden;
    hiddenOverride = false;
    const shownAt = performance.now();
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(el.calls.length).toBe(paused + 1));
    // At once, not after a full interval of its own (generous bound: CI shares two cores).
    expect(el.calls.at(-1)! - shownAt).toBeLessThan(100);
  });

  it('stopped (nothing in progress): polls once when the tab is shown again, then stays stopped', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${[() => ({ busy: false, n: 1 }), () => ({ busy: false, n: 2 })]}></poll-host>`);
    await vi.waitFor(() => expect(el.poller.task.value?.n).toBe(1));
    await sleep(60);
    expect(el.calls).toHaveLength(1);
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    hiddenOverride = true;
    document.dispatchEvent(new Event('visibilitychange'));
    await sleep(60);
    expect(el.calls).toHaveLength(1);
    delete (document as { hidden?: boolean }).hidden;
    hiddenOverride = false;
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(el.poller.task.value?.n).toBe(2));
    await sleep(100);
    expect(el.calls).toHaveLength(2);
    expect(el.poller.scheduled).toBe(false);
  });

  it('backs off on 5xx, keeping the data on screen, and recovers', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${[busy(1), fail(503), fail(502), fail(500), busy(2), busy(3), () => ({ busy: false, n: 4 })]}></poll-host>`);
    await vi.waitFor(() => expect(el.calls.length).toBe(4));
    expect(el.poller.task.value).toEqual({ busy: true, n: 1 });
    expect(el.poller.lastError).toMatchObject({ status: 500 });
    expect(el.shadowRoot!.textContent).toContain('1');
    await vi.waitFor(() => expect(el.poller.task.value?.n).toBe(4));
    expect(el.poller.lastError).toBeUndefined();
    const [afterOk, after1, after2, after3, recovered] = gaps(el.calls);
    // 20 ms, then at least 40, 80, 160 after one, two, three failures, then back to 20.
    expect(afterOk).toBeLessThan(after3!);
    expect(after1).toBeGreaterThanOrEqual(38);
    expect(after2).toBeGreaterThanOrEqual(78);
    expect(after3).toBeGreaterThanOrEqual(158);
    expect(recovered).toBeLessThan(after3!);
    await sleep(100);
    expect(el.calls.length).toBe(7);
    expect(el.poller.scheduled).toBe(false);
  });

  it('honours Retry-After on 429', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${[busy(1), fail(429, 1), () => ({ busy: false, n: 2 })]}></poll-host>`);
    await vi.waitFor(() => expect(el.poller.task.value?.n).toBe(2), { timeout: 3000 });
    expect(gaps(el.calls)[1]).toBeGreaterThanOrEqual(995);
  });

  it('stops polling after a 401 (or any error not worth retrying)', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${[busy(1), fail(401), busy(2)]}></poll-host>`);
    await vi.waitFor(() => expect(el.calls.length).toBe(2));
    await sleep(150);
    expect(el.calls.length).toBe(2);
    expect(el.poller.task.value?.n).toBe(1);
    expect(el.poller.lastError).toMatchObject({ status: 401 });
  });

  it('retries a failed first load only when worth it', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${[fail(503), () => ({ busy: false, n: 5 })]}></poll-host>`);
    await vi.waitFor(() => expect(el.poller.task.value?.n).toBe(5));
    const other = await fixture<PollHost>(html`<poll-host .script=${[fail(404), busy(6)]}></poll-host>`);
    await sleep(150);
    expect(other.calls.length).toBe(1);
    expect(other.poller.task.error).toMatchObject({ status: 404 });
  });

  it('stops when the element leaves the page', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${Array.from({ length: 200 }, (_, i) => busy(i))}></poll-host>`);
    await vi.waitFor(() => expect(el.calls.length).toBeGreaterThanOrEqual(2));
    el.remove();
    await sleep(60);
    const n = el.calls.length;
    await sleep(150);
    expect(el.calls.length).toBe(n);
  });
});
