/*
 * Runs before the page is drawn (a classic script in <head>): Acme's saved theme and accent on
 * <html>, so a light page is light from its first frame. demo/theme.js does the rest.
 */
(function () {
  var saved = {};
  try {
    saved = JSON.parse(localStorage.getItem('acme-studio.theme') || '{}') || {};
  } catch (e) {
    /* unreadable: the defaults */
  }
  var mode = saved.mode || 'dark';
  var light = mode === 'light' || (mode === 'auto' && matchMedia('(prefers-color-scheme: light)').matches);
  document.documentElement.dataset.theme = light ? 'light' : 'dark';
  document.documentElement.dataset.accent = saved.accent || 'violet';
})();
