/**
 * `<asset-gallery>` in Chromium against the real API (issue 12 part 2): seed 001's "My Assets"
 * (job cards, filters, disclosure, asset actions, polling) and seed 004's gallery (tabs, search,
 * favourites, windowed grid, selection with bulk download and delete), states and keyboard.
 */
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import type { Asset } from '../base/types.ts';
import { apiGet, attachAsset, captureBlob, chooseOption, createJob, emulateMedia, env, eventually, finishedJob, makeUser, press, shadow, sleep, text, typeText, updateJob, type User, userClick, userHover, userUnhover } from '../test/fixtures.ts';
import type { AssetGallery } from './asset-gallery.ts';
import './define.ts';

const $ = <T extends HTMLElement = HTMLElement>(el: AssetGallery, selector: string) => shadow(el).querySelector<T>(selector)!;
const $$ = <T extends Element = HTMLElement>(el: AssetGallery, selector: string) => [...shadow(el).querySelectorAll<T>(selector)];
const cards = (el: AssetGallery) => $$(el, '[part~=job]');
const card = (el: AssetGallery, id: string) => $(el, `[part~=job][data-id="${id}"]`);
const tiles = (el: AssetGallery) => $$(el, '[part~=asset]');
const tile = (el: AssetGallery, id: string) => $(el, `[part~=asset][data-id="${id}"]`);
const shown = (el: AssetGallery) => () => expect(cards(el).length + tiles(el).length + $$(el, '[part=empty], [part=error]').length).to.be.above(0);
/** The focused element through shadow roots. */
const focused = () => {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
};

async function mount(user: User | string, attrs: { groupBy?: 'job' | 'none'; project?: string; width?: number; poll?: number } = {}) {
  const token = typeof user === 'string' ? user : user.token;
  const el = await fixture<AssetGallery>(
    html`<asset-gallery api=${env.api} token=${token} group-by=${attrs.groupBy ?? 'job'} project=${attrs.project ?? ''} poll-interval=${attrs.poll ?? 2000} search-delay="50" style="--gs-asset-gallery-height: 560px; width: ${attrs.width ?? 960}px"></asset-gallery>`,
  );
  await eventually(shown(el));
  return el;
}

/** Expands a job by its disclosure button and waits for its tiles. */
async function expand(el: AssetGallery, jobId: string, count: number) {
  card(el, jobId).querySelector<HTMLButtonElement>('[part=disclosure]')!.click();
  await eventually(() => expect(card(el, jobId).querySelectorAll('[part~=asset]')).to.have.length(count));
}

/** An action button of an asset's tile: focused first (with a mouse, a tile renders its actions on hover or focus). */
async function actionOf(el: AssetGallery, id: string, action: string): Promise<HTMLButtonElement> {
  tile(el, id).focus();
  await el.updateComplete;
  return tile(el, id).querySelector<HTMLButtonElement>(`.${action}`)!;
}

/** The bodies the element sends to `POST /api/v1/downloads` (the requests go through to the API). */
function downloadsSent(): unknown[] {
  const sent: unknown[] = [];
  const realFetch = globalThis.fetch;
  sinon.stub(globalThis, 'fetch').callsFake(async (input, init) => {
    if (String(input).endsWith('/api/v1/downloads')) sent.push(JSON.parse(String(init?.body)));
    return realFetch(input, init);
  });
  return sent;
}

