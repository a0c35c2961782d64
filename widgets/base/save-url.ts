/**
 * Starts a download of `href` through a clicked `<a download>`: a same-origin or blob URL takes
 * `filename`; a signed genshelf URL sends its own name (`?download=1` sets Content-Disposition).
 */
export function saveUrl(href: string, filename = ''): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  // In the document while clicked: some browsers ignore a click on a detached link.
  document.body.append(a);
  a.click();
  a.remove();
}
