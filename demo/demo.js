// The demo page's own script (a file: the page's CSP allows no inline script). Runs before the bundle.
const elements = () => document.querySelectorAll('job-stats, recent-work, my-work, asset-gallery');
const meta = document.querySelector('meta[name="genshelf-demo-token"]').content;
const stored = sessionStorage.getItem('genshelf-demo-token');

// Attributes, not properties: this runs before the bundle defines the elements.
function useToken(token) {
  for (const el of elements()) {
    el.removeAttribute('anonymous');
    el.setAttribute('token', token);
  }
}
function useAnonymous() {
  for (const el of elements()) {
    el.removeAttribute('token');
    el.setAttribute('anonymous', '');
  }
}

if (meta || stored) useToken(meta || stored);
else document.getElementById('token-panel').hidden = false;

document.getElementById('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const token = new FormData(e.target).get('token').trim();
  if (!token) return;
  sessionStorage.setItem('genshelf-demo-token', token);
  useToken(token);
});
document.getElementById('anonymous').addEventListener('click', useAnonymous);

const theme = (value) => {
  const dark = value === 'dark' || (value === 'auto' && !matchMedia('(prefers-color-scheme: light)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  for (const el of elements()) el.setAttribute('theme', value);
};
document.getElementById('theme').addEventListener('change', (e) => theme(e.target.value));
matchMedia('(prefers-color-scheme: light)').addEventListener('change', () => theme(document.querySelector('input[name=theme]:checked').value));

const log = document.getElementById('log');
const note = (text) => {
  const li = document.createElement('li');
  li.textContent = text;
  log.prepend(li);
  while (log.children.length > 6) log.lastChild.remove();
};
document.addEventListener('gs-open', (e) => note(`gs-open ${e.detail.generation.projectName ?? e.detail.id} → ${e.detail.href}`));
document.addEventListener('gs-error', (e) => note(`gs-error ${e.detail.error.status} ${e.detail.error.message}`));
document.addEventListener('gs-regenerate', (e) => note(`gs-regenerate ${e.detail.app_id}: ${e.detail.prompt ?? ''}`));
document.addEventListener('gs-asset-change', (e) => note(`gs-asset-change ${e.detail.change}: ${e.detail.asset.title ?? e.detail.asset.id} (${e.detail.asset.is_public ? 'public' : 'private'}${e.detail.asset.favorite ? ', favourite' : ''})`));
