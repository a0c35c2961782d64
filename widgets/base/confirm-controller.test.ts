import { html, LitElement } from 'lit';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { fixture } from '../test/fixtures.ts';
import { ConfirmController } from './confirm-controller.ts';

class AskHost extends LitElement {
  readonly confirm = new ConfirmController(this);
  override render() {
    return this.confirm.render('Cancel');
  }
}
customElements.define('ask-host', AskHost);

const dialogOf = (el: AskHost) => el.shadowRoot!.querySelector('dialog')!;

describe('ConfirmController', () => {
  it('opens a modal with focus on Cancel; the action says yes, Cancel and Escape say no', async () => {
    const el = await fixture<AskHost>(html`<ask-host></ask-host>`);
    const yes = el.confirm.ask('Delete 3 items?', 'Delete');
    await el.updateComplete;
    expect(dialogOf(el).open).toBe(true);
    expect(dialogOf(el).textContent).toContain('Delete 3 items?');
    expect(el.shadowRoot!.activeElement?.className).toBe('cancel');
    await userEvent.click(el.shadowRoot!.querySelector('.ok')!);
    expect(await yes).toBe(true);
    expect(dialogOf(el).open).toBe(false);
    expect(el.confirm.open).toBe(false);

    const escaped = el.confirm.ask('Again?', 'Go');
    await el.updateComplete;
    await userEvent.keyboard('{Escape}');
    expect(await escaped).toBe(false);
    expect(dialogOf(el).open).toBe(false);

    const cancelled = el.confirm.ask('Once more?', 'Go');
    await el.updateComplete;
    await userEvent.click(el.shadowRoot!.querySelector('.cancel')!);
    expect(await cancelled).toBe(false);
  });

  it('a second question answers the first "no"; leaving the page answers "no"', async () => {
    const el = await fixture<AskHost>(html`<ask-host></ask-host>`);
    const first = el.confirm.ask('First?', 'Yes');
    const second = el.confirm.ask('Second?', 'Yes');
    expect(await first).toBe(false);
    await el.updateComplete;
    expect(dialogOf(el).textContent).toContain('Second?');
    el.remove();
    expect(await second).toBe(false);
  });
});
