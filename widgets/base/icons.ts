import { html, type TemplateResult } from 'lit';

/** A 20-unit stroked line icon, hidden from assistive tech (the button around it has the label). */
export const icon = (d: string, size = 18): TemplateResult =>
  html`<svg viewBox="0 0 20 20" width=${size} height=${size} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d=${d} /></svg>`;

export const downloadIcon = icon('M10 3v10M6 9l4 4 4-4M4 16.5h12');
export const eyeIcon = icon('M2 10s3-6 8-6 8 6 8 6-3 6-8 6-8-6-8-6zM10 12.5a2.5 2.5 0 100-5 2.5 2.5 0 000 5z');
export const redoIcon = icon('M15.5 4v4h-4M15 8a6 6 0 10.5 5');
export const checkIcon = icon('M4.5 10.5l3.5 3.5 7.5-8');
export const closeIcon = icon('M5 5l10 10M15 5L5 15', 20);
export const previousIcon = icon('M12.5 4l-6 6 6 6', 20);
export const nextIcon = icon('M7.5 4l6 6-6 6', 20);
export const alertIcon = icon('M10 3.5l7.5 13h-15zM10 8.5v3.5M10 14.6v.1');
export const filterIcon = icon('M3 5h14M6 10h8M8.5 15h3');
export const linkIcon = icon('M8.5 11.5a3 3 0 004.2 0l2.8-2.8a3 3 0 00-4.2-4.2l-1 1M11.5 8.5a3 3 0 00-4.2 0l-2.8 2.8a3 3 0 004.2 4.2l1-1');
export const zoomInIcon = icon('M9 15a6 6 0 100-12 6 6 0 000 12zM17 17l-3.7-3.7M9 6.5v5M6.5 9h5');
export const zoomOutIcon = icon('M9 15a6 6 0 100-12 6 6 0 000 12zM17 17l-3.7-3.7M6.5 9h5');
export const gridIcon = icon('M3.5 3.5h5v5h-5zM11.5 3.5h5v5h-5zM3.5 11.5h5v5h-5zM11.5 11.5h5v5h-5z', 16);
export const listIcon = icon('M3.5 5h13M3.5 10h13M3.5 15h13', 16);
export const infoIcon = icon('M10 17.5a7.5 7.5 0 100-15 7.5 7.5 0 000 15zM10 9v5M10 6.2v.1');
