import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import type { UserSettingsData } from '../base/types.ts';
import { apiGet, env, eventually, makeUser, press, rejectionOf, shadow, text, typeText, type User, userClick } from '../test/fixtures.ts';
import './define.ts';
import type { UserSettings } from './user-settings.ts';

const $ = <T extends Element = HTMLElement>(el: UserSettings, selector: string) => shadow(el).querySelector<T>(selector)!;
const $$ = (el: UserSettings, selector: string) => [...shadow(el).querySelectorAll<HTMLElement>(selector)];
const loaded = (el: UserSettings) => eventually(() => expect(shadow(el).querySelector('form')).not.to.equal(null));
const checked = (el: UserSettings, name: string) => $<HTMLInputElement>(el, `input[name=${name}]:checked`)?.value;
const saveButton = (el: UserSettings) => $<HTMLButtonElement>(el, '[part=save-button]');
const discardButton = (el: UserSettings) => $<HTMLButtonElement>(el, '[part=discard-button]');
const status = (el: UserSettings) => text($(el, '[part=status]'));
/** Clicks a tone or aspect-ratio choice as a user does: on its card. */
const choose = (el: UserSettings, value: string) => userClick($(el, `input[value="${value}"]`).closest('label')!);
const settingsOf = (user: User) => apiGet<UserSettingsData>('/api/v1/user/settings', user.token);

async function mount(user: User, attrs: { locale?: string } = {}) {
  const el = await fixture<UserSettings>(html`<user-settings api=${env.api} token=${user.token} locale=${attrs.locale ?? 'en'}></user-settings>`);
  await loaded(el);
  return el;
}

/** Focuses the language box and types `query` (the list opens and filters). */
async function search(el: UserSettings, query: string) {
  $<HTMLInputElement>(el, '#language').focus();
  await typeText(query);
  await el.updateComplete;
}

