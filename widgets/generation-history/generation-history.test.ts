/**
 * `<generation-history>` in Chromium against the real API (issue 14 §1–2): seed 002's previous
 * generations — the grid, live progress, hover previews through `/video/…` links, the player, an
 * expired link renewed for real (the API's clock moved past it), anonymous visitors, and the claim
 * of their work when the host signs them in.
 */
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { clientFor } from '../base/api-client.ts';
import type { MediaPreview } from '../media-preview/media-preview.ts';
import { anonymousVisitor, emulateMedia, env, eventually, makeUser, moveApiClock, ownedJob, press, shadow, signToken, sleep, text, updateJob, userClick, userHover, userUnhover, videoJob, type User } from '../test/fixtures.ts';
import type { GenerationHistory } from './generation-history.ts';
import './define.ts';

const $ = <T extends HTMLElement = HTMLElement>(el: GenerationHistory, selector: string) => shadow(el).querySelector<T>(selector)!;
const $$ = <T extends Element = HTMLElement>(el: GenerationHistory, selector: string) => [...shadow(el).querySelectorAll<T>(selector)];
const tiles = (el: GenerationHistory) => $$(el, '[part~=item]');
const tile = (el: GenerationHistory, id: string) => $(el, `[part~=item][data-id="${id}"]`);
const ids = (el: GenerationHistory) => tiles(el).map((t) => t.dataset.id);
const preview = (el: GenerationHistory) => $<MediaPreview>(el, 'media-preview');
const inPreview = (el: GenerationHistory, selector: string) => preview(el).shadowRoot!.querySelector<HTMLElement>(selector);
const shown = (el: GenerationHistory) => () => expect(tiles(el).length + $$(el, '[part=empty], [part=error]').length).to.be.above(0);
/** The focused element through shadow roots. */
const focused = () => {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
};

/** A user whose token outlives a moved clock. */
async function longUser(): Promise<User> {
  const sub = `widget-${crypto.randomUUID()}`;
  return { sub, token: await signToken(sub, 3 * 86_400) };
}

async function mount(owner: User | string, attrs: { type?: string; app?: string; width?: number; poll?: number } = {}) {
  const token = typeof owner === 'string' ? owner : owner.token;
  const el = await fixture<GenerationHistory>(
    html`<generation-history api=${env.api} token=${token} type=${attrs.type ?? 'video'} app=${attrs.app ?? ''} poll-interval=${attrs.poll ?? 2000} hover-delay="50" style="--gs-generation-history-height: 600px; width: ${attrs.width ?? 960}px"></generation-history>`,
  );
  await eventually(shown(el));
  return el;
}

