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
const STAR = 'M10 2.8l2.2 4.6 5 .7-3.6 3.5.9 5-4.5-2.4-4.5 2.4.9-5L2.8 8.1l5-.7z';
export const starIcon = icon(STAR);
/** The star filled (a favourite). */
export const starFilledIcon = html`<svg viewBox="0 0 20 20" width="18" height="18" fill="currentColor" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d=${STAR} /></svg>`;
export const copyIcon = icon('M7 7h9.5v9.5H7zM13 7V3.5H3.5V13H7');
export const globeIcon = icon('M10 17.5a7.5 7.5 0 100-15 7.5 7.5 0 000 15zM2.5 10h15M10 2.5c2 2.2 3 4.7 3 7.5s-1 5.3-3 7.5c-2-2.2-3-4.7-3-7.5s1-5.3 3-7.5z');
export const lockIcon = icon('M5 9h10v8H5zM7 9V6.5a3 3 0 016 0V9');
export const refreshIcon = icon('M16 4v4.5h-4.5M4 16v-4.5h4.5M15.2 8.5A5.5 5.5 0 005.6 6.2M4.8 11.5a5.5 5.5 0 009.6 2.3');
export const chevronDownIcon = icon('M5 7.5l5 5 5-5');
export const searchIcon = icon('M9 15a6 6 0 100-12 6 6 0 000 12zM17 17l-3.7-3.7', 16);
export const imageIcon = icon('M3 4h14v12H3zM3 13l4-4 4 4 2-2 4 4M13 8.2a1.2 1.2 0 1 0 0-.01');
export const videoIcon = icon('M3 5h10v10H3zM13 8.5l4-2.5v8l-4-2.5');
export const textIcon = icon('M4 5h12M4 8.5h12M4 12h12M4 15.5h7');
export const galleryIcon = icon('M2.5 6.5h11v10h-11zM5.5 3.5h12v10M2.5 13.5l3-3 3 3 2-2 3 3', 22);
export const playIcon = html`<svg viewBox="0 0 20 20" width="14" height="14" fill="currentColor" aria-hidden="true" focusable="false"><path d="M6 4.5v11l9-5.5z" /></svg>`;
export const plusIcon = icon('M10 4v12M4 10h12');
export const fullscreenIcon = icon('M3.5 7.5v-4h4M12.5 3.5h4v4M16.5 12.5v4h-4M7.5 16.5h-4v-4');
export const exitFullscreenIcon = icon('M7.5 3.5v4h-4M16.5 7.5h-4v-4M12.5 16.5v-4h4M3.5 12.5h4v4');
