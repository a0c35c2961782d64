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