describe('<asset-gallery> grouped by job (seed 001)', () => {
  it('renders', async () => {
    const user = await makeUser();
    const done = await finishedJob(user, [{ title: 'Cover' }, { text: 'Catchy caption', title: 'Caption' }], { prompt: 'A neon skyline at dusk', asset_type: 'thumbnail' });
    const failed = await createJob(user, { prompt: 'A kite', asset_type: 'poster_frame', status: 'failed', error_message: 'Upstream provider timed out after 120s' });
    const running = await createJob(user, { prompt: 'A boat', asset_type: 'banner', status: 'processing', progress: 40 });
    const el = await mount(user);
    expect(text($(el, '[part=title]'))).to.equal('My Assets');
    expect(text($(el, '[part=subtitle]'))).to.equal('View and manage your generated assets');
    expect(cards(el).map((c) => c.dataset.id)).to.deep.equal([running.id, failed.id, done.id]);
    const c = card(el, done.id);
    expect(text(c.querySelector('[part~=badge]'))).to.equal('Completed');
    expect(text(c.querySelector('[part=asset-type]'))).to.equal('Thumbnail');
    expect(c.querySelector('[part=asset-type] svg')).not.to.equal(null);
    expect(text(c.querySelector('[part=prompt]'))).to.equal('A neon skyline at dusk');
    expect(text(c.querySelector('[part=time]'))).to.match(/now|second/);
    expect(text(card(el, failed.id).querySelector('[part=error-message]'))).to.equal('Upstream provider timed out after 120s');
    const bar = card(el, running.id).querySelector('[part=progress]')!;
    expect(bar.getAttribute('role')).to.equal('progressbar');
    expect(bar.getAttribute('aria-valuenow')).to.equal('40');
    expect(card(el, running.id).querySelector('[part~=badge]')!.getAttribute('data-status')).to.equal('processing');
    // The filters: status (seed 001's five), and the five known types plus the ones the data has.
    const status = $<HTMLSelectElement>(el, 'select[data-filter=status]');
    expect([...status.options].map((o) => o.textContent!.trim())).to.deep.equal(['All', 'Queued', 'Processing', 'Completed', 'Failed', 'Partial']);
    const type = $<HTMLSelectElement>(el, 'select[data-filter=asset_type]');
    await eventually(() => expect([...type.options].map((o) => o.textContent!.trim())).to.deep.equal(['All', 'Thumbnail', 'Overlay', 'Banner', 'Story graphic', 'Clip cover', 'Poster frame']));
    expect(text($(el, '[part=refresh-button]'))).to.equal('Refresh');
  });

  it('is accessible', async () => {
    const user = await makeUser();
    const done = await finishedJob(user, [{ title: 'Cover' }, { text: 'Catchy caption', title: 'Caption' }], { prompt: 'A neon skyline at dusk' });
    await createJob(user, { prompt: 'A boat', status: 'processing', progress: 10 });
    const el = await mount(user);
    await expand(el, done.id, 2);
    await expect(el).to.be.accessible();
  });

  it('expands a job into a grid of its assets (a real disclosure button) with lazy thumbnails, and collapses it', async () => {
    const user = await makeUser();
    const job = await finishedJob(user, [{ title: 'One' }, { title: 'Two' }, { text: 'Three lines\nof copy\nhere', title: 'Copy' }], { prompt: 'Three outputs' });
    const el = await mount(user);
    const button = card(el, job.id).querySelector<HTMLButtonElement>('[part=disclosure]')!;
    expect(button.tagName).to.equal('BUTTON');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    await expand(el, job.id, 3);
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    const panel = shadow(el).getElementById(button.getAttribute('aria-controls')!)!;
    expect(panel.querySelector('[role=grid]')).not.to.equal(null);
    const imgs = [...panel.querySelectorAll('img')];
    expect(imgs).to.have.length(2);
    expect(imgs.every((i) => i.loading === 'lazy')).to.equal(true);
    await eventually(() => expect(imgs.every((i) => i.complete && i.naturalWidth > 0)).to.equal(true));
    // The text is a readable card: its first lines.
    expect(text(panel.querySelector('[data-kind=text] .text-preview'))).to.equal('Three lines of copy here');
    // The rows under it moved down by what it takes.
    expect(el.expandedJobs).to.deep.equal([job.id]);
    button.click();
    await eventually(() => expect(card(el, job.id).querySelectorAll('[part~=asset]')).to.have.length(0));
    expect(button.getAttribute('aria-expanded')).to.equal('false');
  });

  it('filters by status and asset type on the server, and Refresh finds a job started meanwhile', async () => {
    const user = await makeUser();
    const a = await createJob(user, { asset_type: 'banner', status: 'failed', error_message: 'x' });
    const b = await createJob(user, { asset_type: 'overlay', status: 'completed' });
    const el = await mount(user);
    const pick = async (key: string, value: string) => {
      await chooseOption($(el, `select[data-filter=${key}]`), value);
      await el.updateComplete;
    };
    await pick('status', 'failed');
    await eventually(() => expect(cards(el).map((c) => c.dataset.id)).to.deep.equal([a.id]));
    await pick('status', '');
    await pick('asset_type', 'overlay');
    await eventually(() => expect(cards(el).map((c) => c.dataset.id)).to.deep.equal([b.id]));
    await pick('asset_type', '');
    await eventually(() => expect(cards(el)).to.have.length(2));
    const c = await createJob(user, { asset_type: 'overlay', status: 'completed' });
    $<HTMLButtonElement>(el, '[part=refresh-button]').click();
    await eventually(() => expect(cards(el).map((x) => x.dataset.id)).to.deep.equal([c.id, b.id, a.id]));
  });

  it('polls while a job is queued or processing and stops once all are finished; a finished job shows its new files', async () => {
    const user = await makeUser();
    const job = await createJob(user, { prompt: 'Rendering', status: 'processing', progress: 20 });
    const el = await mount(user, { poll: 150 });
    await expand(el, job.id, 0);
    await eventually(() => expect(text(card(el, job.id).querySelector('.panel'))).to.equal('Files appear here when the job finishes.'));
    await updateJob(job.id, { progress: 70 });
    await eventually(() => expect(card(el, job.id).querySelector('[part=progress]')!.getAttribute('aria-valuenow')).to.equal('70'));
    await attachAsset(job.id, { title: 'Result' });
    await updateJob(job.id, { status: 'completed' });
    await eventually(() => expect(card(el, job.id).querySelector('[part~=badge]')!.getAttribute('data-status')).to.equal('completed'));
    await eventually(() => expect(card(el, job.id).querySelectorAll('[part~=asset]')).to.have.length(1));
    expect(text($(el, '[role=status][aria-live]'))).to.include('Completed');
    // Everything finished: no more requests.
    const spy = sinon.spy(globalThis, 'fetch');
    await sleep(600);
    expect(spy.args.filter(([u]) => String(u instanceof Request ? u.url : u).includes('/api/v1/jobs?'))).to.deep.equal([]);
  });

  it('pages 20 at a time: scrolling to the end and the "Load more" button both load the next page', async () => {
    const user = await makeUser();
    for (let i = 0; i < 45; i++) await createJob(user, { prompt: `job ${i}`, status: 'completed' });
    const el = await mount(user);
    expect(el.items).to.have.length(20);
    expect(el.total).to.equal(45);
    $<HTMLButtonElement>(el, '[part=load-more]').click();
    await eventually(() => expect(el.items).to.have.length(40));
    const scroller = $(el, '[part=scroller]');
    scroller.scrollTop = scroller.scrollHeight;
    await eventually(() => expect(el.items).to.have.length(45));
    await eventually(() => expect($$(el, '[part=load-more]')).to.have.length(0));
    // Only the cards in view (and a row either side) are in the DOM.
    expect(cards(el).length).to.be.below(12);
  });

  it('Copy URL copies a link that works without a token and says until when; Toggle visibility saves at once and survives a reload', async () => {
    const user = await makeUser();
    const job = await finishedJob(user, [{ title: 'Poster' }], { prompt: 'Share me' });
    const [assetId] = job.assetIds;
    const el = await mount(user);
    await expand(el, job.id, 1);
    // A real click (the clipboard wants a focused page and a user gesture); the spy calls through.
    const copied = sinon.spy(navigator.clipboard, 'writeText');
    // Hidden until the tile is hovered or focused: not even rendered.
    expect(tile(el, assetId!).querySelector('.copy-link')).to.equal(null);
    await userClick(await actionOf(el, assetId!, 'copy-link'));
    await eventually(() => expect(text($(el, '[part=toast]'))).to.match(/^Link copied — it works until .+\d/));
    const link = copied.args[0]![0];
    expect(link).to.match(/\/files\//);
    const asset = await apiGet<Asset>(`/api/v1/assets/${assetId}`, user.token);
    expect(new Date(text($(el, '[part=toast]')).replace(/^.*until /, '')).getTime()).to.be.at.most(Date.parse(asset.url_expires_at!));
    const res = await fetch(link);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('image/png');

    const toggle = () => tile(el, assetId!).querySelector<HTMLButtonElement>('.visibility')!;
    expect(toggle().getAttribute('aria-label')).to.equal('Make Poster public');
    toggle().click();
    // Shown at once, saved on the server.
    await el.updateComplete;
    expect(toggle().getAttribute('aria-label')).to.equal('Make Poster private');
    await eventually(async () => expect((await apiGet<Asset>(`/api/v1/assets/${assetId}`, user.token)).is_public).to.equal(true));
    copied.resetHistory();
    await userClick(await actionOf(el, assetId!, 'copy-link'));
    await eventually(() => expect(text($(el, '[part=toast]'))).to.equal('Public link copied — it works while the asset stays public'));
    expect(copied.args[0]![0]).to.equal(`${env.api}/api/v1/asset/${assetId}`);
    const again = await mount(user);
    await expand(again, job.id, 1);
    expect(tile(again, assetId!).querySelector('.visibility')!.getAttribute('aria-label')).to.equal('Make Poster private');
  });

  it('puts visibility back as it was when the API refuses the change', async () => {
    const user = await makeUser();
    const job = await finishedJob(user, [{ title: 'Gone soon' }], { prompt: 'Refused' });
    const [assetId] = job.assetIds;
    const el = await mount(user);
    await expand(el, job.id, 1);
    const errors: unknown[] = [];
    el.addEventListener('gs-error', (e) => errors.push(e.detail.error.status));
    // Trashed elsewhere: the change is refused (404).
    await fetch(`${env.api}/api/v1/assets/${assetId}`, { method: 'DELETE', headers: { authorization: `Bearer ${user.token}` } });
    const toggle = await actionOf(el, assetId!, 'visibility');
    toggle.click();
    await eventually(() => expect(text($(el, '[part=toast]'))).to.equal('Could not save the change. Nothing was changed.'));
    expect(tile(el, assetId!).querySelector('.visibility')!.getAttribute('aria-label')).to.equal('Make Gone soon public');
    expect(errors).to.deep.equal([404]);
  });

  it('works from the keyboard: arrows between cards, Enter shows the assets, arrows between tiles, Enter previews, Escape back to the card', async () => {
    const user = await makeUser();
    const older = await finishedJob(user, [{ title: 'A' }, { title: 'B' }], { prompt: 'Two files' });
    const newer = await createJob(user, { prompt: 'Nothing yet', status: 'queued' });
    const el = await mount(user);
    card(el, newer.id).focus();
    await press('ArrowDown');
    await eventually(() => expect(focused()?.dataset.id).to.equal(older.id));
    await press('Enter');
    await eventually(() => expect(card(el, older.id).querySelectorAll('[part~=asset]')).to.have.length(2));
    await press('Tab', 'Tab');
    expect(focused()?.dataset.tile).to.equal('0');
    await press('ArrowRight');
    await eventually(() => expect(focused()?.dataset.tile).to.equal('1'));
    await press('Enter');
    const preview = $(el, 'media-preview') as HTMLElement & { open: boolean; index: number };
    await eventually(() => expect(preview.open).to.equal(true));
    expect(preview.index).to.equal(1);
    await press('Escape');
    await eventually(() => expect(preview.open).to.equal(false));
    await eventually(() => expect(focused()?.dataset.tile).to.equal('1'));
    await press('Escape');
    await eventually(() => expect(focused()?.dataset.id).to.equal(older.id));
  });

  it('narrows to one project with the project attribute', async () => {
    const user = await makeUser();
    const a = await createJob(user, { project_name: 'Alpha' });
    await createJob(user, { project_name: 'Beta' });
    const projectId = (await apiGet<{ project_id: string }>(`/api/v1/jobs/${a.id}`, user.token)).project_id;
    const el = await mount(user, { project: projectId });
    expect(cards(el).map((c) => c.dataset.id)).to.deep.equal([a.id]);
  });
});

describe('<asset-gallery> not grouped (seed 004)', () => {
  async function library(user: User) {
    const img = await finishedJob(user, [{ title: 'Mug photo' }], { prompt: 'a matte ceramic mug' });
    const txt = await finishedJob(user, [{ text: 'Sip slowly.\nMade by hand.\nEvery mug is one of a kind.', title: 'Listing copy' }], { prompt: 'Amazon listing' });
    const res = await fetch(`${env.api}/api/v1/jobs/${img.id}/assets?kind=video&title=Clip`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.ingestToken}`, 'content-type': 'video/mp4' },
      body: new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, ...Array(40).fill(1)]),
    });
    const video = ((await res.json()) as { id: string }).id;
    return { image: img.assetIds[0]!, text: txt.assetIds[0]!, video };
  }

  it('renders', async () => {
    const user = await makeUser();
    const ids = await library(user);
    const el = await mount(user, { groupBy: 'none' });
    expect(text($(el, '[part=title]'))).to.equal('Gallery');
    expect($$(el, '[role=tab]').map((t) => text(t))).to.deep.equal(['All', 'Images', 'Videos', 'Texts']);
    expect(tiles(el).map((t) => t.dataset.id)).to.deep.equal([ids.video, ids.text, ids.image]);
    // A text as a readable card with a copy button; a video with its first frame as poster.
    expect(text(tile(el, ids.text).querySelector('.text-preview'))).to.equal('Sip slowly. Made by hand. Every mug is one of a kind.');
    expect(await actionOf(el, ids.text, 'copy-text')).not.to.equal(null);
    const video = tile(el, ids.video).querySelector('video')!;
    expect(video.muted).to.equal(true);
    expect(video.preload).to.equal('metadata');
    expect(video.paused).to.equal(true);
  });

  it('is accessible', async () => {
    const user = await makeUser();
    await library(user);
    const el = await mount(user, { groupBy: 'none' });
    await expect(el).to.be.accessible();
    tiles(el)[0]!.querySelector<HTMLElement>('[data-select=toggle]')!.click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('tabs show only images, videos or texts; the search (debounced) looks at prompts, titles and text', async () => {
    const user = await makeUser();
    const ids = await library(user);
    const el = await mount(user, { groupBy: 'none' });
    const tab = (name: string) => $$(el, '[role=tab]').find((t) => text(t) === name)!;
    for (const [name, id] of [['Images', ids.image], ['Videos', ids.video], ['Texts', ids.text]] as const) {
      tab(name).click();
      await eventually(() => expect(tiles(el).map((t) => t.dataset.id)).to.deep.equal([id]));
      expect(tab(name).getAttribute('aria-selected')).to.equal('true');
    }
    tab('All').click();
    await eventually(() => expect(tiles(el)).to.have.length(3));
    const search = $<HTMLInputElement>(el, '[part=search]');
    await userClick(search);
    await typeText('one of a kind');
    await eventually(() => expect(tiles(el).map((t) => t.dataset.id)).to.deep.equal([ids.text]));
    await press('Control+a', 'Backspace');
    await typeText('ceramic');
    // By the prompt of the job that made them.
    await eventually(() => expect(tiles(el).map((t) => t.dataset.id).sort()).to.deep.equal([ids.image, ids.video].sort()));
  });

  it('sorts oldest first', async () => {
    const user = await makeUser();
    const ids = await library(user);
    const el = await mount(user, { groupBy: 'none' });
    await chooseOption($(el, 'select[data-filter=sort]'), 'oldest');
    await eventually(() => expect(tiles(el).map((t) => t.dataset.id)).to.deep.equal([ids.image, ids.text, ids.video]));
  });

  it('stars an asset (saved at once, kept after a reload) and the Favourites filter shows only starred ones', async () => {
    const user = await makeUser();
    const ids = await library(user);
    const el = await mount(user, { groupBy: 'none' });
    const changes: string[] = [];
    el.addEventListener('gs-asset-change', (e) => changes.push(`${e.detail.change}:${e.detail.asset.favorite}`));
    await actionOf(el, ids.text, 'favourite');
    const star = () => tile(el, ids.text).querySelector<HTMLButtonElement>('.favourite')!;
    star().click();
    await el.updateComplete;
    expect(star().getAttribute('aria-label')).to.equal('Remove Listing copy from favourites');
    await eventually(() => expect(changes).to.deep.equal(['favorite:true']));
    expect((await apiGet<Asset>(`/api/v1/assets/${ids.text}`, user.token)).favorite).to.equal(true);
    $<HTMLButtonElement>(el, '[part=favourites-button]').click();
    await eventually(() => expect(tiles(el).map((t) => t.dataset.id)).to.deep.equal([ids.text]));
    expect($(el, '[part=favourites-button]').getAttribute('aria-pressed')).to.equal('true');
    const again = await mount(user, { groupBy: 'none' });
    expect(tile(again, ids.text).querySelector('.favourite')!.getAttribute('aria-label')).to.equal('Remove Listing copy from favourites');
  });

  it('plays a video muted while the pointer rests on it, and never with reduced motion', async () => {
    const user = await makeUser();
    const ids = await library(user);
    const el = await mount(user, { groupBy: 'none' });
    el.hoverDelay = 50;
    const t = tile(el, ids.video);
    const video = t.querySelector('video')!;
    const play = sinon.spy(video, 'play');
    await userHover(t);
    await eventually(() => expect(play).to.have.been.called);
    expect(video.muted).to.equal(true);
    await userUnhover();
    await eventually(() => expect(video.paused).to.equal(true));
    play.resetHistory();
    await emulateMedia({ reducedMotion: 'reduce' });
    await userHover(t);
    await sleep(200);
    expect(play).not.to.have.been.called;
  });

  it('selects with the checkbox and shift-click, downloads the selection as one ZIP, deletes it with a confirmation and Undo', async () => {
    const user = await makeUser();
    const ids = await library(user);
    const el = await mount(user, { groupBy: 'none' });
    tile(el, ids.video).querySelector<HTMLElement>('[data-select=toggle]')!.click();
    tile(el, ids.text).dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, shiftKey: true }));
    await el.updateComplete;
    expect(text($(el, '[part=selection-bar] .count'))).to.equal('2 selected');
    expect(tile(el, ids.text).getAttribute('aria-selected')).to.equal('true');

    const blob = captureBlob();
    const sent = downloadsSent();
    $<HTMLButtonElement>(el, '.bulk-download').click();
    await eventually(() => expect(text($(el, '[part=toast]'))).to.match(/^Downloaded 3 files$/));
    expect(sent).to.deep.equal([{ asset_ids: [ids.video, ids.text] }]);
    expect(blob.blob()!.size).to.be.above(0);
    sinon.restore();
    

    $<HTMLButtonElement>(el, '.bulk-delete').click();
    await eventually(() => expect(text($(el, '#confirm-text'))).to.equal('Delete 2 items? They move to the trash and can be restored.'));
    $<HTMLButtonElement>(el, '.confirm-dialog .ok').click();
    await eventually(() => expect(tiles(el).map((t) => t.dataset.id)).to.deep.equal([ids.image]));
    expect((await apiGet<{ total: number }>('/api/v1/assets', user.token)).total).to.equal(1);
    $<HTMLButtonElement>(el, '[part=toast] .undo').click();
    await eventually(() => expect(tiles(el)).to.have.length(3));
    expect((await apiGet<{ total: number }>('/api/v1/assets', user.token)).total).to.equal(3);
  });

  it('"select all N matching" downloads by the same filter on the server', async () => {
    const user = await makeUser();
    await library(user);
    const el = await mount(user, { groupBy: 'none' });
    tiles(el)[0]!.querySelector<HTMLElement>('[data-select=toggle]')!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, '.select-all').click();
    await el.updateComplete;
    expect(text($(el, '.confirm-all'))).to.equal('Select all 3 items that match the current filters?');
    $<HTMLButtonElement>(el, '.confirm-all-ok').click();
    await el.updateComplete;
    expect(text($(el, '[part=selection-bar] .count'))).to.equal('All 3 matching items selected');
    captureBlob();
    const sent = downloadsSent();
    $<HTMLButtonElement>(el, '.bulk-download').click();
    await eventually(() => expect(text($(el, '[part=toast]'))).to.match(/^Downloaded 4 files$/));
    expect(sent).to.deep.equal([{ asset_filter: {} }]);
  });

  it('works from the keyboard: arrows, Space selects, Enter previews, Escape clears', async () => {
    const user = await makeUser();
    const ids = await library(user);
    const el = await mount(user, { groupBy: 'none' });
    tile(el, ids.video).focus();
    await press('ArrowRight');
    await eventually(() => expect(focused()?.dataset.id).to.equal(ids.text));
    await press(' ');
    await eventually(() => expect(tile(el, ids.text).getAttribute('aria-selected')).to.equal('true'));
    await press('Enter');
    const preview = $(el, 'media-preview') as HTMLElement & { open: boolean };
    await eventually(() => expect(preview.open).to.equal(true));
    await press('Escape');
    await eventually(() => expect(preview.open).to.equal(false));
    await press('Escape');
    await eventually(() => expect($$(el, '[part=selection-bar]')).to.have.length(0));
  });

  it('keeps 10,000 assets in a window: fewer than 100 tiles in the DOM, the end reachable', async () => {
    const user = await makeUser();
    const el = await mount(user, { groupBy: 'none' });
    const now = new Date().toISOString();
    el.items = Array.from({ length: 10_000 }, (_, i): Asset => ({ id: `a-${i}`, job_id: 'j', kind: i % 3 ? 'image' : 'text', asset_type: null, title: `Item ${i}`, mime: null, url: null, download_url: null, public_url: null, width: null, height: null, duration: null, file_size: null, is_public: false, favorite: false, text: i % 3 ? null : `Text ${i}`, created_at: now }));
    await el.updateComplete;
    expect(tiles(el).length).to.be.above(0);
    expect(tiles(el).length).to.be.below(100);
    const scroller = $(el, '[part=scroller]');
    scroller.scrollTop = scroller.scrollHeight;
    await eventually(() => expect(tiles(el).some((t) => t.dataset.id === 'a-9999')).to.equal(true));
    expect(tiles(el).length).to.be.below(100);
  });
});

describe('<asset-gallery> states', () => {
  it('an empty account: "No assets yet" and a call to action (a link with cta-href, else gs-create); the empty slot replaces it', async () => {
    const user = await makeUser();
    const el = await mount(user);
    expect(text($(el, '[part=empty] h3'))).to.equal('No assets yet');
    const cta = $(el, '[part=cta]');
    expect(cta.tagName).to.equal('BUTTON');
    expect(text(cta)).to.equal('Generate your first asset');
    const created: unknown[] = [];
    el.addEventListener('gs-create', (e) => created.push(e.detail));
    cta.click();
    expect(created).to.deep.equal([{ project: null }]);
    await expect(el).to.be.accessible();
    el.ctaHref = '/create';
    await el.updateComplete;
    expect($(el, '[part=cta]').getAttribute('href')).to.equal('/create');
    const slotted = await fixture<AssetGallery>(html`<asset-gallery api=${env.api} token=${user.token}><p slot="empty">Make something</p></asset-gallery>`);
    await eventually(() => expect(shadow(slotted).querySelector<HTMLSlotElement>('slot[name=empty]')?.assignedElements()).to.have.length(1));
  });

  it('shows skeletons while loading, and an error with Retry when the API refuses', async () => {
    const never = await fixture<AssetGallery>(html`<asset-gallery api=${env.api} .tokenProvider=${() => new Promise<string>(() => {})}></asset-gallery>`);
    await eventually(() => expect(shadow(never).querySelectorAll('.skeleton').length).to.be.above(0));
    expect(shadow(never).querySelector('[role=status][aria-label]')!.getAttribute('aria-label')).to.equal('Loading your assets');
    const el = await mount('not-a-token', { groupBy: 'none' });
    expect(text($(el, '[part=error]'))).to.include('Sign in to see your assets.');
    const retry = sinon.spy(globalThis, 'fetch');
    $<HTMLButtonElement>(el, '[part=retry-button]').click();
    await eventually(() => expect(retry).to.have.been.called);
    await expect(el).to.be.accessible();
  });

  it('on a 390 px phone: no scroller inside the page, two columns, targets at least 24 px', async () => {
    const user = await makeUser();
    await finishedJob(user, [{ title: 'One' }, { title: 'Two' }, { text: 'Copy', title: 'Three' }]);
    const el = await mount(user, { groupBy: 'none', width: 390 });
    const scroller = $(el, '[part=scroller]');
    await eventually(() => expect(getComputedStyle(scroller).overflowY).to.equal('visible'));
    expect(scroller.scrollHeight).to.be.at.most(scroller.clientHeight + 1);
    await eventually(() => expect($(el, '[part=grid]').getAttribute('aria-colcount')).to.equal('2'));
    await actionOf(el, tiles(el)[0]!.dataset.id!, 'download');
    expect(tiles(el)[0]!.querySelectorAll('.action').length).to.be.above(2);
    for (const b of $$(el, '.action, [role=tab], [part=favourites-button]')) {
      const r = b.getBoundingClientRect();
      if (!r.width) continue;
      expect(Math.min(r.width, r.height), b.className).to.be.at.least(24);
    }
  });
});
