import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { apiGet, elementArgs, elementMeta, expectShown, playOn, refusedToken, SLOW, textOf, themeStory } from './story-env.ts';
import type { Asset } from '../widgets/base/types.ts';
import type { PreviewItem } from '../widgets/media-preview/media-preview.ts';

const dialog = (root: ShadowRoot) => root.querySelector('[part=dialog]');
const first = async (kind: string) => {
  const { assets } = await apiGet<{ assets: Asset[] }>(`/api/v1/assets?kind=${kind}&limit=1`);
  if (!assets[0]) throw new Error(`the sample data has no ${kind}`);
  return assets[0];
};
/** The story's items: `parameters.items` picks them from the loaded assets (default: the image). */
type ChooseItems = (assets: Record<'image' | 'video' | 'text', Asset>) => PreviewItem[];
const itemsOf = (parameters: Record<string, unknown>, loaded: Record<string, unknown>): PreviewItem[] =>
  (parameters.items as ChooseItems | undefined)?.(loaded as Record<'image' | 'video' | 'text', Asset>) ?? [loaded.image as Asset];
const items = (pick: ChooseItems) => ({ items: pick });

/** The same signed URL with its signature altered: the file route refuses it, as it does an expired one. */
const broken = (url: string) => url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));

/**
 * `<media-preview>` is the modal the other elements open: an image (click to zoom), a video, or a
 * text with a copy button, with prev/next (buttons, ←/→) through `items`. Set `items` and call
 * `show(index)`, or set `open`. The page behind is inert, focus stays inside and returns on close;
 * a video whose signed URL has expired gets a fresh one from the API and resumes.
 *
 * The stories' items are the sample data's real assets (loaded from the API before each story).
 */
const meta: Meta = {
  title: 'Elements/media-preview',
  component: 'media-preview',
  ...elementMeta,
  args: { ...elementMeta.args, open: true, index: 0 },
  loaders: [async () => ({ image: await first('image'), video: await first('video'), text: await first('text') })],
  render: (args, context) => html`<media-preview
    ${elementArgs(args, context)}
    .items=${itemsOf(context.parameters, context.loaded)}
    index=${args.index}
    ?open=${!!args.open}
    @gs-close=${args.onGsClose}
    @gs-error=${args.onGsError}
  ></media-preview>`,
};
export default meta;
type Story = StoryObj;

/** Every control at hand: an image. */
export const Playground: Story = {
  play: playOn('media-preview', async ({ root }) => {
    expect(root.querySelector('dialog')?.open).toBe(true);
  }),
};

/** An image; a click zooms it. Focus starts on the close button. */
export const Image: Story = {
  play: playOn('media-preview', async ({ root }, { loaded }) => {
    const img = root.querySelector<HTMLImageElement>('[part=image]')!;
    expect(img.getAttribute('src')).toBe((loaded.image as Asset).url);
    await waitFor(() => expect(img.complete && img.naturalWidth > 0).toBe(true), SLOW);
    expect(root.activeElement?.getAttribute('part')).toBe('close-button');
  }),
};

/** A video, streamed from the API's signed URL. */
export const Video: Story = {
  parameters: items((l) => [l.video]),
  play: playOn('media-preview', async ({ root }) => {
    const video = root.querySelector<HTMLVideoElement>('[part=video]')!;
    await waitFor(() => expect(video.readyState).toBeGreaterThanOrEqual(1), SLOW);
    expect(video.duration).toBeGreaterThan(0);
  }),
};

/** A text (copy, a caption, a listing) with a copy button. */
export const Text: Story = {
  parameters: items((l) => [l.text]),
  play: playOn('media-preview', async ({ root }, { loaded }) => {
    const asset = loaded.text as Asset;
    const text = await expectShown(root, '[part=text]');
    if (asset.text) expect(text.textContent).toBe(asset.text);
    expect(root.querySelector('[part=copy-button]')?.textContent).toBe('Copy text');
  }),
};

/** Several items: the position, prev/next buttons, and ←/→ (wrapping around). */
export const Gallery: Story = {
  parameters: items((l) => [l.image, l.video, l.text]),
  play: playOn('media-preview', async ({ el, root }, { loaded }) => {
    expect(textOf(root.querySelector('.position'))).toBe('1 of 3');
    await userEvent.keyboard('{ArrowRight}');
    await el.updateComplete;
    expect(textOf(root.querySelector('.position'))).toBe('2 of 3');
    expect(textOf(root.querySelector('[part=title]'))).toBe((loaded.video as Asset).title ?? 'Untitled');
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
    await el.updateComplete;
    expect(textOf(root.querySelector('.position'))).toBe('3 of 3');
    expect(root.querySelector('[part=prev-button]') && root.querySelector('[part=next-button]')).toBeTruthy();
  }),
};

/** A file without a URL (gone, or not ready): says so. */
export const Unavailable: Story = {
  parameters: items((l) => [{ ...l.image, url: null }]),
  play: playOn('media-preview', async ({ root }) => {
    expect(textOf(root.querySelector('.message'))).toBe('This file is not available.');
  }),
};

/** A video whose signed URL no longer works (expired): the element reads a fresh one from the API and plays. */
export const ExpiredUrl: Story = {
  parameters: items((l) => [{ ...l.video, url: broken(l.video.url!) }]),
  play: playOn('media-preview', async ({ root }, { loaded }) => {
    const stale = broken((loaded.video as Asset).url!);
    const video = () => root.querySelector<HTMLVideoElement>('[part=video]')!;
    await waitFor(() => {
      expect(video().getAttribute('src')).not.toBe(stale);
      expect(video().readyState).toBeGreaterThanOrEqual(1);
    }, SLOW);
  }),
};

/** The URL expired and the API refuses the token too: `gs-error` tells the host (sign in again). */
export const ErrorState: Story = {
  name: 'Error',
  args: { tokenProvider: undefined, token: refusedToken, onGsError: fn() },
  parameters: items((l) => [{ ...l.video, url: broken(l.video.url!) }]),
  play: async ({ args }) => {
    await waitFor(() => expect(args.onGsError).toHaveBeenCalled(), SLOW);
  },
};

/** Closing (the button, Escape, a click outside) fires `gs-close` with the item shown last. */
export const Closing: Story = {
  args: { onGsClose: fn() },
  play: playOn('media-preview', async ({ el, root }, { args }) => {
    await userEvent.click(root.querySelector<HTMLButtonElement>('[part=close-button]')!);
    await el.updateComplete;
    expect(root.querySelector('dialog')?.open).toBe(false);
    // The dialog's close event (which fires gs-close) is a task of its own.
    await waitFor(() => expect(args.onGsClose).toHaveBeenCalledTimes(1), SLOW);
    expect(args.onGsClose).toHaveBeenCalledWith(expect.objectContaining({ detail: expect.objectContaining({ index: 0 }) }));
  }),
};

/** `theme="light"`. */
export const Light: Story = { ...themeStory('light', 'media-preview', dialog) };

/** `theme="dark"`, the default. */
export const Dark: Story = { ...themeStory('dark', 'media-preview', dialog) };
