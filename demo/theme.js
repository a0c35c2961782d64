/**
 * Acme's theme: dark, light or the system's, and an accent colour. The page's stylesheet
 * (demo/acme.css) sets genshelf's `--gs-*` custom properties from Acme's own palette for each, so
 * the elements look like the rest of the app; each element also gets the `theme` attribute, which
 * picks genshelf's matching status colours.
 */
import { GENSHELF_TAGS } from './session.js';

const KEY = 'acme-studio.theme';
const prefersLight = matchMedia('(prefers-color-scheme: light)');

function read() {
  try {
    return { mode: 'dark', accent: 'violet', ...JSON.parse(localStorage.getItem(KEY) ?? '{}') };
  } catch {
    return { mode: 'dark', accent: 'violet' };
  }
}

let current = read();

/** `dark`, `light` or `auto`, as genshelf's `theme` attribute takes it. */
export const themeMode = () => current.mode;

/** Gives every genshelf element under `root` the theme. */
export function themeElements(root) {
  for (const el of root.querySelectorAll(GENSHELF_TAGS.join(', '))) el.setAttribute('theme', current.mode);
}

/** Applies the saved theme to the page and its elements. */
export function applyTheme() {
  const dark = current.mode === 'dark' || (current.mode === 'auto' && !prefersLight.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  document.documentElement.dataset.accent = current.accent;
  themeElements(document);
  for (const input of document.querySelectorAll('#theme-menu input')) input.checked = input.value === current[input.name === 'theme' ? 'mode' : 'accent'];
}

export function startTheme() {
  applyTheme();
  document.getElementById('theme-menu').addEventListener('change', (e) => {
    const { name, value } = e.target;
    current = { ...current, [name === 'theme' ? 'mode' : 'accent']: value };
    localStorage.setItem(KEY, JSON.stringify(current));
    applyTheme();
  });
  prefersLight.addEventListener('change', applyTheme);
}
