import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { ContextProvider } from '@lit/context';
import { JobStats } from '../job-stats/define.ts';
import { ApiClient } from './api-client.ts';
import { apiClientContext } from './context.ts';
import { calledUrls, emulateMedia, env, eventually, makeUser, shadow, text } from '../test/fixtures.ts';
import { GsElement } from './gs-element.ts';

const total = (el: Element) => text(shadow(el).querySelector('[data-card=total] [part=value]'));

describe('GsElement', () => {
  it('define() is guarded: defining again, or a second copy of the class, is a no-op', () => {
    expect(customElements.get('job-stats')).to.equal(JobStats);
    expect(() => JobStats.define('job-stats')).not.to.throw();
    class SecondCopy extends GsElement {}
    expect(() => SecondCopy.define('job-stats')).not.to.throw();
    expect(customElements.get('job-stats')).to.equal(JobStats);
  });

  it('define() under a host prefix registers the same element again', async () => {
    JobStats.define('acme-job-stats');
    const Acme = customElements.get('acme-job-stats')!;
    expect(Acme.prototype).to.be.instanceOf(JobStats);
    const el = await fixture(html`<acme-job-stats api=${env.api} token=${env.demoToken}></acme-job-stats>`);
    await eventually(() => expect(total(el)).to.match(/^\d+$/));
  });

  it('theme: dark by default, light, auto following the system, and host values win', async () => {
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${env.demoToken}></job-stats>`);
    const card = () => getComputedStyle(shadow(el).querySelector('.card')!).backgroundColor;
    const dark = 'rgb(26, 26, 36)'; // seed 001's #1A1A24
    const light = 'rgb(255, 255, 255)';
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(card()).to.equal(dark);
    el.theme = 'light';
    await el.updateComplete;
    expect(card()).to.equal(light);
    el.setAttribute('theme', 'auto');
    await emulateMedia({ colorScheme: 'light' });
    expect(card()).to.equal(light);
    await emulateMedia({ colorScheme: 'dark' });
    expect(card()).to.equal(dark);
    document.documentElement.style.setProperty('--gs-color-surface', 'rgb(9, 8, 7)');
    try {
      expect(card()).to.equal('rgb(9, 8, 7)');
    } finally {
      document.documentElement.style.removeProperty('--gs-color-surface');
    }
  });

  it('asks tokenProvider once, and once more after a 401', async () => {
    const user = await makeUser();
    const provider = sinon.stub<[], Promise<string>>().resolves(user.token);
    provider.onFirstCall().resolves('expired-token');
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} .tokenProvider=${provider}></job-stats>`);
    await eventually(() => expect(total(el)).to.equal('0'));
    expect(provider).to.have.callCount(2);
    await el.refresh();
    expect(provider).to.have.callCount(2);
  });

  it('anonymous: starts one session for all elements, keeps it in localStorage, reuses it later', async () => {
    const key = `genshelf.anonymous-session:${env.api}`;
    localStorage.removeItem(key);
    const spy = sinon.spy(globalThis, 'fetch');
    try {
      const [a, b] = await Promise.all([
        fixture<JobStats>(html`<job-stats api=${env.api} anonymous></job-stats>`),
        fixture<JobStats>(html`<job-stats api=${env.api} anonymous></job-stats>`),
      ]);
      await eventually(() => expect([total(a), total(b)]).to.deep.equal(['0', '0']));
      const session = JSON.parse(localStorage.getItem(key)!);
      expect(session.token).to.be.a('string');
      expect(session.session_id).to.be.a('string');
      const starts = () => calledUrls(spy).filter((u) => u.endsWith('/api/v1/sessions/anonymous')).length;
      expect(starts()).to.equal(1);
      // A new page (a new client) picks the stored session up.
      await new ApiClient(env.api, { kind: 'anonymous' }).get('/api/v1/jobs/stats');
      expect(starts()).to.equal(1);
      expect(new Headers(spy.args.at(-1)![1]!.headers).get('authorization')).to.equal(`Bearer ${session.token}`);
    } finally {
      spy.restore();
    }
  });

  it('uses an API client provided by an ancestor through @lit/context, unless it has its own settings', async () => {
    const user = await makeUser();
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    new ContextProvider(wrapper, { context: apiClientContext, initialValue: new ApiClient(env.api, { kind: 'token', token: env.demoToken }) });
    wrapper.innerHTML = `<job-stats></job-stats><job-stats api="${env.api}" token="${user.token}"></job-stats>`;
    const [inherited, own] = [...wrapper.querySelectorAll('job-stats')];
    await eventually(() => expect(total(own!)).to.equal('0'));
    await eventually(() => expect(Number(total(inherited!))).to.be.above(0));
  });

  it('uses the page language for numbers unless locale is set', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="hi-IN-u-nu-deva"><job-stats api=${env.api} token=${env.demoToken}></job-stats></div>`);
    const el = wrapper.querySelector('job-stats')!;
    await eventually(() => expect(total(el)).to.match(/^[०-९]+$/));
    el.locale = 'en';
    await el.updateComplete;
    expect(total(el)).to.match(/^\d+$/);
  });
});
