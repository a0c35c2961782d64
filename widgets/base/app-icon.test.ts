import { expect, fixture, html } from '@open-wc/testing';
import {  } from '../test/fixtures.ts';
import { appIcon, appIconStyles, initials } from './app-icon.ts';
import { GsElement } from './gs-element.ts';
import { tokenStyles } from './tokens.styles.ts';

class IconHost extends GsElement {
  static override styles = [tokenStyles, appIconStyles];
  apps: { id: string; name?: string; color?: string }[] = [];
  override render() {
    return html`${this.apps.map((a) => appIcon(a, 32))}`;
  }
}
customElements.define('icon-host', IconHost);

describe('appIcon', () => {
  it('draws the registered apps in SVG and any other app as its initials on its colour', async () => {
    const el = await fixture<IconHost>(html`<icon-host .apps=${[{ id: 'video-mixer', name: 'Video Mixer', color: 'purple' }, { id: 'poster-forge', name: 'Poster Forge', color: 'orange' }, { id: 'x', color: '#123456' }]}></icon-host>`);
    const [known, other, bare] = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.app-icon')];
    expect(known!.querySelector('svg')).not.to.equal(null);
    expect(known!.getAttribute('aria-hidden')).to.equal('true');
    expect(other!.querySelector('svg')).to.equal(null);
    expect(other!.textContent!.trim()).to.equal('PF');
    expect(getComputedStyle(other!).backgroundColor).to.equal('rgb(249, 115, 22)');
    expect(getComputedStyle(bare!).backgroundColor).to.equal('rgb(18, 52, 86)');
    expect(other!.getBoundingClientRect().width).to.equal(32);
    expect([initials('figma'), initials('brand_studio'), initials('  ')]).to.deep.equal(['F', 'BS', '?']);
  });
});
