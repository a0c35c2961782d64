import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { UserSettingsData } from '../widgets/base/types.ts';
import type { UserSettings } from '../widgets/user-settings/user-settings.ts';
import { apiSend, elementArgs, elementMeta, emptyStory, errorStory, expectShown, fillIn, holdRequests, loadingStory, ownUser, playOn, pressKey, SLOW, textOf, themeStory } from './story-env.ts';

const form = (root: ShadowRoot) => root.querySelector('form');
const loaded = (root: ShadowRoot) => waitFor(() => expect(form(root)).toBeTruthy(), SLOW);
const checked = (root: ShadowRoot, name: string) => root.querySelector<HTMLInputElement>(`input[name=${name}]:checked`)?.value;
const status = (root: ShadowRoot) => textOf(root.querySelector('[part=status]'));
const saveButton = (root: ShadowRoot) => root.querySelector<HTMLButtonElement>('[part=save-button]')!;
const connections = (root: ShadowRoot) => [...root.querySelectorAll('[part=integration]')].map((i) => textOf(i.querySelector('.connection')).replace(/ · since .*$/, ''));
/** Picks a tone or aspect ratio as a user does: a click on its card. */
const choose = (root: ShadowRoot, value: string) => userEvent.click(root.querySelector(`input[value="${value}"]`)!.closest('label')!);
/** The settings the API holds for the story's user (its `tokenProvider` answers the same token every time). */
const settingsOf = async (el: UserSettings) => (await apiSend(await el.tokenProvider!(), 'GET', '/api/v1/user/settings')) as UserSettingsData;
const sectionOf = (root: ShadowRoot) => root.querySelector('[part=section]');

/** A user of the story's own whose settings were saved through the API: French, friendly, 9:16, Shopify and TikTok connected. */
const configured = ownUser(async (token) => {
  await apiSend(token, 'PATCH', '/api/v1/user/settings', {
    preferences: { language: 'fr-FR', tone: 'friendly', aspect_ratio: '9:16' },
    integrations: { shopify: { connected: true, store_name: 'Ceramic & Co.' }, tiktok: { connected: true, store_name: '@studio.reels' } },
  });
});

/** A story's own user (default settings), for the stories that change something. */
const changes = (check: (found: { el: UserSettings; root: ShadowRoot }) => Promise<void>): StoryObj => ({ args: { tokenProvider: ownUser() }, play: playOn<UserSettings>('user-settings', check) });

/**
 * `<user-settings>` is the user's Settings page (seed 004): AI preferences — language (a
 * searchable list of BCP-47 locales named in the UI language), tone and aspect ratio as radio
 * groups — and the Shopify, Amazon and TikTok integrations. Save and Discard wake up once
 * something changed; one PATCH saves what changed; the API's field errors show at their fields;
 * the browser asks before a page with unsaved changes is left. Connect / Disconnect fire
 * cancelable `gs-connect` / `gs-disconnect` for the host's own OAuth (then `setConnection()`).
 *
 * Every story reads the real genshelf API (see stories/story-env.ts). The stories that save
 * something use a user of their own (a new anonymous session), so the sample data's user keeps
 * its settings.
 */
const meta: Meta = {
  title: 'Elements/user-settings',
  component: 'user-settings',
  ...elementMeta,
  render: (args, context) => html`<user-settings
    ${elementArgs(args, context)}
    @gs-connect=${args.onGsConnect}
    @gs-disconnect=${args.onGsDisconnect}
    @gs-saved=${args.onGsSaved}
    @gs-error=${args.onGsError}
  ></user-settings>`,
};
export default meta;
type Story = StoryObj;

/** Every control at hand, on the sample data's user. */
export const Playground: Story = {
  play: playOn('user-settings', async ({ root }) => {
    await loaded(root);
  }),
};

/** Settings saved before: each field shows the API's value, two integrations connected with their store and date. */
export const Full: Story = {
  args: { tokenProvider: configured },
  play: playOn<UserSettings>('user-settings', async ({ el, root }) => {
    await loaded(root);
    const saved = await settingsOf(el);
    expect(saved.preferences).toEqual({ language: 'fr-FR', tone: 'friendly', aspect_ratio: '9:16' });
    expect(textOf(root.querySelector('.combobox-tag'))).toBe('fr-FR');
    expect(checked(root, 'tone')).toBe('friendly');
    expect(checked(root, 'aspect_ratio')).toBe('9:16');
    expect(connections(root)).toEqual(['Connected to Ceramic & Co.', 'Not connected', 'Connected to @studio.reels']);
    expect(textOf(root.querySelector('[data-provider=shopify] .since'))).toMatch(/^· since /);
    expect(saveButton(root).disabled).toBe(true);
    expect(status(root)).toBe('All changes saved');
  }),
};