describe('<generation-history>', () => {
  it('renders', async () => {
    const user = await makeUser();
    const failed = await ownedJob(user, { prompt: 'A kite over the dunes', status: 'failed', error_message: 'The provider timed out' });
    const done = await videoJob(user, { prompt: 'A paper boat sailing down a rainy street' }, 5);
    const running = await ownedJob(user, { prompt: 'An astronaut cat', status: 'processing', progress: 40 });
    await ownedJob(user, { app_id: 'brand-studio', prompt: 'A banner', status: 'completed' });
    const el = await mount(user);
    expect(text($(el, '[part=title]'))).to.equal('Previous generations');
    await eventually(() => expect(ids(el)).to.deep.equal([running.id, done, failed.id]));
    expect(text($(el, '[part=count]'))).to.equal('3 videos');
    const d = tile(el, done);
    expect(text(d.querySelector('[part=prompt]'))).to.equal('A paper boat sailing down a rainy street');
    expect(text(d.querySelector('[part=duration]'))).to.equal('0:05');
    expect(text(d.querySelector('[part=time]'))).to.match(/now|second/);
    expect(d.querySelector('[part~=badge]')).to.equal(null);
    const video = d.querySelector('video')!;
    expect(new URL(video.src).pathname).to.match(/^\/video\/[0-9a-f-]{36}$/);
    expect(video.poster).to.match(/\/files\//);
    expect(video.muted).to.equal(true);
    const r = tile(el, running.id);
    expect(r.querySelector('[part~=badge]')!.getAttribute('data-status')).to.equal('processing');
    expect(r.querySelector('[part=progress]')!.getAttribute('aria-valuenow')).to.equal('40');
    expect(text(r.querySelector('.state'))).to.equal('40%');
    expect(text(tile(el, failed.id).querySelector('[part~=badge]'))).to.equal('Failed');
    expect(text(tile(el, failed.id).querySelector('.state'))).to.equal('The provider timed out');
  });

  it('is accessible', async () => {
    const user = await makeUser();
    await videoJob(user);
    await ownedJob(user, { status: 'processing', progress: 10 });
    await ownedJob(user, { status: 'failed', error_message: 'Nope' });
    const el = await mount(user);
    await eventually(() => expect(tiles(el)).to.have.length(3));
    await expect(el).to.be.accessible();
    await userClick(tiles(el).find((t) => t.dataset.kind === 'video')!);
    await eventually(() => expect(preview(el).open).to.equal(true));
    await expect(preview(el)).to.be.accessible();
  });

  it('shows images or everything with type, and one app with app', async () => {
    const user = await makeUser();
    const video = await videoJob(user, { prompt: 'A clip' });
    const image = await ownedJob(user, { app_id: 'brand-studio', prompt: 'A banner' });
    const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
    await fetch(`${env.api}/api/v1/jobs/${image.id}/assets`, { method: 'POST', headers: { authorization: `Bearer ${env.ingestToken}`, 'content-type': 'image/png' }, body: png });
    await updateJob(image.id, { status: 'processing' });
    await updateJob(image.id, { status: 'completed' });
    const el = await mount(user, { type: 'image' });
    await eventually(() => expect(ids(el)).to.deep.equal([image.id]));
    expect(tile(el, image.id).querySelector('img')!.src).to.match(/\/files\//);
    expect(text($(el, '[part=count]'))).to.equal('1 image');
    el.type = 'all';
    await eventually(() => expect(ids(el)).to.deep.equal([image.id, video]));
    el.app = 'text-to-video';
    await eventually(() => expect(ids(el)).to.deep.equal([video]));
  });

  it('pages 20 at a time (seed 002\'s limit/skip): scrolling to the end and "Load more" both load the next page', async () => {
    const user = await makeUser();
    for (let i = 0; i < 45; i++) await ownedJob(user, { prompt: `Generation ${i}`, status: 'failed', error_message: 'x' });
    // Three columns: the first page's last row sits well above the "two rows from the end" prefetch
    // line, so the next page waits for the scroll (at 960 px it may be fetched on its own).
    const el = await mount(user, { width: 700 });
    await eventually(() => expect(el.items).to.have.length(20));
    expect(el.total).to.equal(45);
    const scroller = $(el, '[part=scroller]');
    scroller.scrollTop = scroller.scrollHeight;
    await eventually(() => expect(el.items).to.have.length(40));
    await eventually(() => expect($(el, '[part=load-more]').hasAttribute('disabled')).to.equal(false));
    $<HTMLButtonElement>(el, '[part=load-more]').click();
    await eventually(() => expect(el.items).to.have.length(45));
    expect(new Set(el.items.map((g) => g.id)).size).to.equal(45);
    await eventually(() => expect($(el, '[part=load-more]')).to.equal(null));
  });

  it('previews a video muted while the pointer rests on it or the keyboard is on it, never with reduced motion', async () => {
    const user = await makeUser();
    const id = await videoJob(user);
    const el = await mount(user);
    const t = tile(el, id);
    const video = t.querySelector('video')!;
    const play = sinon.spy(video, 'play');
    await userHover(t);
    await eventually(() => expect(play).to.have.been.called);
    expect(video.muted).to.equal(true);
    await eventually(() => expect(video.paused).to.equal(false));
    await userUnhover();
    await eventually(() => expect(video.paused).to.equal(true));
    play.resetHistory();
    t.blur();
    document.body.focus();
    await press('Tab');
    expect(focused()?.dataset.id).to.equal(id);
    await eventually(() => expect(play).to.have.been.called);
    await press('Shift+Tab');
    await eventually(() => expect(video.paused).to.equal(true));
    play.resetHistory();
    await emulateMedia({ reducedMotion: 'reduce' });
    await userHover(t);
    await sleep(250);
    expect(play).not.to.have.been.called;
  });

  it('opens the player: autoplays, full screen, Download, prompt and details, arrows between generations, Escape closes and gives focus back', async () => {
    const user = await makeUser();
    const older = await videoJob(user, { prompt: 'The older clip', params: { style: 'watercolor' } });
    const newer = await videoJob(user, { prompt: 'The newer clip' });
    await ownedJob(user, { prompt: 'Still going', status: 'processing', progress: 5 });
    const el = await mount(user);
    await eventually(() => expect(tiles(el)).to.have.length(3));
    await userClick(tile(el, newer));
    await eventually(() => expect(preview(el).open).to.equal(true));
    const video = () => inPreview(el, '[part=video]') as HTMLVideoElement;
    await eventually(() => expect(video().paused).to.equal(false));
    expect(new URL(video().src).pathname).to.match(/^\/video\//);
    expect(text(inPreview(el, '[part=title]'))).to.equal('The newer clip');
    expect(text(inPreview(el, '[part=info] .prompt'))).to.equal('The newer clip');
    expect(text(inPreview(el, '.position'))).to.equal('1 of 2');
    expect(inPreview(el, '[part=download-button]')).not.to.equal(null);
    // Headless Chromium does not go full screen: the request, on the stage, is what is checked.
    const fullscreen = sinon.stub(Element.prototype, 'requestFullscreen').resolves();
    await userClick(inPreview(el, '[part=fullscreen-button]')!);
    expect(fullscreen).to.have.been.calledOnce;
    expect(fullscreen.firstCall.thisValue).to.equal(inPreview(el, '.stage-wrap'));
    fullscreen.restore();
    await press('ArrowRight');
    await eventually(() => expect(text(inPreview(el, '[part=title]'))).to.equal('The older clip'));
    expect(text(inPreview(el, '[part=info] .params'))).to.include('watercolor');
    await press('ArrowLeft');
    await eventually(() => expect(text(inPreview(el, '[part=title]'))).to.equal('The newer clip'));
    await press('Escape');
    await eventually(() => expect(preview(el).open).to.equal(false));
    expect(focused()?.dataset.id).to.equal(newer);
    void older;
  });

  it('Download saves the video through its /video/… link as a file', async () => {
    const user = await makeUser();
    const id = await videoJob(user, { prompt: 'Save me' });
    const el = await mount(user);
    await userClick(tile(el, id));
    await eventually(() => expect(preview(el).open).to.equal(true));
    const href = el.items[0]!.media!.download_url;
    expect(href).to.match(/\/video\/[0-9a-f-]{36}\?download=1$/);
    const res = await fetch(href);
    expect(res.headers.get('content-disposition')).to.match(/^attachment/);
    expect(res.headers.get('content-type')).to.equal('video/mp4');
  });

  it('a generation still running says so instead of opening; its progress updates live and it opens once done, while polling stops', async () => {
    const user = await makeUser();
    const job = await ownedJob(user, { prompt: 'Slowly', status: 'processing', progress: 10 });
    const el = await mount(user, { poll: 200 });
    await userClick(tile(el, job.id));
    await eventually(() => expect(text($(el, '[part=toast]'))).to.include('still being generated'));
    expect(preview(el).open).to.equal(false);
    await updateJob(job.id, { progress: 70 });
    await eventually(() => expect(tile(el, job.id).querySelector('[part=progress]')!.getAttribute('aria-valuenow')).to.equal('70'));
    // A new generation appears on top while the list polls.
    const next = await ownedJob(user, { prompt: 'Right after', status: 'queued' });
    await eventually(() => expect(ids(el)[0]).to.equal(next.id));
    expect(text(tile(el, next.id).querySelector('[part~=badge]'))).to.equal('Queued');
    await updateJob(next.id, { status: 'failed', error_message: 'x' });
    const done = await videoJob(user, { prompt: 'Done' });
    await updateJob(job.id, { status: 'failed', error_message: 'gave up' });
    await eventually(() => expect(ids(el)).to.deep.equal([done, next.id, job.id]));
    await eventually(() => expect(el.items.map((g) => g.status)).to.deep.equal(['completed', 'failed', 'failed']));
    await eventually(() => expect(text(shadow(el).querySelector('[role=status][aria-live]'))).to.match(/new generation|Failed/));
    const fetches = sinon.spy(globalThis, 'fetch');
    await sleep(700);
    expect(fetches.args.filter(([u]) => String(u).includes('/api/user-generations'))).to.have.length(0);
  });

  it('an expired /video/… link (the API\'s clock moved past it) is renewed by reading the generation again, and the video plays on', async () => {
    const user = await longUser();
    const id = await videoJob(user, { prompt: 'Expiring' }, 3);
    const el = await mount(user);
    const listed = el.items[0]!.media!.url;
    // A day and more later: the link the page holds has expired.
    await moveApiClock(25 * 3_600_000);
    expect((await fetch(listed, { method: 'HEAD' })).status).to.equal(404);
    const fetches = sinon.spy(globalThis, 'fetch');
    await userClick(tile(el, id));
    await eventually(() => expect(preview(el).open).to.equal(true));
    const video = () => inPreview(el, '[part=video]') as HTMLVideoElement;
    await eventually(() => expect(fetches.args.some(([u]) => String(u).endsWith(`/api/user-generations/${id}`))).to.equal(true), { timeout: 8000 });
    await eventually(() => {
      expect(video().readyState).to.be.at.least(2);
      expect(video().error).to.equal(null);
    }, { timeout: 8000 });
    expect((await fetch(el.items[0]!.media!.url, { method: 'HEAD' })).status).to.equal(200);
    // It expires again while it plays, at 1.5 s: the renewed video resumes there. The browser keeps
    // the bytes it has (the link's max-age), so the request a long pause or a seek into what is not
    // buffered would make is made here by pointing the video at the link's uncached form.
    video().pause();
    video().currentTime = 1.5;
    await eventually(() => expect(video().seeking).to.equal(false));
    video().dispatchEvent(new Event('pause'));
    await moveApiClock(25 * 3_600_000);
    fetches.resetHistory();
    const link = el.items[0]!.media!.url;
    expect((await fetch(`${link}?again=1`, { method: 'HEAD' })).status).to.equal(404);
    video().src = `${link}?again=1`;
    await eventually(() => expect(fetches.args.some(([u]) => String(u).endsWith(`/api/user-generations/${id}`))).to.equal(true), { timeout: 8000 });
    await eventually(() => {
      expect(video().src).to.equal(link);
      expect(video().readyState).to.be.at.least(1);
      expect(video().currentTime).to.be.closeTo(1.5, 0.3);
    }, { timeout: 8000 });
  });

  it('a tile\'s preview whose link expired is renewed and previews', async () => {
    const user = await longUser();
    const id = await videoJob(user, { prompt: 'Hover later' });
    const el = await mount(user);
    await moveApiClock(25 * 3_600_000);
    const fetches = sinon.spy(globalThis, 'fetch');
    const t = tile(el, id);
    await userHover(t);
    await eventually(() => expect(fetches.args.some(([u]) => String(u).endsWith(`/api/user-generations/${id}`))).to.equal(true), { timeout: 8000 });
    await eventually(() => expect(t.querySelector('video')!.paused).to.equal(false), { timeout: 8000 });
  });

  it('works from the keyboard: arrows, Home/End, Enter and Space open', async () => {
    const user = await makeUser();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.unshift(await videoJob(user, { prompt: `Clip ${i}` }));
    const el = await mount(user);
    await eventually(() => expect(tiles(el)).to.have.length(3));
    tiles(el)[0]!.focus();
    await press('ArrowRight');
    expect(focused()?.dataset.id).to.equal(made[1]);
    await press('End');
    expect(focused()?.dataset.id).to.equal(made[2]);
    await press('Home');
    expect(focused()?.dataset.id).to.equal(made[0]);
    await press('Enter');
    await eventually(() => expect(preview(el).open).to.equal(true));
    await press('Escape');
    await eventually(() => expect(preview(el).open).to.equal(false));
    await press('ArrowRight', ' ');
    await eventually(() => expect(text(inPreview(el, '[part=title]'))).to.equal('Clip 1'));
  });
});

describe('<generation-history> for anonymous visitors and their sign-in', () => {
  // Each test is a new visitor: nothing stored, and the page's anonymous client starts a new session.
  const newVisitor = () => {
    localStorage.clear();
    clientFor(env.api, { kind: 'anonymous' }).forgetToken();
  };
  beforeEach(newVisitor);
  afterEach(newVisitor);

  it('an anonymous visitor sees their own generations, kept under their session across reloads', async () => {
    const el = await fixture<GenerationHistory>(html`<generation-history api=${env.api} anonymous></generation-history>`);
    await eventually(() => expect(text($(el, '[part=empty] h3'))).to.equal('No videos yet'));
    const stored = JSON.parse(localStorage.getItem(`genshelf.anonymous-session:${env.api}`)!) as { session_id: string; token: string };
    const id = await videoJob(stored, { prompt: 'Made before signing up' });
    await el.refresh();
    await eventually(() => expect(ids(el)).to.deep.equal([id]));
    // A reload: a new element, the same browser storage, the same session.
    el.remove();
    const again = await fixture<GenerationHistory>(html`<generation-history api=${env.api} anonymous></generation-history>`);
    await eventually(() => expect(ids(again)).to.deep.equal([id]));
  });

  it('signing in claims the visitor\'s work once per page: announced, gs-claimed, the session forgotten, items now the user\'s', async () => {
    const a = await fixture<GenerationHistory>(html`<generation-history api=${env.api} anonymous claim-on-sign-in></generation-history>`);
    const b = await fixture<GenerationHistory>(html`<generation-history api=${env.api} anonymous claim-on-sign-in type="all"></generation-history>`);
    await eventually(shown(a));
    const key = `genshelf.anonymous-session:${env.api}`;
    const visitor = JSON.parse(localStorage.getItem(key)!) as { session_id: string; token: string };
    const made = [await videoJob(visitor, { prompt: 'One' }), await videoJob(visitor, { prompt: 'Two' }), (await ownedJob(visitor, { prompt: 'Three', status: 'processing', progress: 5 })).id];
    await a.refresh();
    await eventually(() => expect(ids(a)).to.have.members(made));
    const claimed: unknown[] = [];
    document.addEventListener('gs-claimed', (e) => claimed.push(e.detail));
    const fetches = sinon.spy(globalThis, 'fetch');
    // The host signs the visitor in.
    const user = await makeUser();
    a.token = user.token;
    b.token = user.token;
    await eventually(() => expect(claimed).to.have.length(1));
    expect(claimed[0]).to.deep.include({ session_id: visitor.session_id });
    expect((claimed[0] as { moved: { jobs: number } }).moved.jobs).to.equal(3);
    expect(fetches.args.filter(([u]) => String(u).endsWith('/api/v1/sessions/claim'))).to.have.length(1);
    await eventually(() => expect(text($(a, '[part=toast]'))).to.equal('3 generations moved to your account'));
    expect(text(shadow(a).querySelector('[role=status][aria-live]'))).to.equal('3 generations moved to your account');
    expect($(b, '[part=toast]')).to.equal(null);
    expect(localStorage.getItem(key)).to.equal(null);
    await eventually(() => expect(ids(a)).to.have.members(made));
    await eventually(() => expect(ids(b)).to.have.members(made));
    const asUser = (await (await fetch(`${env.api}/api/user-generations?type=all`, { headers: { authorization: `Bearer ${user.token}` } })).json()) as { generations: { id: string; user_id: string }[] };
    expect(asUser.generations.map((g) => g.id)).to.have.members(made);
    const asVisitor = (await (await fetch(`${env.api}/api/user-generations?type=all`, { headers: { authorization: `Bearer ${visitor.token}` } })).json()) as { generations: unknown[] };
    expect(asVisitor.generations).to.deep.equal([]);
    document.removeEventListener('gs-claimed', (e) => claimed.push(e.detail));
  });

  it('a failed claim keeps the anonymous session and says why', async () => {
    const visitor = await anonymousVisitor();
    const key = `genshelf.anonymous-session:${env.api}`;
    localStorage.setItem(key, JSON.stringify(visitor));
    // Someone else claimed it first (another device): the API refuses this one.
    const other = await makeUser();
    const first = await fetch(`${env.api}/api/v1/sessions/claim`, { method: 'POST', headers: { authorization: `Bearer ${other.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ anonymous_token: visitor.token }) });
    expect(first.status).to.equal(200);
    const errors: unknown[] = [];
    const el = await fixture<GenerationHistory>(html`<generation-history api=${env.api} anonymous claim-on-sign-in @gs-error=${(e: CustomEvent) => errors.push(e.detail)}></generation-history>`);
    await eventually(shown(el));
    el.token = (await makeUser()).token;
    await eventually(() => expect(text($(el, '[part=toast]'))).to.match(/^Your generations stay in this browser for now: .+/));
    expect(errors).to.have.length(1);
    expect(JSON.parse(localStorage.getItem(key)!).token).to.equal(visitor.token);
  });
});

describe('<generation-history> states', () => {
  it('an empty history: "No videos yet", a call to action (a link with cta-href, else gs-create), the cta slot replaces it', async () => {
    const user = await makeUser();
    const el = await mount(user);
    expect(text($(el, '[part=empty] h3'))).to.equal('No videos yet');
    // Seen, not only there: on a wide screen the message takes the height it needs inside the card
    // (a size-contained scroller once clipped it to nothing).
    const scroller = $(el, '[part=scroller]').getBoundingClientRect();
    expect(scroller.height).to.be.above(100);
    expect($(el, '[part=cta]').getBoundingClientRect().bottom).to.be.at.most(scroller.bottom);
    const created: unknown[] = [];
    el.addEventListener('gs-create', (e) => created.push(e.detail));
    $(el, '[part=cta]').click();
    expect(created).to.deep.equal([{ project: null }]);
    await expect(el).to.be.accessible();
    el.ctaHref = '/create';
    await el.updateComplete;
    expect($(el, '[part=cta]').getAttribute('href')).to.equal('/create');
    el.type = 'image';
    await eventually(() => expect(text($(el, '[part=empty] h3'))).to.equal('No images yet'));
    const slotted = await fixture<GenerationHistory>(html`<generation-history api=${env.api} token=${user.token}><a slot="cta" href="/make">Make one</a></generation-history>`);
    await eventually(() => expect(shadow(slotted).querySelector<HTMLSlotElement>('slot[name=cta]')?.assignedElements()).to.have.length(1));
  });

  it('shows skeletons while loading, and an error with Retry when the API refuses', async () => {
    const never = await fixture<GenerationHistory>(html`<generation-history api=${env.api} .tokenProvider=${() => new Promise<string>(() => {})}></generation-history>`);
    await eventually(() => expect(shadow(never).querySelectorAll('.skeleton').length).to.be.above(0));
    expect(shadow(never).querySelector('[role=status][aria-label]')!.getAttribute('aria-label')).to.equal('Loading your generations');
    const el = await mount('not-a-token');
    expect(text($(el, '[part=error]'))).to.include('Sign in to see your generations.');
    const retry = sinon.spy(globalThis, 'fetch');
    $<HTMLButtonElement>(el, '[part=retry-button]').click();
    await eventually(() => expect(retry).to.have.been.called);
    await expect(el).to.be.accessible();
  });

  it('on a 390 px phone: no scroller inside the page, two columns, the tiles at least 24 px', async () => {
    const user = await makeUser();
    for (let i = 0; i < 3; i++) await videoJob(user, { prompt: `Clip ${i}` });
    const el = await mount(user, { width: 390 });
    const scroller = $(el, '[part=scroller]');
    await eventually(() => expect(getComputedStyle(scroller).overflowY).to.equal('visible'));
    expect(scroller.scrollHeight).to.be.at.most(scroller.clientHeight + 1);
    await eventually(() => expect($(el, '[part=grid]').getAttribute('aria-colcount')).to.equal('2'));
    for (const t of tiles(el)) expect(t.getBoundingClientRect().width).to.be.above(120);
  });
});
