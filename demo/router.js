/**
 * Hash routes: each page is a <template> in index.html (`page-<name>`), cloned into #view. Its
 * genshelf elements get their credentials and theme while still in the clone, so they connect
 * configured. A page's `setup` adjusts the clone (a project's id, which grouping); `ready` runs
 * once it is on the page.
 */
import { fitToWindow } from './fit.js';
import { fillDeveloperPage } from './developers.js';
import { apiClient, configureElements, showForSession } from './session.js';
import { themeElements } from './theme.js';

/** [pattern, page, nav section]: the first match wins; captures are the page's params. */
const routes = [
  [/^\/$/, 'dashboard', 'dashboard'],
  [/^\/work(?:\/([\w-]+))?$/, 'work', 'work'],
  [/^\/history(?:\/(image|all))?$/, 'history', 'history'],
  [/^\/assets(?:\/(all))?$/, 'assets', 'assets'],
  [/^\/projects$/, 'projects', 'projects'],
  [/^\/projects\/([\w-]+)(?:\/(assets))?$/, 'project', 'projects'],
  [/^\/insights$/, 'insights', 'insights'],
  [/^\/settings$/, 'settings', 'settings'],
  [/^\/developers$/, 'developers', 'developers'],
];

const pages = {
  history: {
    setup(view, [type = 'video']) {
      view.querySelector('generation-history').setAttribute('type', type);
      markTab(view, type);
    },
  },
  assets: {
    setup(view, [all]) {
      const gallery = view.querySelector('asset-gallery');
      gallery.setAttribute('group-by', all ? 'none' : 'job');
      gallery.setAttribute('heading', all ? 'All assets' : 'Assets by job');
      markTab(view, all ? 'all' : 'job');
    },
  },
  project: {
    setup(view, [id, tab]) {
      const shown = tab === 'assets' ? 'assets' : 'work';
      for (const el of view.querySelectorAll('[data-project-tab]')) {
        // Only the tab shown is on the page: the other would load for nothing.
        if (el.dataset.projectTab === shown) el.setAttribute('project', id);
        else el.remove();
      }
      for (const a of view.querySelectorAll('[data-project-href]')) a.href = `#/projects/${id}${a.dataset.projectHref}`;
      markTab(view, shown);
    },
    async ready(view, [id], signal) {
      const name = view.querySelector('[data-project-name]');
      const meta = view.querySelector('[data-project-meta]');
      try {
        const { data: project } = await (await apiClient()).get(`/api/v1/projects/${encodeURIComponent(id)}`, { signal });
        name.textContent = project.name;
        meta.textContent = `${project.job_count} ${project.job_count === 1 ? 'job' : 'jobs'} · ${project.asset_count} ${project.asset_count === 1 ? 'asset' : 'assets'}${project.status === 'archived' ? ' · archived' : ''}`;
        document.title = `${project.name} · Acme Studio`;
      } catch (err) {
        if (signal.aborted) return;
        name.textContent = 'Project not found';
        meta.textContent = err?.status === 404 || err?.status === 403 ? 'It was deleted, or it is not yours.' : `It could not be loaded: ${err?.message ?? err}`;
      }
    },
  },
  work: {
    /** `#/work/<job id>` (a link from <recent-work>) opens that job's preview over My work. */
    async update(view, [id], signal) {
      if (!id) return;
      const myWork = view.querySelector('my-work');
      try {
        const [{ data: job }] = await Promise.all([apiClient().then((api) => api.get(`/api/v1/jobs/${encodeURIComponent(id)}`, { signal })), customElements.whenDefined('my-work').then(() => myWork.updateComplete)]);
        if (!signal.aborted) await myWork.openPreview(job);
      } catch {
        /* gone or not yours: My work is shown without a preview */
      }
    },
    ready(view, params, signal) {
      // Closing the preview leaves the job's address: back to My work without reloading it.
      view.querySelector('my-work').addEventListener('gs-close', () => location.hash.startsWith('#/work/') && history.replaceState(null, '', '#/work'), { signal });
      return this.update(view, params, signal);
    },
  },
  developers: {
    setup: (view) => fillDeveloperPage(view),
  },
};

function markTab(view, current) {
  for (const a of view.querySelectorAll('[data-tab]')) {
    if (a.dataset.tab === current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

let active;

function resolve(path) {
  for (const [pattern, name, section] of routes) {
    const m = pattern.exec(path);
    if (m) return { name, section, params: m.slice(1) };
  }
  return { name: 'not-found', section: '', params: [] };
}

/** Shows the page for the current address; `rebuild` renders it again even if it is the one shown (a sign-in). */
export function render({ rebuild = false } = {}) {
  const path = location.hash.replace(/^#/, '') || '/';
  const { name, section, params } = resolve(path);
  const key = `${name}:${name === 'work' ? '' : params.join('/')}`;
  if (!rebuild && active?.key === key) {
    void pages[name]?.update?.(document.getElementById('view'), params, active.abort.signal);
    return;
  }
  const first = !active;
  active?.abort.abort();
  const abort = new AbortController();
  active = { key, abort };

  const template = document.getElementById(`page-${name}`);
  const view = document.createElement('div');
  view.id = 'view';
  view.className = `page page-${name}`;
  view.append(template.content.cloneNode(true));
  pages[name]?.setup?.(view, params);
  configureElements(view);
  themeElements(view);
  showForSession(view);
  document.getElementById('view').replaceWith(view);

  document.title = `${template.dataset.title} · Acme Studio`;
  for (const a of document.querySelectorAll('#nav a[data-route]')) {
    if (a.dataset.route === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  for (const el of view.querySelectorAll('[data-fit]')) fitToWindow(el, abort.signal);
  if (!first && !rebuild) {
    // A new page: start at its top, and tell assistive tech where we are.
    scrollTo({ top: 0 });
    view.querySelector('h1')?.focus({ preventScroll: true });
  }
  void pages[name]?.ready?.(view, params, abort.signal);
}
