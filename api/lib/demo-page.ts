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
