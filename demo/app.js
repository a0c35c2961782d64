/**
 * Acme Studio's shell: the top bar (sample generation, events, theme, sign in), the navigation
 * (a drawer on a phone), the toast, and what the host does when an element asks it for something.
 */
import { startEventLog } from './event-log.js';
import { render } from './router.js';
import { currentUser, generateSample, hasDemoToken, showForSession, signIn, signOut } from './session.js';
import { startTheme } from './theme.js';

const $ = (id) => document.getElementById(id);

// ---- the toast (Acme's own messages; the elements announce theirs themselves)
let toastTimer;
function toast(message) {
  const el = $('toast');
  el.textContent = message;
  el.classList.add('shown');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('shown'), 5000);
}

// ---- who is signed in
function showAccount() {
  const user = currentUser();
  $('sign-in').hidden = !!user;
  $('user-button').hidden = !user;
  if (user) {
    $('user-name').textContent = $('user-full-name').textContent = user.name;
    $('user-initials').textContent = user.initials;
  } else $('user-menu').hidePopover?.();
  showForSession(document.querySelector('.topbar'));
}

function askToSignIn() {
  if (hasDemoToken()) return signIn();
  $('token-dialog').showModal();
}

$('sign-in').addEventListener('click', askToSignIn);
$('sign-out').addEventListener('click', () => {
  signOut();
  toast('Signed out.');
});
$('token-dialog').addEventListener('close', () => {
  const input = $('token-input');
  if ($('token-dialog').returnValue === 'sign-in' && input.value.trim()) signIn(input.value.trim());
  input.value = '';
});
addEventListener('acme-session', () => {
  showAccount();
  render({ rebuild: true });
});

// ---- a visitor's sample generation
let generating = false;
async function generate(button) {
  if (generating) return;
  generating = true;
  for (const b of document.querySelectorAll('[data-action=generate]')) b.setAttribute('aria-disabled', 'true');
  try {
    const job = await generateSample();
    toast(`Generating “${job.prompt}” — it shows up in History in a few seconds.`);
  } catch (err) {
    toast(`Could not start a sample: ${err?.message ?? err}`);
  } finally {
    generating = false;
    for (const b of document.querySelectorAll('[data-action=generate]')) b.removeAttribute('aria-disabled');
    button?.focus();
  }
}

document.addEventListener('click', (e) => {
  const action = e.target.closest?.('[data-action]');
  if (!action) return;
  if (action.dataset.action === 'generate') void generate(action);
  if (action.dataset.action === 'sign-in') askToSignIn();
});

// ---- what the elements ask of the host
// Acme handles Regenerate itself: preventDefault() keeps the element from opening the app's own link.
document.addEventListener('gs-regenerate', (e) => {
  e.preventDefault();
  toast(`Acme's ${e.detail.app_id} app would run “${e.detail.prompt ?? ''}” again here.`);
});
document.addEventListener('gs-create', () => (currentUser() ? toast("Acme's generator would open here.") : void generate()));
document.addEventListener('gs-error', (e) => {
  if (e.detail.error?.status === 401 && currentUser()) toast('Your sign-in has expired or was refused: sign out and in again.');
});

// ---- navigation: a sidebar, or a drawer on a phone
const nav = $('nav');
const navToggle = document.querySelector('.nav-toggle');
const setNav = (open) => {
  navToggle.setAttribute('aria-expanded', String(open));
  document.documentElement.classList.toggle('nav-open', open);
};
navToggle.addEventListener('click', () => setNav(navToggle.getAttribute('aria-expanded') !== 'true'));
nav.addEventListener('click', (e) => e.target.closest('a') && setNav(false));
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && document.documentElement.classList.contains('nav-open')) {
    setNav(false);
    navToggle.focus();
  }
});
document.querySelector('.scrim')?.addEventListener('click', () => setNav(false));

startTheme();
startEventLog();
showAccount();
addEventListener('hashchange', () => render());
render();
