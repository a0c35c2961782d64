import { html } from 'lit';
import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { UserSettingsData } from '../base/types.ts';
import { apiGet, env, expectAccessible, fixture, makeUser, shadow, text, type User } from '../test/fixtures.ts';
import './define.ts';
import type { UserSettings } from './user-settings.ts';

const $ = <T extends Element = HTMLElement>(el: UserSettings, selector: string) => shadow(el).querySelector<T>(selector)!;
const $$ = (el: UserSettings, selector: string) => [...shadow(el).querySelectorAll<HTMLElement>(selector)];
const loaded = (el: UserSettings) => vi.waitFor(() => expect(shadow(el).querySelector('form')).not.toBeNull());
const checked = (el: UserSettings, name: string) => $<HTMLInputElement>(el, `input[name=${name}]:checked`)?.value;
const saveButton = (el: UserSettings) => $<HTMLButtonElement>(el, '[part=save-button]');
const discardButton = (el: UserSettings) => $<HTMLButtonElement>(el, '[part=discard-button]');
const status = (el: UserSettings) => text($(el, '[part=status]'));
/** Clicks a tone or aspect-ratio choice as a user does: on its card. */
const choose = (el: UserSettings, value: string) => userEvent.click($(el, `input[value="${value}"]`).closest('label')!);
const settingsOf = (user: User) => apiGet<UserSettingsData>('/api/v1/user/settings', user.token);

async function mount(user: User, attrs: { locale?: string } = {}) {
  const el = await fixture<UserSettings>(html`<user-settings api=${env.api} token=${user.token} locale=${attrs.locale ?? 'en'}></user-settings>`);
  await loaded(el);
  return el;
}

/** Focuses the language box and types `query` (the list opens and filters). */
async function search(el: UserSettings, query: string) {
  $<HTMLInputElement>(el, '#language').focus();
  await userEvent.keyboard(query);
  await el.updateComplete;
}

