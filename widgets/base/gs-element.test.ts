import { ContextProvider } from '@lit/context';
import { html } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from 'vitest/browser';
import { JobStats } from '../job-stats/define.ts';
import { ApiClient } from './api-client.ts';
import { apiClientContext } from './context.ts';
import { calledUrls, env, fixture, makeUser, shadow, text } from '../test/fixtures.ts';
import { GsElement } from './gs-element.ts';

const total = (el: Element) => text(shadow(el).querySelector('[data-card=total] [part=value]'));

describe('GsElement', () => {
  afterEach(() => commands.emulateMedia({ colorScheme: null }));

  it('define() is guarded: defining again, or a second copy of the class, is a no-op', () => {
    expect(customElements.get('job-stats')).toBe(JobStats);
    expect(() => JobStats.define('job-stats')).not.toThrow();
    class SecondCopy extends GsElement {}
    expect(() => SecondCopy.define('job-stats')).not.toThrow();
    expect(customElements.get('job-stats')).toBe(JobStats);
  });

  it('define() under a host prefix registers the same element again', async () => {
    JobStats.define('acme-job-stats');
    const Acme = customElements.get('acme-job-stats')!;
    expect(Acme.prototype).toBeInstanceOf(JobStats);
    const el = await fixture(html`<acme-job-stats api=${env.api} token=${env.demoToken}></acme-job-stats>`);
    await vi.waitFor(() => expect(total(el)).toMatch(/^\d+$/));
  });

  it('theme: dark by default, light, auto following the system, and host values win', async () => {
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${env.demoToken}></job-stats>`);
    const card = () => getComputedStyle(shadow(el).querySelector('.card')!).backgroundColor;
    const dark = 'rgb(26, 26, 36)'; // seed 001's #1A1A24
    const light = 'rgb(255, 255, 255)';
    expect(el.getAttribute('theme')).toBe('dark');
    expect(card()).toBe(dark);
    el.theme = 'light';
    await el.updateComplete;
    expect(card()).toBe(light);
    el.setAttribute('theme', 'auto');
    await commands.emulateMedia({ colorScheme: 'light' });
    expect(card()).toBe(light);
    await commands.emulateMedia({ colorScheme: 'dark' });
    expect(card()).toBe(dark);
    document.documentElement.style.setProperty('--gs-color-surface', 'rgb(9, 8, 7)');
    try {
      expect(card()).toBe('rgb(9, 8, 7)');
    } finally {
      document.documentElement.style.removeProperty('--gs-color-surface');
    }
  });

  it('asks tokenProvider once, and once more after a 401', async () => {
    const user = await makeUser();
    const provider = vi.fn<() => Promise<string>>().mockResolvedValueOnce('expired-token').mockResolvedValue(user.token);
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} .tokenProvider=${provider}></job-stats>`);
    await vi.waitFor(() => expect(total(el)).toBe('0'));
    expect(provider).toHaveBeenCalledTimes(2);
    await el.refresh();
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('anonymous: starts one session for all elements, keeps it in localStorage, reuses it later', async () => {
    const key = `genshelf.anonymous-session:${env.api}`;
    localStorage.removeItem(key);
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      const [a, b] = await Promise.all([
        fixture<JobStats>(html`<job-stats api=${env.api} anonymous></job-stats>`),
        fixture<JobStats>(html`<job-stats api=${env.api} anonymous></job-stats>`),
      ]);
      await vi.waitFor(() => expect([total(a), total(b)]).toEqual(['0', '0']));
      const session = JSON.parse(localStorage.getItem(key)!);
      expect(session).toMatchObject({ token: expect.any(String), session_id: expect.any(String) });
      const starts = () => calledUrls(spy).filter((u) => u.endsWith('/api/v1/sessions/anonymous')).length;
      expect(starts()).toBe(1);
      // A new page (a new client) picks the stored session up.
      await new ApiClient(env.api, { kind: 'anonymous' }).get('/api/v1/jobs/stats');
      expect(starts()).toBe(1);
      expect(new Headers(spy.mock.calls.at(-1)![1]!.headers).get('authorization')).toBe(`Bearer ${session.token}`);
    } finally {
      spy.mockRestore();
    }
  });

  it('uses an API client provided by an ancestor through @lit/context, unless it has its own settings', async () => {
    const user = await makeUser();
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    new ContextProvider(wrapper, { context: apiClientContext, initialValue: new ApiClient(env.api, { kind: 'token', token: env.demoToken }) });
    wrapper.innerHTML = `<job-stats></job-stats><job-stats api="${env.api}" token="${user.token}"></job-stats>`;
    const [inherited, own] = [...wrapper.querySelectorAll('job-stats')];
    await vi.waitFor(() => expect(total(own!)).toBe('0'));
    await vi.waitFor(() => expect(Number(total(inherited!))).toBeGreaterThan(0));
  });

  it('uses the page language for numbers unless locale is set', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="hi-IN-u-nu-deva"><job-stats api=${env.api} token=${env.demoToken}></job-stats></div>`);
    const el = wrapper.querySelector('job-stats')!;
    await vi.waitFor(() => expect(total(el)).toMatch(/^[०-९]+$/));
    el.locale = 'en';
    await el.updateComplete;
    expect(total(el)).toMatch(/^\d+$/);
  });
});
