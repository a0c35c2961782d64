import { html } from 'lit';
import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { createJob, env, fixture, makeUser } from '../test/fixtures.ts';
import '../test/list-host.ts';
import type { ListHost } from '../test/list-host.ts';

const cells = (el: ListHost) => [...el.renderRoot.querySelectorAll<HTMLElement>('[data-index]')];
const cell = (el: ListHost, i: number) => el.renderRoot.querySelector<HTMLElement>(`[data-index="${i}"]`)!;
const selected = (el: ListHost) => cells(el).filter((c) => c.getAttribute('aria-selected') === 'true').map((c) => Number(c.dataset.index));

/** A list host over `n` jobs of a new user (setItems: no paging needed for these). */
async function host(n: number) {
  const user = await makeUser();
  for (let i = 0; i < n; i += 10) await Promise.all(Array.from({ length: Math.min(10, n - i) }, (_, k) => createJob(user, { project_name: `Item ${i + k}`, status: 'completed' })));
  const el = await fixture<ListHost>(html`<list-host api=${env.api} token=${user.token}></list-host>`);
  await vi.waitFor(() => expect(cells(el).length).toBeGreaterThan(0));
  return { el, user };
}

async function click(target: HTMLElement, modifiers: { ctrlKey?: boolean; shiftKey?: boolean; metaKey?: boolean } = {}) {
  target.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, button: 0, ...modifiers }));
  await ((target.getRootNode() as ShadowRoot).host as ListHost).updateComplete;
}

describe('SelectionController', () => {
  it('click selects one, ctrl/cmd or the checkbox toggles, shift adds the range from the anchor', async () => {
    const { el } = await host(8);
    await click(cell(el, 1));
    expect(selected(el)).toEqual([1]);
    await click(cell(el, 3), { ctrlKey: true });
    expect(selected(el)).toEqual([1, 3]);
    await click(cell(el, 6), { shiftKey: true });
    expect(selected(el)).toEqual([1, 3, 4, 5, 6]);
    await click(cell(el, 4), { metaKey: true });
    expect(selected(el)).toEqual([1, 3, 5, 6]);
    await userEvent.click(cell(el, 0).querySelector<HTMLElement>('[data-select=toggle]')!);
    expect(selected(el)).toEqual([0, 1, 3, 5, 6]);
    await click(cell(el, 2));
    expect(selected(el)).toEqual([2]);
    expect(el.selection.count).toBe(1);
  });

  it('by keyboard: Space toggles, shift+Space and shift+arrows extend, ctrl+A selects all loaded, Escape clears', async () => {
    const { el } = await host(6);
    cell(el, 0).focus();
    await userEvent.keyboard(' ');
    expect(selected(el)).toEqual([0]);
    await userEvent.keyboard('{Shift>}{ArrowRight}{ArrowRight}{/Shift}');
    await vi.waitFor(() => expect(selected(el)).toEqual([0, 1, 2]));
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    await vi.waitFor(() => expect(el.roving.active).toBe(4));
    await userEvent.keyboard('{Shift>} {/Shift}');
    expect(selected(el)).toEqual([0, 1, 2, 3, 4]);
    await userEvent.keyboard(' ');
    expect(selected(el)).toEqual([0, 1, 2, 3]);
    await userEvent.keyboard('{Escape}');
    expect(selected(el)).toEqual([]);
    await userEvent.keyboard('{Control>}a{/Control}');
    expect(selected(el)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('"all N matching" asks first, counts the server total, resolves every key with the same filter, and a new filter clears it', async () => {
    const { el, user } = await host(23);
    expect(el.list.items).toHaveLength(10);
    await click(cell(el, 0));
    el.selection.askAllMatching();
    expect(el.selection.confirmingAll).toBe(true);
    el.selection.selectAllMatching();
    await el.updateComplete;
    expect(el.selection.count).toBe(23);
    expect(selected(el)).toEqual(cells(el).map((c) => Number(c.dataset.index)));
    const keys = await el.selection.keys(() => el.list.allKeys());
    expect(keys).toHaveLength(23);
    expect(new Set(keys).size).toBe(23);
    // Toggling one out of "all matching" leaves the loaded rest selected.
    await click(cell(el, 0), { ctrlKey: true });
    expect(el.selection.allMatching).toBe(false);
    expect(el.selection.count).toBe(9);
    el.filter = { status: ['failed'] };
    await vi.waitFor(() => expect(el.list.items).toHaveLength(0));
    expect(el.selection.count).toBe(0);
    expect(user.sub).toBeTruthy();
  });
});
