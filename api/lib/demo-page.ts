/**
 * The demo pages' rules (api/node.ts serves them): who gets the demo user's token, and the headers
 * every demo page is sent with. One place, so every page of the demo app gets the same.
 */

/** Addresses of this machine. */
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Headers a proxy adds: behind a reverse proxy on the same machine every visitor arrives from
 * loopback, so a request carrying any of them is not known to come from this machine.
 */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'via'];

/**
 * Whether a request comes straight from this machine: a loopback peer and no proxy header. The
 * demo pages hand the demo user's token only to such a request, and only while the sample data is
 * on and the server is not in production mode (api/node.ts; issue 11, finding 10).
 */
export function fromThisMachine(remoteAddress: string | undefined, headers: Headers): boolean {
  return LOOPBACK.has(remoteAddress ?? '') && !PROXY_HEADERS.some((name) => headers.has(name));
}

/**
 * The demo pages' Content-Security-Policy: scripts, styles, media and requests from this origin
 * (and `PUBLIC_BASE_URL`'s, where signed URLs point) only — no inline script or style, no eval,
 * no plugins, not framed (issue 11, finding 9). The elements need nothing more: their styles are
 * constructed style sheets and their inline styles are set through the CSSOM, which CSP allows.
 */
export function demoPageCsp(publicBaseUrl?: string): string {
  const self = ["'self'", ...(publicBaseUrl ? [new URL(publicBaseUrl).origin] : [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${self} data: blob:`,
    `media-src ${self} blob:`,
    `connect-src ${self}`,
    // The bulk download's frame and its service worker's downloads (/widgets/download-frame.html).
    "frame-src 'self'",
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers every demo page is sent with: its CSP, and never cached (it may carry the demo token). */
export function demoPageHeaders(publicBaseUrl?: string): Record<string, string> {
  return { 'Content-Security-Policy': demoPageCsp(publicBaseUrl), 'Cache-Control': 'no-store' };
}
