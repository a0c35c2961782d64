import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { LitElement } from 'lit';
import '../job-stats/define.ts';
import type { JobStats } from '../job-stats/job-stats.ts';
import { calledUrls, createJob, env, eventually, makeUser, shadow, sleep, text, updateJob } from '../test/fixtures.ts';
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
    const spy = sinon.spy(globalThis, 'fetch');
    try {
      const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${user.token} poll-interval="40"></job-stats>`);
      const polls = () => calledUrls(spy).filter((u) => u.endsWith('/api/v1/jobs/stats')).length;
      await eventually(() => expect(polls()).to.be.at.least(4));
      expect(valueOf(el, 'queued')).to.equal('1');
      const statuses = await Promise.all(spy.returnValues.map(async (res) => (await res).status));
      expect(statuses.filter((s) => s === 304).length).to.be.at.least(2);

      await updateJob(job.id, { status: 'processing' });
      await updateJob(job.id, { status: 'failed', error_message: 'out of credits' });
      await eventually(() => expect(valueOf(el, 'failed')).to.equal('1'));
      const settled = polls();
      await sleep(300);
      expect(polls()).to.equal(settled);

      // refresh() asks once more, and does not start polling again.
      await el.refresh();
      await sleep(200);
      expect(polls()).to.equal(settled + 1);
    } finally {
      spy.restore();
    }
  });

  it('pauses while the tab is hidden and polls at once when it is shown again', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${Array.from({ length: 200 }, (_, i) => busy(i))}></poll-host>`);
    await eventually(() => expect(el.calls.length).to.be.at.least(3));
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    hiddenOverride = true;
    document.dispatchEvent(new Event('visibilitychange'));
    await sleep(60);
    const paused = el.calls.length;
    await sleep(200);
    expect(el.calls.length).to.equal(paused);
    expect(el.poller.scheduled).to.equal(true);

    delete (document as { hidden?: boolean }).hidden;
    hiddenOverride = false;
    const shownAt = performance.now();
    document.dispatchEvent(new Event('visibilitychange'));
    await eventually(() => expect(el.calls.length).to.equal(paused + 1));
    // At once, not after a full interval of its own (generous bound: CI shares two cores).
    expect(el.calls.at(-1)! - shownAt).to.be.below(100);
  });

  it('stopped (nothing in progress): polls once when the tab is shown again, then stays stopped', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${[() => ({ busy: false, n: 1 }), () => ({ busy: false, n: 2 })]}></poll-host>`);
    await eventually(() => expect(el.poller.task.value?.n).to.equal(1));
    await sleep(60);
    expect(el.calls).to.have.length(1);
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    hiddenOverride = true;
    document.dispatchEvent(new Event('visibilitychange'));
    await sleep(60);
    expect(el.calls).to.have.length(1);
    delete (document as { hidden?: boolean }).hidden;
    hiddenOverride = false;
    document.dispatchEvent(new Event('visibilitychange'));
    await eventually(() => expect(el.poller.task.value?.n).to.equal(2));
    await sleep(100);
    expect(el.calls).to.have.length(2);
    expect(el.poller.scheduled).to.equal(false);
  });

  it('backs off on 5xx, keeping the data on screen, and recovers', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${[busy(1), fail(503), fail(502), fail(500), busy(2), busy(3), () => ({ busy: false, n: 4 })]}></poll-host>`);
    await eventually(() => expect(el.calls.length).to.equal(4));
    expect(el.poller.task.value).to.deep.equal({ busy: true, n: 1 });
    expect(el.poller.lastError).to.have.property('status', 500);
    expect(el.shadowRoot!.textContent).to.include('1');
    await eventually(() => expect(el.poller.task.value?.n).to.equal(4));
    expect(el.poller.lastError).to.equal(undefined);
    const [afterOk, after1, after2, after3, recovered] = gaps(el.calls);
    // 20 ms, then at least 40, 80, 160 after one, two, three failures, then back to 20.
    expect(afterOk).to.be.below(after3!);
    expect(after1).to.be.at.least(38);
    expect(after2).to.be.at.least(78);
    expect(after3).to.be.at.least(158);
    expect(recovered).to.be.below(after3!);
    await sleep(100);
    expect(el.calls.length).to.equal(7);
    expect(el.poller.scheduled).to.equal(false);
  });

  it('honours Retry-After on 429', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${[busy(1), fail(429, 1), () => ({ busy: false, n: 2 })]}></poll-host>`);
    await eventually(() => expect(el.poller.task.value?.n).to.equal(2), { timeout: 3000 });
    expect(gaps(el.calls)[1]).to.be.at.least(995);
  });

  it('stops polling after a 401 (or any error not worth retrying)', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${[busy(1), fail(401), busy(2)]}></poll-host>`);
    await eventually(() => expect(el.calls.length).to.equal(2));
    await sleep(150);
    expect(el.calls.length).to.equal(2);
    expect(el.poller.task.value?.n).to.equal(1);
    expect(el.poller.lastError).to.have.property('status', 401);
  });

  it('retries a failed first load only when worth it', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${[fail(503), () => ({ busy: false, n: 5 })]}></poll-host>`);
    await eventually(() => expect(el.poller.task.value?.n).to.equal(5));
    const other = await fixture<PollHost>(html`<poll-host .script=${[fail(404), busy(6)]}></poll-host>`);
    await sleep(150);
    expect(other.calls.length).to.equal(1);
    expect(other.poller.task.error).to.have.property('status', 404);
  });

  it('stops when the element leaves the page', async () => {
    const el = await fixture<PollHost>(html`<poll-host .script=${Array.from({ length: 200 }, (_, i) => busy(i))}></poll-host>`);
    await eventually(() => expect(el.calls.length).to.be.at.least(2));
    el.remove();
    await sleep(60);
    const n = el.calls.length;
    await sleep(150);
    expect(el.calls.length).to.equal(n);
  });
});
