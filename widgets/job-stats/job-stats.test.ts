import { html } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from 'vitest/browser';
import type { GsEventMap } from '../base/events.ts';
import type { JobStatsData } from '../base/types.ts';
import { apiGet, createJob, env, expectAccessible, fixture, makeUser, shadow, text, updateJob } from '../test/fixtures.ts';
import './define.ts';
import type { JobStats } from './job-stats.ts';

const valueOf = (el: JobStats, card: string) => text(shadow(el).querySelector(`[data-card=${card}] [part=value]`));
const loaded = (el: JobStats) => vi.waitFor(() => expect(valueOf(el, 'total')).toMatch(/^\d+$/));

describe('<job-stats>', () => {
  afterEach(() => commands.emulateMedia({ colorScheme: null, reducedMotion: null }));

  it('renders the counts the API reports', async () => {
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${env.demoToken}></job-stats>`);
    const stats = await apiGet<JobStatsData>('/api/v1/jobs/stats', env.demoToken);
    await vi.waitFor(() => expect(valueOf(el, 'total')).toBe(String(stats.total)));
    for (const card of ['completed', 'processing', 'queued', 'failed', 'partial'] as const) expect(valueOf(el, card)).toBe(String(stats[card]));
    expect([...shadow(el).querySelectorAll('dt')].map((dt) => text(dt))).toEqual(['Total', 'Completed', 'Processing', 'Queued', 'Failed', 'Partial']);
  });

  it('is accessible, loaded and in both themes', async () => {
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${env.demoToken}></job-stats>`);
    await loaded(el);
    await expectAccessible(el);
    el.theme = 'light';
    await el.updateComplete;
    await expectAccessible(el);
  });

  it('formats numbers for its locale', async () => {
    const user = await makeUser();
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${user.token} locale="ar-EG"></job-stats>`);
    await vi.waitFor(() => expect(valueOf(el, 'total')).toBe('٠'));
  });

  it('shows a refused token as an error with a retry, and fires gs-error', async () => {
    const errors: GsEventMap['gs-error'][] = [];
    const listener = (e: GsEventMap['gs-error']) => errors.push(e);
    document.addEventListener('gs-error', listener);
    try {
      const el = await fixture<JobStats>(html`<job-stats api=${env.api} token="not-a-token"></job-stats>`);
      await vi.waitFor(() => expect(text(shadow(el).querySelector('[role=alert]'))).toContain('Sign in to see your jobs.'));
      expect(errors[0]!.detail.error).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(errors[0]!.composed && errors[0]!.bubbles).toBe(true);
      await expectAccessible(el);

      // A new token is a new client: the element loads again by itself.
      const user = await makeUser();
      el.token = user.token;
      await vi.waitFor(() => expect(valueOf(el, 'total')).toBe('0'));
      expect(shadow(el).querySelector('[role=alert]')).toBeNull();
    } finally {
      document.removeEventListener('gs-error', listener);
    }
  });

  it('is live: a job finishing elsewhere shows up and is announced', async () => {
    const user = await makeUser();
    const job = await createJob(user);
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${user.token} poll-interval="50"></job-stats>`);
    await vi.waitFor(() => expect(valueOf(el, 'queued')).toBe('1'));
    await updateJob(job.id, { status: 'processing', progress: 10 });
    await vi.waitFor(() => expect(valueOf(el, 'processing')).toBe('1'));
    expect(valueOf(el, 'queued')).toBe('0');
    await updateJob(job.id, { status: 'completed' });
    await vi.waitFor(() => expect(valueOf(el, 'completed')).toBe('1'));
    expect(text(shadow(el).querySelector('[role=status]'))).toContain('1 completed');
  });

  it('exposes parts and --gs-* properties to the host', async () => {
    const style = document.createElement('style');
    style.textContent = 'job-stats.themed::part(value) { color: rgb(1, 2, 3); } job-stats.themed { --gs-color-surface: rgb(4, 5, 6); }';
    document.head.append(style);
    try {
      const el = await fixture<JobStats>(html`<job-stats class="themed" api=${env.api} token=${env.demoToken}></job-stats>`);
      await loaded(el);
      expect(getComputedStyle(shadow(el).querySelector('[part=value]')!).color).toBe('rgb(1, 2, 3)');
      expect(getComputedStyle(shadow(el).querySelector('[part~=card]')!).backgroundColor).toBe('rgb(4, 5, 6)');
    } finally {
      style.remove();
    }
  });

  it('animates the processing dot only while jobs process, and not with reduced motion', async () => {
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${env.demoToken}></job-stats>`);
    await loaded(el);
    const dot = (card: string) => getComputedStyle(shadow(el).querySelector(`[data-card=${card}] .dot`)!).animationName;
    expect(dot('processing')).toBe('gs-pulse');
    expect(dot('completed')).toBe('none');
    await commands.emulateMedia({ reducedMotion: 'reduce' });
    expect(dot('processing')).toBe('none');
  });
});
