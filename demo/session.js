/**
 * Who is using Acme Studio, and how genshelf's elements learn it. Signed out, every element runs
 * as an anonymous visitor (`anonymous`: genshelf starts a session and keeps it in this browser);
 * signed in, every element gets the user's token, and `claim-on-sign-in` moves what the visitor
 * made to the user. Acme has no identity provider of its own: "signing in" takes the demo user's
 * token that `npm start` puts in the page (only for this machine), or a token pasted by hand.
 */
const KEY = 'acme-studio.session';
const demoToken = document.querySelector('meta[name="genshelf-demo-token"]')?.getAttribute('content') ?? '';

/** genshelf's elements, as Acme's pages use them. */
export const GENSHELF_TAGS = ['job-stats', 'recent-work', 'my-work', 'asset-gallery', 'project-list', 'usage-insights', 'user-settings', 'generation-history'];
const selector = GENSHELF_TAGS.join(', ');

function read() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
}

/** The signed-in user's token, or null for a visitor. */
export function currentToken() {
  const saved = read();
  if (saved?.kind === 'demo') return demoToken || null;
  if (saved?.kind === 'token' && typeof saved.token === 'string') return saved.token;
  return null;
}

/** Whether `signIn()` can sign in without asking for a token. */
export const hasDemoToken = () => demoToken !== '';

/** Signs in as the demo user (or with a pasted token); the page re-renders its elements. */
export function signIn(token) {
  localStorage.setItem(KEY, JSON.stringify(token ? { kind: 'token', token } : { kind: 'demo' }));
  dispatchEvent(new Event('acme-session'));
}

export function signOut() {
  localStorage.removeItem(KEY);
  dispatchEvent(new Event('acme-session'));
}

/** The user's name and initials from the token's claims (display only: genshelf verifies the token). */
export function currentUser() {
  const token = currentToken();
  if (!token) return null;
  let claims = {};
  try {
    claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    /* not a readable JWT: the API will say so */
  }
  const name = typeof claims.name === 'string' && claims.name ? claims.name : (claims.sub ?? 'Signed in');
  const initials = name
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return { name, initials };
}

/**
 * Hands the credentials to every genshelf element under `root` — as attributes, before the elements
 * connect, so their first request already carries them.
 */
export function configureElements(root) {
  const token = currentToken();
  for (const el of root.querySelectorAll(selector)) {
    if (token) {
      el.removeAttribute('anonymous');
      el.setAttribute('token', token);
    } else {
      el.removeAttribute('token');
      el.setAttribute('anonymous', '');
    }
    el.setAttribute('claim-on-sign-in', '');
  }
}

/** Shows what is for visitors or for signed-in users only (`data-visitor-only`, `data-user-only`). */
export function showForSession(root) {
  const signedIn = currentToken() !== null;
  for (const el of root.querySelectorAll('[data-visitor-only]')) el.hidden = signedIn;
  for (const el of root.querySelectorAll('[data-user-only]')) el.hidden = !signedIn;
}

/**
 * An API client with the page's credentials: the same one the elements use (genshelf's `clientFor`
 * shares it), so a write through it refreshes them and a visitor keeps one anonymous session.
 * The bundle is imported when first needed, not before: a page may configure its elements before
 * the bundle defines them (demo/hostile.js).
 */
export async function apiClient() {
  const { clientFor } = await import('/widgets/genshelf.js');
  const token = currentToken();
  return clientFor('', token ? { kind: 'token', token } : { kind: 'anonymous' });
}

/**
 * A sample generation for a visitor, through the demo's own endpoint (it plays Acme's generator:
 * the job appears, progresses and finishes with a real video in a few seconds).
 */
export async function generateSample() {
  const { data } = await (await apiClient()).request('/api/demo/generate', { method: 'POST' });
  return data;
}
