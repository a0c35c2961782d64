/**
 * The Developers page's snippets, written with this server's own address so they work as pasted,
 * and the policy this page itself was served with.
 */
import { GS_EVENTS } from './event-log.js';

const api = location.origin;

const snippets = {
  script: `<script type="module" src="${api}/widgets/genshelf.js"></script>

<job-stats api="${api}" token="…"></job-stats>
<recent-work api="${api}" token="…" href-template="/work/{id}"></recent-work>
<my-work api="${api}" token="…"></my-work>
<asset-gallery api="${api}" token="…" group-by="none"></asset-gallery>
<project-list api="${api}" token="…" href-template="/projects/{id}"></project-list>
<usage-insights api="${api}" token="…"></usage-insights>
<user-settings api="${api}" token="…"></user-settings>

<script type="module">
  // Or a function that returns a fresh token (asked again after a 401):
  document.querySelector('my-work').tokenProvider = () => auth.getAccessToken();
  // A visitor who has not signed in: <my-work api="…" anonymous claim-on-sign-in>
</script>`,

  npm: `# in genshelf's folder
npm install && npm run build:widgets     # dist/: the bundle, one file per element, types

# in your app
npm install ../genshelf

// then, in your code: every element, registered
import 'genshelf/dist/genshelf.js';
// or one element: import 'genshelf/dist/elements/my-work.js';`,

  react: `import 'genshelf/dist/genshelf.js'; // or the script tag above

export function MyWorkPage({ getToken, navigate }) {
  return (
    <my-work
      api="${api}"
      tokenProvider={getToken}                // a property: React 19 sets it
      ongs-open={(e) => navigate(e.detail.href)} // a gs- event
      ongs-error={(e) => console.warn(e.detail.error)}
    />
  );
}`,

  vue: `// vite.config.js
import vue from '@vitejs/plugin-vue';
export default {
  plugins: [
    vue({
      template: {
        compilerOptions: {
          // genshelf's tags (add your own prefix's if you register them under other names)
          isCustomElement: (tag) => ['job-stats', 'recent-work', 'my-work', 'asset-gallery', 'media-preview', 'project-list', 'usage-insights', 'user-settings'].includes(tag),
        },
      },
    }),
  ],
};

// main.js
import 'genshelf/dist/genshelf.js';

<!-- MyWork.vue -->
<template>
  <my-work api="${api}" :tokenProvider.prop="getToken" @gs-open="(e) => router.push(e.detail.href)" />
</template>`,

  config: `# genshelf's environment: the pages that embed the elements
CORS_ORIGINS=https://studio.acme.example

# your pages' Content-Security-Policy (add to your own)
script-src 'self' ${api};
connect-src 'self' ${api};
img-src 'self' ${api};
media-src 'self' ${api};
frame-src ${api};`,

  events: `// Every element's events bubble to the document:
${GS_EVENTS.map((type) => `//   ${type}`).join('\n')}
document.addEventListener('gs-open', (e) => console.log(e.detail.href));

/* Acme's look, for every element on the page */
:root {
  --gs-color-surface: #161922;
  --gs-color-primary: #8b5cf6;
  --gs-font-family: system-ui, sans-serif;
  --gs-radius: 10px;
}`,
};

export function fillDeveloperPage(view) {
  for (const code of view.querySelectorAll('[data-snippet]')) code.textContent = snippets[code.dataset.snippet] ?? '';
  const own = view.querySelector('#own-csp');
  // Read back from the server, so what is shown is what the browser enforces here.
  fetch(location.pathname, { method: 'HEAD', cache: 'no-store' })
    .then((res) => {
      own.textContent = res.headers.get('content-security-policy')?.split(/;\s*/).join(';\n') || '(none: this server sends no Content-Security-Policy for the page)';
    })
    .catch(() => {
      own.textContent = '(could not be read)';
    });
}