describe('<user-settings>', () => {
  it('renders the API’s settings: the defaults on first read, nothing to save yet', async () => {
    const el = await mount(await makeUser());
    expect($<HTMLInputElement>(el, '#language').value).toBe('American English');
    expect(text($(el, '.combobox-tag'))).toBe('en-US');
    expect(checked(el, 'tone')).toBe('professional');
    expect(checked(el, 'aspect_ratio')).toBe('1:1');
    expect($$(el, '[part=tone]')).toHaveLength(7);
    expect(text($$(el, '[part=tone]')[0]!.querySelector('.choice-name'))).toBe('Professional');
    expect(text($$(el, '[part=tone]')[0]!.querySelector('.choice-desc'))).toBe('Clear and credible: for brands and B2B.');
    expect($$(el, '[part=ratio]').map((r) => text(r.querySelector('.choice-name')))).toEqual(['1:1', '4:5', '9:16', '16:9']);
    expect($$(el, '[part=integration]').map((i) => text(i.querySelector('.connection')))).toEqual(['Not connected', 'Not connected', 'Not connected']);
    expect(saveButton(el).disabled).toBe(true);
    expect(discardButton(el).disabled).toBe(true);
    expect(el.dirty).toBe(false);
  });

  it('is accessible: loaded, with the language list open, with unsaved changes, and with a field error', async () => {
    const el = await mount(await makeUser());
    await expectAccessible(el);
    await search(el, 'fr');
    expect($(el, '#language').getAttribute('aria-expanded')).toBe('true');
    await expectAccessible(el);
    await userEvent.keyboard('{Escape}');
    await choose(el, 'playful');
    await expectAccessible(el);
    await search(el, 'no-such-tag!!');
    await userEvent.keyboard('{Enter}');
    await userEvent.click(saveButton(el));
    await vi.waitFor(() => expect($(el, '[part=field-error]')).not.toBeNull());
    await expectAccessible(el);
  });

  it('labels and describes every control', async () => {
    const el = await mount(await makeUser());
    const language = $<HTMLInputElement>(el, '#language');
    expect(language.labels?.[0]?.textContent).toBe('Language');
    expect(language.getAttribute('aria-describedby')).toBe('language-hint');
    const witty = $<HTMLInputElement>(el, 'input[value=witty]');
    expect(text(witty.closest('label'))).toContain('Witty');
    expect(text($(el, `#${witty.getAttribute('aria-describedby')}`))).toBe('Clever wordplay that makes people smile.');
    const tall = $<HTMLInputElement>(el, 'input[value="9:16"]');
    expect(text($(el, `#${tall.getAttribute('aria-describedby')}`))).toBe('Vertical · Stories, Reels, TikTok');
  });

  it('by keyboard: search a language, pick tone and ratio with the arrows, save; the settings survive a reload', async () => {
    const user = await makeUser();
    const el = await mount(user);
    await search(el, 'portug');
    const options = () => $$(el, '[role=option]').map((o) => o.querySelector('.option-tag')?.textContent);
    expect(options()).toEqual(expect.arrayContaining(['pt-BR', 'pt-PT']));
    expect(options().every((tag) => tag?.startsWith('pt'))).toBe(true);
    await userEvent.keyboard('{ArrowDown}');
    const active = $(el, '#language').getAttribute('aria-activedescendant')!;
    const chosen = $(el, `#${active}`).querySelector('.option-tag')!.textContent!;
    await userEvent.keyboard('{Enter}');
    expect($(el, '#language').getAttribute('aria-expanded')).toBe('false');
    expect(text($(el, '.combobox-tag'))).toBe(chosen);
    expect(el.dirty).toBe(true);
    expect(status(el)).toBe('You have unsaved changes');

    // Tab into the tone group (the checked radio), arrows move and pick.
    await userEvent.keyboard('{Tab}');
    expect(shadow(el).activeElement).toBe($(el, 'input[value=professional]'));
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(checked(el, 'tone')).toBe('casual');
    await userEvent.keyboard('{Tab}');
    expect(shadow(el).activeElement).toBe($(el, 'input[value="1:1"]'));
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(checked(el, 'aspect_ratio')).toBe('9:16');

    saveButton(el).focus();
    await userEvent.keyboard('{Enter}');
    await vi.waitFor(() => expect(status(el)).toBe('Saved'));
    expect(el.dirty).toBe(false);
    expect(saveButton(el).disabled).toBe(true);
    expect(text($(el, '[role=status]'))).toBe('Saved');
    expect((await settingsOf(user)).preferences).toEqual({ language: chosen, tone: 'casual', aspect_ratio: '9:16' });

    const again = await mount(user);
    expect(text($(again, '.combobox-tag'))).toBe(chosen);
    expect(checked(again, 'tone')).toBe('casual');
    expect(checked(again, 'aspect_ratio')).toBe('9:16');
  });

  it('saves only what changed, in one PATCH, and fires gs-saved', async () => {
    const user = await makeUser();
    const el = await mount(user);
    const bodies: unknown[] = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      if (init?.method === 'PATCH') bodies.push(JSON.parse(String(init.body)));
      return realFetch(input, init);
    });
    const saved: UserSettingsData[] = [];
    el.addEventListener('gs-saved', (e) => saved.push(e.detail.settings));
    try {
      await choose(el, '16:9');
      await userEvent.click(saveButton(el));
      await vi.waitFor(() => expect(status(el)).toBe('Saved'));
    } finally {
      vi.restoreAllMocks();
    }
    expect(bodies).toEqual([{ preferences: { aspect_ratio: '16:9' } }]);
    expect(saved.map((s) => s.preferences.aspect_ratio)).toEqual(['16:9']);
  });

  it('Discard puts back what is saved; choosing the saved value again is not a change', async () => {
    const user = await makeUser();
    const el = await mount(user);
    await choose(el, 'formal');
    expect(el.dirty).toBe(true);
    await choose(el, 'professional');
    expect(el.dirty).toBe(false);
    await choose(el, 'witty');
    await userEvent.click(discardButton(el));
    expect(checked(el, 'tone')).toBe('professional');
    expect(el.dirty).toBe(false);
    expect((await settingsOf(user)).preferences.tone).toBe('professional');
  });

  it('a value the API refuses shows its message at the field (422 details), focused, and nothing is saved', async () => {
    const user = await makeUser();
    const el = await mount(user);
    await choose(el, 'witty');
    await search(el, 'zz-!!');
    expect(text($$(el, '[role=option]')[0])).toBe('Use “zz-!!”');
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard('{Enter}'); // Enter in the closed box submits the form
    await vi.waitFor(() => expect($(el, '[part=field-error]')).not.toBeNull());
    expect(text($(el, '#language-error'))).toBe('must be a BCP-47 language tag such as en-US or pt-BR');
    const input = $<HTMLInputElement>(el, '#language');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('language-hint language-error');
    expect(shadow(el).activeElement).toBe(input);
    expect(status(el)).toBe('One setting needs your attention.');
    expect(el.dirty).toBe(true);
    expect((await settingsOf(user)).preferences).toEqual({ language: 'en-US', tone: 'professional', aspect_ratio: '1:1' });

    // Fixing the field clears its error; the save goes through.
    await search(el, 'japan');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect($(el, '[part=field-error]')).toBeNull();
    await userEvent.click(saveButton(el));
    await vi.waitFor(() => expect(status(el)).toBe('Saved'));
    expect((await settingsOf(user)).preferences).toEqual({ language: 'ja-JP', tone: 'witty', aspect_ratio: '1:1' });
  });

  it('a failed save keeps the changes and offers Retry', async () => {
    const user = await makeUser();
    const el = await mount(user);
    await choose(el, 'persuasive');
    // The network is down for the first save.
    const realFetch = globalThis.fetch;
    let offline = true;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => (offline && init?.method === 'PATCH' ? Promise.reject(new TypeError('Failed to fetch')) : realFetch(input, init)));
    const errors: string[] = [];
    el.addEventListener('gs-error', (e) => errors.push(e.detail.error.code));
    try {
      await userEvent.click(saveButton(el));
      await vi.waitFor(() => expect(status(el)).toMatch(/^Your changes were not saved: Could not reach the API .* Retry$/));
      expect(errors).toEqual(['network_error']);
      expect(el.dirty).toBe(true);
      expect((await settingsOf(user)).preferences.tone).toBe('professional');
      offline = false;
      await userEvent.click($(el, '[part=actions] [part=retry-button]'));
      await vi.waitFor(() => expect(status(el)).toBe('Saved'));
    } finally {
      vi.restoreAllMocks();
    }
    expect((await settingsOf(user)).preferences.tone).toBe('persuasive');
  });

  it('shows a load error with Retry', async () => {
    const el = await fixture<UserSettings>(html`<user-settings api=${env.api} token="not-a-token"></user-settings>`);
    await vi.waitFor(() => expect($(el, '[part=error]')).not.toBeNull());
    expect(text($(el, '[part=error]'))).toBe('Sign in to change your settings. Retry');
    await expectAccessible(el);
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
    expect(leave()).toBe(false);
    await choose(el, 'casual');
    expect(leave()).toBe(true);
    await userEvent.click(discardButton(el));
    expect(leave()).toBe(false);
    await choose(el, 'casual');
    el.remove();
    expect(leave()).toBe(false);
  });

  it('Connect without a listener records the connection; Disconnect asks first', async () => {
    const user = await makeUser();
    const el = await mount(user);
    const row = () => $(el, '[data-provider=amazon]');
    await userEvent.click(row().querySelector('[part=connect-button]')!);
    await vi.waitFor(() => expect(text(row().querySelector('.connection'))).toMatch(/^Connected · since /));
    const api = await settingsOf(user);
    expect(api.integrations.amazon).toMatchObject({ connected: true, store_name: null, connected_at: expect.any(String) });
    expect(text($(el, '[role=status]'))).toBe('Amazon connected');

    await userEvent.click(row().querySelector('[part=connect-button]')!);
    const dialog = $<HTMLDialogElement>(el, '.confirm-dialog');
    await vi.waitFor(() => expect(dialog.open).toBe(true));
    expect(text(dialog.querySelector('p'))).toBe('Disconnect Amazon? Assets are no longer published there until you connect it again.');
    expect(shadow(el).activeElement?.textContent).toBe('Cancel');
    await userEvent.keyboard('{Escape}');
    expect((await settingsOf(user)).integrations.amazon.connected).toBe(true);
    await userEvent.click(row().querySelector('[part=connect-button]')!);
    await vi.waitFor(() => expect(dialog.open).toBe(true));
    await userEvent.click(dialog.querySelector('.ok')!);
    await vi.waitFor(() => expect(text(row().querySelector('.connection'))).toBe('Not connected'));
    expect((await settingsOf(user)).integrations.amazon).toEqual({ connected: false, store_name: null, connected_at: null });
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
    await userEvent.keyboard('{Enter}');
    expect(asked).toEqual(['shopify']);
    expect((await settingsOf(user)).integrations.shopify.connected).toBe(false);

    const after = await el.setConnection('shopify', { store_name: 'Acme Mugs' });
    expect(after.integrations.shopify).toMatchObject({ connected: true, store_name: 'Acme Mugs' });
    expect(text($(el, '[data-provider=shopify] .connection'))).toMatch(/^Connected to Acme Mugs · since /);
    expect((await settingsOf(user)).integrations.shopify.store_name).toBe('Acme Mugs');

    await userEvent.click(button());
    expect(asked).toEqual(['shopify', '-shopify']);
    expect($<HTMLDialogElement>(el, '.confirm-dialog').open).toBe(false);
    await el.setConnection('shopify', null);
    expect((await settingsOf(user)).integrations.shopify.connected).toBe(false);
    // A store name the API refuses shows at the integration.
    await expect(el.setConnection('tiktok', { store_name: '   ' })).rejects.toMatchObject({ status: 422 });
    await vi.waitFor(() => expect(text($(el, '#tiktok-error'))).toMatch(/\S/));
    expect((await settingsOf(user)).integrations.tiktok.connected).toBe(false);
  });

  it('a connection made meanwhile keeps the unsaved preference changes', async () => {
    const user = await makeUser();
    const el = await mount(user);
    await choose(el, 'friendly');
    await el.setConnection('tiktok', { store_name: 'acme.shop' });
    expect(checked(el, 'tone')).toBe('friendly');
    expect(el.dirty).toBe(true);
    expect((await settingsOf(user)).preferences.tone).toBe('professional');
  });

  it('works for an anonymous session', async () => {
    const el = await fixture<UserSettings>(html`<user-settings api=${env.api} anonymous></user-settings>`);
    await loaded(el);
    await choose(el, '4:5');
    await userEvent.click(saveButton(el));
    await vi.waitFor(() => expect(status(el)).toBe('Saved'));
    const again = await fixture<UserSettings>(html`<user-settings api=${env.api} anonymous></user-settings>`);
    await loaded(again);
    expect(checked(again, 'aspect_ratio')).toBe('4:5');
  });

  it('names languages in the UI locale through Intl.DisplayNames', async () => {
    const el = await mount(await makeUser(), { locale: 'de' });
    expect($<HTMLInputElement>(el, '#language').value).toBe(new Intl.DisplayNames(['de'], { type: 'language' }).of('en-US'));
    await search(el, 'japan');
    expect(text($$(el, '[role=option]')[0]?.querySelector('.option-name'))).toBe('Japanisch (Japan)');
    expect(text($$(el, '[role=option]')[0]?.querySelector('.option-native'))).toBe('日本語 (日本)');
  });
});