describe('<user-settings>', () => {
  // The API’s settings: the defaults on first read, nothing to save yet.
  it('renders', async () => {
    const el = await mount(await makeUser());
    expect($<HTMLInputElement>(el, '#language').value).to.equal('American English');
    expect(text($(el, '.combobox-tag'))).to.equal('en-US');
    expect(checked(el, 'tone')).to.equal('professional');
    expect(checked(el, 'aspect_ratio')).to.equal('1:1');
    expect($$(el, '[part=tone]')).to.have.length(7);
    expect(text($$(el, '[part=tone]')[0]!.querySelector('b'))).to.equal('Professional');
    expect(text($$(el, '[part=tone]')[0]!.querySelector('small'))).to.equal('Clear and credible: for brands and B2B.');
    expect($$(el, '[part=ratio]').map((r) => text(r.querySelector('b')))).to.deep.equal(['1:1', '4:5', '9:16', '16:9']);
    expect($$(el, '[part=integration]').map((i) => text(i.querySelector('.connection')))).to.deep.equal(['Not connected', 'Not connected', 'Not connected']);
    expect(saveButton(el).disabled).to.equal(true);
    expect(discardButton(el).disabled).to.equal(true);
    expect(el.dirty).to.equal(false);
  });

  // Loaded, with the language list open, with unsaved changes, and with a field error.
  it('is accessible', async () => {
    const el = await mount(await makeUser());
    await expect(el).to.be.accessible();
    await search(el, 'fr');
    expect($(el, '#language').getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();
    await press('Escape');
    await choose(el, 'playful');
    await expect(el).to.be.accessible();
    await search(el, 'no-such-tag!!');
    await press('Enter');
    await userClick(saveButton(el));
    await eventually(() => expect($(el, '[part=field-error]')).not.to.equal(null));
    await expect(el).to.be.accessible();
  });

  it('labels and describes every control', async () => {
    const el = await mount(await makeUser());
    const language = $<HTMLInputElement>(el, '#language');
    expect(language.labels?.[0]?.textContent).to.equal('Language');
    expect(language.getAttribute('aria-describedby')).to.equal('language-hint');
    const witty = $<HTMLInputElement>(el, 'input[value=witty]');
    expect(text(witty.closest('label'))).to.include('Witty');
    expect(text($(el, `#${witty.getAttribute('aria-describedby')}`))).to.equal('Clever wordplay that makes people smile.');
    const tall = $<HTMLInputElement>(el, 'input[value="9:16"]');
    expect(text($(el, `#${tall.getAttribute('aria-describedby')}`))).to.equal('Vertical · Stories, Reels, TikTok');
  });

  it('by keyboard: search a language, pick tone and ratio with the arrows, save; the settings survive a reload', async () => {
    const user = await makeUser();
    const el = await mount(user);
    await search(el, 'portug');
    const options = () => $$(el, '[role=option]').map((o) => o.querySelector('.option-tag')?.textContent);
    expect(options()).to.include.members(['pt-BR', 'pt-PT']);
    expect(options().every((tag) => tag?.startsWith('pt'))).to.equal(true);
    await press('ArrowDown');
    const active = $(el, '#language').getAttribute('aria-activedescendant')!;
    const chosen = $(el, `#${active}`).querySelector('.option-tag')!.textContent!;
    await press('Enter');
    expect($(el, '#language').getAttribute('aria-expanded')).to.equal('false');
    expect(text($(el, '.combobox-tag'))).to.equal(chosen);
    expect(el.dirty).to.equal(true);
    expect(status(el)).to.equal('You have unsaved changes');

    // Tab into the tone group (the checked radio), arrows move and pick.
    await press('Tab');
    expect(shadow(el).activeElement).to.equal($(el, 'input[value=professional]'));
    await press('ArrowDown', 'ArrowDown');
    expect(checked(el, 'tone')).to.equal('casual');
    await press('Tab');
    expect(shadow(el).activeElement).to.equal($(el, 'input[value="1:1"]'));
    await press('ArrowRight', 'ArrowRight');
    expect(checked(el, 'aspect_ratio')).to.equal('9:16');

    saveButton(el).focus();
    await press('Enter');
    await eventually(() => expect(status(el)).to.equal('Saved'));
    expect(el.dirty).to.equal(false);
    expect(saveButton(el).disabled).to.equal(true);
    expect(text($(el, '[role=status]'))).to.equal('Saved');
    expect((await settingsOf(user)).preferences).to.deep.equal({ language: chosen, tone: 'casual', aspect_ratio: '9:16' });

    const again = await mount(user);
    expect(text($(again, '.combobox-tag'))).to.equal(chosen);
    expect(checked(again, 'tone')).to.equal('casual');
    expect(checked(again, 'aspect_ratio')).to.equal('9:16');
  });

  it('saves only what changed, in one PATCH, and fires gs-saved', async () => {
    const user = await makeUser();
    const el = await mount(user);
    const bodies: unknown[] = [];
    const realFetch = globalThis.fetch;
    sinon.stub(globalThis, 'fetch').callsFake((input, init) => {
      if (init?.method === 'PATCH') bodies.push(JSON.parse(String(init.body)));
      return realFetch(input, init);
    });
    const saved: UserSettingsData[] = [];
    el.addEventListener('gs-saved', (e) => saved.push(e.detail.settings));
    try {
      await choose(el, '16:9');
      await userClick(saveButton(el));
      await eventually(() => expect(status(el)).to.equal('Saved'));
    } finally {
      sinon.restore();
    }
    expect(bodies).to.deep.equal([{ preferences: { aspect_ratio: '16:9' } }]);
    expect(saved.map((s) => s.preferences.aspect_ratio)).to.deep.equal(['16:9']);
  });

  it('Discard puts back what is saved; choosing the saved value again is not a change', async () => {
    const user = await makeUser();
    const el = await mount(user);
    await choose(el, 'formal');
    expect(el.dirty).to.equal(true);
    await choose(el, 'professional');
    expect(el.dirty).to.equal(false);
    await choose(el, 'witty');
    await userClick(discardButton(el));
    expect(checked(el, 'tone')).to.equal('professional');
    expect(el.dirty).to.equal(false);
    expect((await settingsOf(user)).preferences.tone).to.equal('professional');
  });

  it('a value the API refuses shows its message at the field (422 details), focused, and nothing is saved', async () => {
    const user = await makeUser();
    const el = await mount(user);
    await choose(el, 'witty');
    await search(el, 'zz-!!');
    expect(text($$(el, '[role=option]')[0])).to.equal('Use “zz-!!”');
    await press('Enter');
    await press('Enter'); // Enter in the closed box submits the form
    await eventually(() => expect($(el, '[part=field-error]')).not.to.equal(null));
    expect(text($(el, '#language-error'))).to.equal('must be a BCP-47 language tag such as en-US or pt-BR');
    const input = $<HTMLInputElement>(el, '#language');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('language-hint language-error');
    expect(shadow(el).activeElement).to.equal(input);
    expect(status(el)).to.equal('One setting needs your attention.');
    expect(el.dirty).to.equal(true);
    expect((await settingsOf(user)).preferences).to.deep.equal({ language: 'en-US', tone: 'professional', aspect_ratio: '1:1' });

    // Fixing the field clears its error; the save goes through.
    await search(el, 'japan');
    await press('ArrowDown', 'Enter');
    expect($(el, '[part=field-error]')).to.equal(null);
    await userClick(saveButton(el));
    await eventually(() => expect(status(el)).to.equal('Saved'));
    expect((await settingsOf(user)).preferences).to.deep.equal({ language: 'ja-JP', tone: 'witty', aspect_ratio: '1:1' });
  });

  it('a failed save keeps the changes and offers Retry', async () => {
    const user = await makeUser();
    const el = await mount(user);
    await choose(el, 'persuasive');
    // The network is down for the first save.
    const realFetch = globalThis.fetch;
    let offline = true;
    sinon.stub(globalThis, 'fetch').callsFake((input, init) => (offline && init?.method === 'PATCH' ? Promise.reject(new TypeError('Failed to fetch')) : realFetch(input, init)));
    const errors: string[] = [];
    el.addEventListener('gs-error', (e) => errors.push(e.detail.error.code));
    try {
      await userClick(saveButton(el));
      await eventually(() => expect(status(el)).to.match(/^Your changes were not saved: Could not reach the API .* Retry$/));
      expect(errors).to.deep.equal(['network_error']);
      expect(el.dirty).to.equal(true);
      expect((await settingsOf(user)).preferences.tone).to.equal('professional');
      offline = false;
      await userClick($(el, '[part=actions] [part=retry-button]'));
      await eventually(() => expect(status(el)).to.equal('Saved'));
    } finally {
      sinon.restore();
    }
    expect((await settingsOf(user)).preferences.tone).to.equal('persuasive');
  });

  it('shows a load error with Retry', async () => {
    const el = await fixture<UserSettings>(html`<user-settings api=${env.api} token="not-a-token"></user-settings>`);
    await eventually(() => expect($(el, '[part=error]')).not.to.equal(null));
    expect(text($(el, '[part=error]'))).to.equal('Sign in to change your settings. Retry');
    await expect(el).to.be.accessible();
    const user = await makeUser();
    el.token = user.token;
    await loaded(el);
  });

  it('asks before the page is left only while there are unsaved changes', async () => {
    const el = await mount(await makeUser());
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(leave()).to.equal(false);
    await choose(el, 'casual');
    expect(leave()).to.equal(true);
    await userClick(discardButton(el));
    expect(leave()).to.equal(false);
    await choose(el, 'casual');
    el.remove();
    expect(leave()).to.equal(false);
  });

  it('Connect without a listener records the connection; Disconnect asks first', async () => {
    const user = await makeUser();
    const el = await mount(user);
    const row = () => $(el, '[data-provider=amazon]');
    await userClick(row().querySelector('[part=connect-button]')!);
    await eventually(() => expect(text(row().querySelector('.connection'))).to.match(/^Connected · since /));
    const api = await settingsOf(user);
    expect(api.integrations.amazon).to.include({ connected: true, store_name: null });
    expect(api.integrations.amazon.connected_at).to.be.a('string');
    expect(text($(el, '[role=status]'))).to.equal('Amazon connected');

    await userClick(row().querySelector('[part=connect-button]')!);
    const dialog = $<HTMLDialogElement>(el, '.confirm-dialog');
    await eventually(() => expect(dialog.open).to.equal(true));
    expect(text(dialog.querySelector('p'))).to.equal('Disconnect Amazon? Assets are no longer published there until you connect it again.');
    expect(shadow(el).activeElement?.textContent).to.equal('Cancel');
    await press('Escape');
    expect((await settingsOf(user)).integrations.amazon.connected).to.equal(true);
    await userClick(row().querySelector('[part=connect-button]')!);
    await eventually(() => expect(dialog.open).to.equal(true));
    await userClick(dialog.querySelector('.ok')!);
    await eventually(() => expect(text(row().querySelector('.connection'))).to.equal('Not connected'));
    expect((await settingsOf(user)).integrations.amazon).to.deep.equal({ connected: false, store_name: null, connected_at: null });
  });

  it('a host cancels gs-connect, runs its own flow and calls setConnection(provider, {store_name})', async () => {
    const user = await makeUser();
    const el = await mount(user);
    const asked: string[] = [];
    el.addEventListener('gs-connect', (e) => {
      e.preventDefault();
      asked.push(e.detail.provider);
    });
    el.addEventListener('gs-disconnect', (e) => {
      e.preventDefault();
      asked.push(`-${e.detail.provider}`);
    });
    const button = () => $(el, '[data-provider=shopify] [part=connect-button]');
    button().focus();
    await press('Enter');
    expect(asked).to.deep.equal(['shopify']);
    expect((await settingsOf(user)).integrations.shopify.connected).to.equal(false);

    const after = await el.setConnection('shopify', { store_name: 'Acme Mugs' });
    expect(after.integrations.shopify).to.include({ connected: true, store_name: 'Acme Mugs' });
    expect(text($(el, '[data-provider=shopify] .connection'))).to.match(/^Connected to Acme Mugs · since /);
    expect((await settingsOf(user)).integrations.shopify.store_name).to.equal('Acme Mugs');

    await userClick(button());
    expect(asked).to.deep.equal(['shopify', '-shopify']);
    expect($<HTMLDialogElement>(el, '.confirm-dialog').open).to.equal(false);
    await el.setConnection('shopify', null);
    expect((await settingsOf(user)).integrations.shopify.connected).to.equal(false);
    // A store name the API refuses shows at the integration.
    expect(await rejectionOf(el.setConnection('tiktok', { store_name: '   ' }))).to.have.property('status', 422);
    await eventually(() => expect(text($(el, '#tiktok-error'))).to.match(/\S/));
    expect((await settingsOf(user)).integrations.tiktok.connected).to.equal(false);
  });

  it('a connection made meanwhile keeps the unsaved preference changes', async () => {
    const user = await makeUser();
    const el = await mount(user);
    await choose(el, 'friendly');
    await el.setConnection('tiktok', { store_name: 'acme.shop' });
    expect(checked(el, 'tone')).to.equal('friendly');
    expect(el.dirty).to.equal(true);
    expect((await settingsOf(user)).preferences.tone).to.equal('professional');
  });

  it('works for an anonymous session', async () => {
    const el = await fixture<UserSettings>(html`<user-settings api=${env.api} anonymous></user-settings>`);
    await loaded(el);
    await choose(el, '4:5');
    await userClick(saveButton(el));
    await eventually(() => expect(status(el)).to.equal('Saved'));
    const again = await fixture<UserSettings>(html`<user-settings api=${env.api} anonymous></user-settings>`);
    await loaded(again);
    expect(checked(again, 'aspect_ratio')).to.equal('4:5');
  });

  it('names languages in the UI locale through Intl.DisplayNames', async () => {
    const el = await mount(await makeUser(), { locale: 'de' });
    expect($<HTMLInputElement>(el, '#language').value).to.equal(new Intl.DisplayNames(['de'], { type: 'language' }).of('en-US'));
    await search(el, 'japan');
    expect(text($$(el, '[role=option]')[0]?.querySelector('.option-name'))).to.equal('Japanisch (Japan)');
    expect(text($$(el, '[role=option]')[0]?.querySelector('.option-native'))).to.equal('日本語 (日本)');
  });
});
