import { expect, fixture, html } from '@open-wc/testing';
import { createJob, env, eventually, holding, makeUser, press, userClick } from '../test/fixtures.ts';
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
  await eventually(() => expect(cells(el).length).to.be.above(0));
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
    expect(selected(el)).to.deep.equal([1]);
    await click(cell(el, 3), { ctrlKey: true });
    expect(selected(el)).to.deep.equal([1, 3]);
    await click(cell(el, 6), { shiftKey: true });
    expect(selected(el)).to.deep.equal([1, 3, 4, 5, 6]);
    await click(cell(el, 4), { metaKey: true });
    expect(selected(el)).to.deep.equal([1, 3, 5, 6]);
    await userClick(cell(el, 0).querySelector<HTMLElement>('[data-select=toggle]')!);
    expect(selected(el)).to.deep.equal([0, 1, 3, 5, 6]);
    await click(cell(el, 2));
    expect(selected(el)).to.deep.equal([2]);
    expect(el.selection.count).to.equal(1);
  });

  it('by keyboard: Space toggles, shift+Space and shift+arrows extend, ctrl+A selects all loaded, Escape clears', async () => {
    const { el } = await host(6);
    cell(el, 0).focus();
    await press(' ');
    expect(selected(el)).to.deep.equal([0]);
    await holding('Shift', () => press('ArrowRight', 'ArrowRight'));
    await eventually(() => expect(selected(el)).to.deep.equal([0, 1, 2]));
    await press('ArrowRight', 'ArrowRight');
    await eventually(() => expect(el.roving.active).to.equal(4));
    await press('Shift+Space');
    expect(selected(el)).to.deep.equal([0, 1, 2, 3, 4]);
    await press(' ');
    expect(selected(el)).to.deep.equal([0, 1, 2, 3]);
    await press('Escape');
    expect(selected(el)).to.deep.equal([]);
    await press('Control+a');
    expect(selected(el)).to.deep.equal([0, 1, 2, 3, 4, 5]);
  });

  it('"all N matching" asks first, counts the server total, resolves every key with the same filter, and a new filter clears it', async () => {
    const { el, user } = await host(23);
    expect(el.list.items).to.have.length(10);
    await click(cell(el, 0));
    el.selection.askAllMatching();
    expect(el.selection.confirmingAll).to.equal(true);
    el.selection.selectAllMatching();
    await el.updateComplete;
    expect(el.selection.count).to.equal(23);
    expect(selected(el)).to.deep.equal(cells(el).map((c) => Number(c.dataset.index)));
    const keys = await el.selection.keys(() => el.list.allKeys());
    expect(keys).to.have.length(23);
    expect(new Set(keys).size).to.equal(23);
    // Toggling one out of "all matching" leaves the loaded rest selected.
    await click(cell(el, 0), { ctrlKey: true });
    expect(el.selection.allMatching).to.equal(false);
    expect(el.selection.count).to.equal(9);
    el.filter = { status: ['failed'] };
    await eventually(() => expect(el.list.items).to.have.length(0));
    expect(el.selection.count).to.equal(0);
    expect(user.sub).to.be.ok;
  });
});
