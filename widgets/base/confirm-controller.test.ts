import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { press, userClick } from '../test/fixtures.ts';
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
    expect(dialogOf(el).open).to.equal(true);
    expect(dialogOf(el).textContent).to.include('Delete 3 items?');
    expect(el.shadowRoot!.activeElement?.className).to.equal('cancel');
    await userClick(el.shadowRoot!.querySelector('.ok')!);
    expect(await yes).to.equal(true);
    expect(dialogOf(el).open).to.equal(false);
    expect(el.confirm.open).to.equal(false);

    const escaped = el.confirm.ask('Again?', 'Go');
    await el.updateComplete;
    await press('Escape');
    expect(await escaped).to.equal(false);
    expect(dialogOf(el).open).to.equal(false);

    const cancelled = el.confirm.ask('Once more?', 'Go');
    await el.updateComplete;
    await userClick(el.shadowRoot!.querySelector('.cancel')!);
    expect(await cancelled).to.equal(false);
  });

  it('a second question answers the first "no"; leaving the page answers "no"', async () => {
    const el = await fixture<AskHost>(html`<ask-host></ask-host>`);
    const first = el.confirm.ask('First?', 'Yes');
    const second = el.confirm.ask('Second?', 'Yes');
    expect(await first).to.equal(false);
    await el.updateComplete;
    expect(dialogOf(el).textContent).to.include('Second?');
    el.remove();
    expect(await second).to.equal(false);
  });
});
