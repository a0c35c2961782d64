import { html } from 'lit';
import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { env, fixture, makeUser } from '../test/fixtures.ts';
import '../test/list-host.ts';
import type { ListHost } from '../test/list-host.ts';

const focused = (el: ListHost) => Number((el.renderRoot as ShadowRoot).activeElement?.getAttribute('data-index'));
const rendered = (el: ListHost) => [...el.renderRoot.querySelectorAll<HTMLElement>('[data-index]')].map((c) => Number(c.dataset.index));

/** 1,000 items set directly (the grid window and focus need no server for this), 400 px wide: 4 columns of 100 px. */
async function host() {
  const user = await makeUser();
  const el = await fixture<ListHost>(html`<list-host api=${env.api} token=${user.token} style="display: block; width: 400px"></list-host>`);
  await vi.waitFor(() => expect(el.list.loading).toBe(false));
  el.list.setItems(Array.from({ length: 1000 }, (_, i) => ({ id: `item-${i}`, name: `Item ${i}` })));
  await el.updateComplete;
  await vi.waitFor(() => expect(el.viewport.columns).toBe(4));
  return el;
}

describe('RovingFocusController with the GridWindow', () => {
  it('only the rows in view are rendered, one item is tabbable, and arrows / Home / End / ctrl+Home/End / PageDown move focus', async () => {
    const el = await host();
    expect(rendered(el).length).toBeLessThan(40);
    expect([...el.renderRoot.querySelectorAll('[tabindex="0"]')]).toHaveLength(1);
    (el.renderRoot.querySelector('[data-index="0"]') as HTMLElement).focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(focused(el)).toBe(1);
    await userEvent.keyboard('{ArrowDown}');
    expect(focused(el)).toBe(5);
    await userEvent.keyboard('{End}');
    expect(focused(el)).toBe(7);
    await userEvent.keyboard('{Home}');
    expect(focused(el)).toBe(4);
    await userEvent.keyboard('{ArrowLeft}');
    expect(focused(el)).toBe(3);
    await userEvent.keyboard('{PageDown}');
    await vi.waitFor(() => expect(focused(el)).toBe(19));
    // The last item is far out of the DOM: it is revealed, rendered and focused.
    await userEvent.keyboard('{Control>}{End}{/Control}');
    await vi.waitFor(() => expect(focused(el)).toBe(999));
    expect(rendered(el)).not.toContain(0);
    await userEvent.keyboard('{Control>}{Home}{/Control}');
    await vi.waitFor(() => expect(focused(el)).toBe(0));
    await userEvent.keyboard('{Enter}');
    expect(el.activated).toBe('item-0');
  });

  it('while the active item is scrolled away, the first rendered one is tabbable, so Tab still gets into the grid', async () => {
    const el = await host();
    (el.renderRoot.querySelector('[data-index="0"]') as HTMLElement).focus();
    await userEvent.keyboard('{PageDown}{PageDown}');
    await vi.waitFor(() => expect(focused(el)).toBe(32));
    const scroller = el.renderRoot.querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = scroller.scrollHeight;
    await vi.waitFor(() => expect(rendered(el)).toContain(999));
    const tabbable = [...el.renderRoot.querySelectorAll<HTMLElement>('[tabindex="0"]')];
    expect(tabbable.map((c) => Number(c.dataset.index))).toEqual([rendered(el)[0]]);
    // Back near it (row 8 of 100 px rows), it is the tabbable one again.
    scroller.scrollTop = 760;
    await vi.waitFor(() => expect(rendered(el)).toContain(32));
    expect([...el.renderRoot.querySelectorAll<HTMLElement>('[tabindex="0"]')].map((c) => c.dataset.index)).toEqual(['32']);
  });

  it('a scroller that grows with its rows (a phone page) follows the page scroll instead', async () => {
    const el = await host();
    const scroller = el.renderRoot.querySelector<HTMLElement>('.scroller')!;
    scroller.style.height = 'auto';
    scroller.style.overflow = 'visible';
    el.viewport.measure();
    await el.updateComplete;
    expect(el.viewport.pageScroll).toBe(true);
    const top = el.getBoundingClientRect().top + scrollY;
    scrollTo(0, top + 100 * 100);
    await vi.waitFor(() => expect(rendered(el)).toContain(400));
    expect(rendered(el)).not.toContain(0);
    expect(rendered(el).length).toBeLessThan(80);
    scrollTo(0, 0);
  });
});
