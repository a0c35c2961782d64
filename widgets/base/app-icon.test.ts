import { expect, fixture, html } from '@open-wc/testing';
import { eventually } from '../test/fixtures.ts';
import { appIcon, appIconStyles, initials } from './app-icon.ts';
import { GsElement } from './gs-element.ts';
import { tokenStyles } from './tokens.styles.ts';

class IconHost extends GsElement {
  static override styles = [tokenStyles, appIconStyles];
  apps: { id: string; name?: string; color?: string; image_url?: string | null }[] = [];
  override render() {
    return html`${this.apps.map((a) => appIcon(a, 32))}`;
  }
}
customElements.define('icon-host', IconHost);

/** The initials the tile draws (CSS, not text). */
const drawn = (tile: HTMLElement) => getComputedStyle(tile, '::before').content.replace(/"/g, '');

const PICTURE = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><rect width="2" height="2" fill="#fff"/></svg>')}`;

describe('appIcon', () => {
  it('shows the registry\'s picture over the initials, and initials on the app\'s colour without one (or when it fails)', async () => {
    const el = await fixture<IconHost>(html`<icon-host
      .apps=${[
        { id: 'poster-forge', name: 'Poster Forge', color: 'purple', image_url: PICTURE },
        { id: 'jingle-box', name: 'Jingle Box', color: 'orange' },
        { id: 'x', color: '#123456' },
        { id: 'broken', name: 'Broken', color: 'rebeccapurple', image_url: '/no-such-icon.svg' },
      ]}
    ></icon-host>`);
    const [pictured, other, bare, broken] = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.app-icon')];
    const img = pictured!.querySelector('img')!;
    await eventually(() => expect(img.complete && img.naturalWidth > 0).to.equal(true));
    expect(img.alt).to.equal('');
    expect(img.getBoundingClientRect().width).to.equal(32);
    expect(pictured!.getAttribute('aria-hidden')).to.equal('true');
    expect(getComputedStyle(pictured!).backgroundColor).to.equal('rgb(139, 92, 246)');
    expect(other!.querySelector('img')).to.equal(null);
    expect(drawn(other!)).to.equal('JB');
    expect(other!.textContent!.trim(), 'no text of the page').to.equal('');
    expect(getComputedStyle(other!).backgroundColor).to.equal('rgb(249, 115, 22)');
    expect(getComputedStyle(bare!).backgroundColor).to.equal('rgb(18, 52, 86)');
    expect(other!.getBoundingClientRect().width).to.equal(32);
    // A CSS named colour the palette does not have is taken as the browser reads it.
    expect(getComputedStyle(broken!).backgroundColor).to.equal('rgb(102, 51, 153)');
    await eventually(() => expect(broken!.querySelector('img')!.hidden).to.equal(true));
    expect(drawn(broken!)).to.equal('B');
    expect([initials('figma'), initials('brand_studio'), initials('  ')]).to.deep.equal(['F', 'BS', '?']);
  });
});
