/**
 * One scroller per screen. genshelf's list elements scroll inside themselves (their windowed grids
 * need it) at a height the host sets with a custom property (`--gs-my-work-height`, …). On a page
 * that is mostly one such element, Acme sets that height so the element ends at the bottom of the
 * window: the page itself does not scroll, so there is never a scroller inside a scroller. On a
 * phone the elements grow with their rows and the page scrolls instead (they ignore the property
 * under 40rem), so nothing is set there.
 */
const PHONE_PX = 640;
const MIN_PX = 320;
const BOTTOM_GAP_PX = 24;

/** Fits `el` (an element with `data-fit="--gs-…-height"`) to the window until `signal` aborts. */
export function fitToWindow(el, signal) {
  const property = el.dataset.fit;
  let set = 0;
  const fit = () => {
    if (!el.isConnected || el.hidden) return;
    if (el.clientWidth < PHONE_PX) {
      if (set) el.style.removeProperty(property);
      set = 0;
      return;
    }
    // What the element draws around its scroller (toolbar, stats) is its height less the scroller's
    // (its `scroller` part). Not "less the height set": while the element is loading or empty its
    // scroller takes the height its message needs, and the difference grew the setting each time.
    const scroller = el.shadowRoot?.querySelector('[part=scroller]');
    const chrome = scroller ? el.offsetHeight - scroller.offsetHeight : 0;
    const top = el.getBoundingClientRect().top + scrollY;
    const next = Math.max(MIN_PX, Math.floor(innerHeight - top - chrome - BOTTOM_GAP_PX));
    if (Math.abs(next - set) > 1) {
      set = next;
      el.style.setProperty(property, `${next}px`);
    }
  };
  const resized = new ResizeObserver(() => fit());
  resized.observe(el);
  addEventListener('resize', fit, { signal });
  signal.addEventListener('abort', () => resized.disconnect());
  fit();
}
