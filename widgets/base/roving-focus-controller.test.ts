import { expect, fixture, html } from '@open-wc/testing';
import { env, eventually, makeUser, press } from '../test/fixtures.ts';
import '../test/list-host.ts';
import type { ListHost } from '../test/list-host.ts';

const focused = (el: ListHost) => Number((el.renderRoot as ShadowRoot).activeElement?.getAttribute('data-index'));
const rendered = (el: ListHost) => [...el.renderRoot.querySelectorAll<HTMLElement>('[data-index]')].map((c) => Number(c.dataset.index));

/** 1,000 items set directly (the grid window and focus need no server for this), 400 px wide: 4 columns of 100 px. */
async function host() {
  const user = await makeUser();
  const el = await fixture<ListHost>(html`<list-host api=${env.api} token=${user.token} style="display: block; width: 400px"></list-host>`);
  await eventually(() => expect(el.list.loading).to.equal(false));
  el.list.setItems(Array.from({ length: 1000 }, (_, i) => ({ id: `item-${i}`, name: `Item ${i}` })));
  await el.updateComplete;
  await eventually(() => expect(el.viewport.columns).to.equal(4));
  return el;
}

describe('RovingFocusController with the GridWindow', () => {
  it('only the rows in view are rendered, one item is tabbable, and arrows / Home / End / ctrl+Home/End / PageDown move focus', async () => {
    const el = await host();
    expect(rendered(el).length).to.be.below(40);
    expect([...el.renderRoot.querySelectorAll('[tabindex="0"]')]).to.have.length(1);
    (el.renderRoot.querySelector('[data-index="0"]') as HTMLElement).focus();
    await press('ArrowRight');
    expect(focused(el)).to.equal(1);
    await press('ArrowDown');
    expect(focused(el)).to.equal(5);
    await press('End');
    expect(focused(el)).to.equal(7);
    await press('Home');
    expect(focused(el)).to.equal(4);
    await press('ArrowLeft');
    expect(focused(el)).to.equal(3);
    await press('PageDown');
    await eventually(() => expect(focused(el)).to.equal(19));
    // The last item is far out of the DOM: it is revealed, rendered and focused.
    await press('Control+End');
    await eventually(() => expect(focused(el)).to.equal(999));
    expect(rendered(el)).not.to.include(0);
    await press('Control+Home');
    await eventually(() => expect(focused(el)).to.equal(0));
    await press('Enter');
    expect(el.activated).to.equal('item-0');
  });

  it('while the active item is scrolled away, the first rendered one is tabbable, so Tab still gets into the grid', async () => {
    const el = await host();
    (el.renderRoot.querySelector('[data-index="0"]') as HTMLElement).focus();
    await press('PageDown', 'PageDown');
    await eventually(() => expect(focused(el)).to.equal(32));
    const scroller = el.renderRoot.querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = scroller.scrollHeight;
    await eventually(() => expect(rendered(el)).to.include(999));
    const tabbable = [...el.renderRoot.querySelectorAll<HTMLElement>('[tabindex="0"]')];
    expect(tabbable.map((c) => Number(c.dataset.index))).to.deep.equal([rendered(el)[0]]);
    // Back near it (row 8 of 100 px rows), it is the tabbable one again.
    scroller.scrollTop = 760;
    await eventually(() => expect(rendered(el)).to.include(32));
    expect([...el.renderRoot.querySelectorAll<HTMLElement>('[tabindex="0"]')].map((c) => c.dataset.index)).to.deep.equal(['32']);
  });

  it('a scroller that grows with its rows (a phone page) follows the page scroll instead', async () => {
    const el = await host();
    const scroller = el.renderRoot.querySelector<HTMLElement>('.scroller')!;
    scroller.style.height = 'auto';
    scroller.style.overflow = 'visible';
    el.viewport.measure();
    await el.updateComplete;
    expect(el.viewport.pageScroll).to.equal(true);
    const top = el.getBoundingClientRect().top + scrollY;
    scrollTo(0, top + 100 * 100);
    await eventually(() => expect(rendered(el)).to.include(400));
    expect(rendered(el)).not.to.include(0);
    expect(rendered(el).length).to.be.below(80);
    scrollTo(0, 0);
  });
});