/** Unsaved changes (a tone and a ratio picked): Save and Discard wake up, and leaving the page would ask first. Nothing is saved. */
export const Dirty: Story = {
  name: 'Unsaved changes',
  ...changes(async ({ el, root }) => {
    await loaded(root);
    await choose(root, 'playful');
    await choose(root, '16:9');
    await waitFor(() => expect(status(root)).toBe('You have unsaved changes'), SLOW);
    expect(el.dirty).toBe(true);
    expect(saveButton(root).disabled).toBe(false);
    expect(root.querySelector<HTMLButtonElement>('[part=discard-button]')!.disabled).toBe(false);
    expect((await settingsOf(el)).preferences).toEqual({ language: 'en-US', tone: 'professional', aspect_ratio: '1:1' });
  }),
};

/**
 * Saving: the PATCH is in flight (held here by a network that never answers, so the state
 * stays): the Save button says so and is busy, and the form cannot be saved twice.
 */
export const Saving: Story = {
  ...changes(async ({ root }) => {
    await loaded(root);
    await choose(root, 'witty');
    await waitFor(() => expect(saveButton(root).disabled).toBe(false), SLOW);
    await userEvent.click(saveButton(root));
    await waitFor(() => expect(saveButton(root).getAttribute('aria-busy')).toBe('true'), SLOW);
    expect(saveButton(root).disabled).toBe(true);
    expect(textOf(saveButton(root))).toBe('Saving…');
    expect(status(root)).toBe('Saving…');
  }),
  beforeEach: () => holdRequests((url, init) => url.pathname === '/api/v1/user/settings' && init?.method === 'PATCH'),
};

/** Saved: one PATCH of what changed, then "Saved"; the API has the new tone. */
export const Saved: Story = {
  ...changes(async ({ el, root }) => {
    await loaded(root);
    await choose(root, 'persuasive');
    await waitFor(() => expect(saveButton(root).disabled).toBe(false), SLOW);
    await userEvent.click(saveButton(root));
    await waitFor(() => expect(status(root)).toBe('Saved'), SLOW);
    expect(el.dirty).toBe(false);
    expect((await settingsOf(el)).preferences.tone).toBe('persuasive');
  }),
};

/** A value the API refuses (a language tag that is not BCP-47): its 422 message at the field, focused; nothing is saved. */
export const FieldError: Story = {
  name: 'Field error',
  ...changes(async ({ el, root }) => {
    await loaded(root);
    const input = root.querySelector<HTMLInputElement>('#language')!;
    fillIn(input, 'zz-!!');
    await waitFor(() => expect(textOf(root.querySelector('[role=option]'))).toBe('Use “zz-!!”'), SLOW);
    pressKey(input, 'Enter');
    await waitFor(() => expect(saveButton(root).disabled).toBe(false), SLOW);
    await userEvent.click(saveButton(root));
    const error = await expectShown(root, '[part=field-error]');
    expect(textOf(error)).toBe('must be a BCP-47 language tag such as en-US or pt-BR');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('language-hint language-error');
    expect(status(root)).toBe('One setting needs your attention.');
    expect(el.dirty).toBe(true);
    expect((await settingsOf(el)).preferences.language).toBe('en-US');
  }),
};

/** Before the first answer: a skeleton, `aria-busy`, and "Loading your settings" for screen readers. */
export const Loading: Story = {
  ...loadingStory('user-settings', ({ root }) => {
    expect(root.querySelector('[part=base]')?.getAttribute('aria-busy')).toBe('true');
    expect(root.querySelectorAll('.skeleton').length).toBeGreaterThan(0);
    expect(textOf(root.querySelector('[role=status]'))).toBe('Loading your settings');
  }),
};

/** A user who never changed anything (a fresh anonymous session): the defaults, nothing connected, nothing to save. */
export const Empty: Story = {
  name: 'Defaults (empty)',
  ...emptyStory('user-settings', async ({ root }) => {
    await loaded(root);
    expect(textOf(root.querySelector('.combobox-tag'))).toBe('en-US');
    expect(checked(root, 'tone')).toBe('professional');
    expect(checked(root, 'aspect_ratio')).toBe('1:1');
    expect(connections(root)).toEqual(['Not connected', 'Not connected', 'Not connected']);
    expect(saveButton(root).disabled).toBe(true);
  }),
};

/** The API refused the token (401): a message and Retry. */
export const ErrorState: Story = {
  name: 'Error',
  ...errorStory('user-settings', async ({ root }) => {
    await expectShown(root, '[part=retry-button]');
    expect(textOf(root.querySelector('[part=error] span'))).toBe('Sign in to change your settings.');
  }),
};

/** `theme="light"`. */
export const Light: Story = { ...themeStory('light', 'user-settings', sectionOf, loaded) };

/** `theme="dark"`, the default. */
export const Dark: Story = { ...themeStory('dark', 'user-settings', sectionOf, loaded) };
