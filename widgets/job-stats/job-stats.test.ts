import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { GsEventMap } from '../base/events.ts';
import type { JobStatsData } from '../base/types.ts';
import { apiGet, createJob, emulateMedia, env, eventually, makeUser, shadow, text, updateJob } from '../test/fixtures.ts';
import './define.ts';
import type { JobStats } from './job-stats.ts';

const valueOf = (el: JobStats, card: string) => text(shadow(el).querySelector(`[data-card=${card}] [part=value]`));
const loaded = (el: JobStats) => eventually(() => expect(valueOf(el, 'total')).to.match(/^\d+$/));

describe('<job-stats>', () => {
  // The counts the API reports, under their labels.
  it('renders', async () => {
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${env.demoToken}></job-stats>`);
    const stats = await apiGet<JobStatsData>('/api/v1/jobs/stats', env.demoToken);
    await eventually(() => expect(valueOf(el, 'total')).to.equal(String(stats.total)));
    for (const card of ['completed', 'processing', 'queued', 'failed', 'partial'] as const) expect(valueOf(el, card)).to.equal(String(stats[card]));
    expect([...shadow(el).querySelectorAll('dt')].map((dt) => text(dt))).to.deep.equal(['Total', 'Completed', 'Processing', 'Queued', 'Failed', 'Partial']);
  });

  // Loaded, in both themes.
  it('is accessible', async () => {
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${env.demoToken}></job-stats>`);
    await loaded(el);
    await expect(el).to.be.accessible();
    el.theme = 'light';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('formats numbers for its locale', async () => {
    const user = await makeUser();
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${user.token} locale="ar-EG"></job-stats>`);
    await eventually(() => expect(valueOf(el, 'total')).to.equal('٠'));
  });

  it('shows a refused token as an error with a retry, and fires gs-error', async () => {
    // Heard on the document: the event bubbles out of the shadow root.
    const fired = oneEvent(document, 'gs-error') as Promise<GsEventMap['gs-error']>;
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token="not-a-token"></job-stats>`);
    await eventually(() => expect(text(shadow(el).querySelector('[role=alert]'))).to.include('Sign in to see your jobs.'));
    const error = await fired;
    expect(error.detail.error).to.include({ status: 401, code: 'unauthorized' });
    expect(error.composed && error.bubbles).to.equal(true);
    await expect(el).to.be.accessible();

    // A new token is a new client: the element loads again by itself.
    const user = await makeUser();
    el.token = user.token;
    await eventually(() => expect(valueOf(el, 'total')).to.equal('0'));
    expect(shadow(el).querySelector('[role=alert]')).to.equal(null);
  });

  it('is live: a job finishing elsewhere shows up and is announced', async () => {
    const user = await makeUser();
    const job = await createJob(user);
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${user.token} poll-interval="50"></job-stats>`);
    await eventually(() => expect(valueOf(el, 'queued')).to.equal('1'));
    await updateJob(job.id, { status: 'processing', progress: 10 });
    await eventually(() => expect(valueOf(el, 'processing')).to.equal('1'));
    expect(valueOf(el, 'queued')).to.equal('0');
    await updateJob(job.id, { status: 'completed' });
    await eventually(() => expect(valueOf(el, 'completed')).to.equal('1'));
    expect(text(shadow(el).querySelector('[role=status]'))).to.include('1 completed');
  });

  it('exposes parts and --gs-* properties to the host', async () => {
    const style = document.createElement('style');
    style.textContent = 'job-stats.themed::part(value) { color: rgb(1, 2, 3); } job-stats.themed { --gs-color-surface: rgb(4, 5, 6); }';
    document.head.append(style);
    try {
      const el = await fixture<JobStats>(html`<job-stats class="themed" api=${env.api} token=${env.demoToken}></job-stats>`);
      await loaded(el);
      expect(getComputedStyle(shadow(el).querySelector('[part=value]')!).color).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(shadow(el).querySelector('[part~=card]')!).backgroundColor).to.equal('rgb(4, 5, 6)');
    } finally {
      style.remove();
    }
  });

  it('animates the processing dot only while jobs process, and not with reduced motion', async () => {
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${env.demoToken}></job-stats>`);
    await loaded(el);
    const dot = (card: string) => getComputedStyle(shadow(el).querySelector(`[data-card=${card}] .dot`)!).animationName;
    expect(dot('processing')).to.equal('gs-pulse');
    expect(dot('completed')).to.equal('none');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(dot('processing')).to.equal('none');
  });
});
