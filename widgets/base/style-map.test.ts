import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import { styleMap as litStyleMap } from 'lit/directives/style-map.js';
import { styleMap } from './style-map.ts';

/**
 * The elements' styleMap under a page CSP that forbids style attributes (the demo page's policy,
 * a host's strict one): lit's own writes its first render as an attribute, which the browser
 * refuses and reports; ours goes through the CSSOM, which CSP does not govern.
 */
describe('styleMap', () => {
  const violations: string[] = [];
  const onViolation = (e: SecurityPolicyViolationEvent) => violations.push(`${e.effectiveDirective} ${e.sample}`);
  before(() => {
    // This test file's page only: each WTR suite runs in a page of its own.
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "style-src-attr 'none'";
    document.head.append(meta);
    document.addEventListener('securitypolicyviolation', onViolation);
  });
  after(() => document.removeEventListener('securitypolicyviolation', onViolation));
  beforeEach(() => (violations.length = 0));

  /** A macrotask: violation events are queued as tasks. */
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('applies its first render and every change through the CSSOM, with no CSP violation', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const draw = (styles: Record<string, string | undefined>) => render(html`<span style=${styleMap(styles)}>x</span>`, host);
    draw({ width: '40px', '--_app': 'rgb(1, 2, 3)', 'background-color': 'var(--_app)', display: 'inline-block' });
    const span = host.querySelector('span')!;
    expect(getComputedStyle(span).width).to.equal('40px');
    expect(getComputedStyle(span).backgroundColor).to.equal('rgb(1, 2, 3)');
    draw({ width: '50px !important', display: 'inline-block' });
    expect(span.style.getPropertyPriority('width')).to.equal('important');
    expect(getComputedStyle(span).width).to.equal('50px');
    expect(span.style.getPropertyValue('--_app')).to.equal('');
    expect(span.style.backgroundColor).to.equal('');
    await settle();
    expect(violations).to.deep.equal([]);
  });

  it("lit's own styleMap is refused by the same page (what this one avoids)", async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    render(html`<span style=${litStyleMap({ width: '40px', display: 'inline-block' })}>x</span>`, host);
    await settle();
    expect(violations.length).to.be.greaterThan(0);
    expect(getComputedStyle(host.querySelector('span')!).width).not.to.equal('40px');
  });
});
