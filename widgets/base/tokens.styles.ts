import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * Design tokens. A host themes the widgets by setting the public `--gs-*` custom properties on
 * any ancestor (`:root`, a wrapper, the element itself); each element reads them into private
 * `--_*` variables with the theme's value as the fallback, so the host's value always wins and
 * the widgets never leak variables out.
 *
 * Themes: `dark` (the default; seed 001's palette: purple #8B5CF6, cyan #00D9FF, backgrounds
 * #0F0F14 / #1A1A24 / #252532), `light`, and `auto` (follows `prefers-color-scheme`).
 *
 * Status colours (SPEC §6): completed green, processing blue (animated), queued/pending amber,
 * failed red, partial orange — each with a signal colour (`--gs-status-<s>`), and a badge
 * background/text pair (`-bg`, `-fg`) chosen for at least 4.5:1 contrast in both themes.
 */

type Palette = Record<string, string>;

const dark: Palette = {
  'color-bg': '#0f0f14',
  'color-surface': '#1a1a24',
  'color-surface-raised': '#252532',
  'color-border': '#34344a',
  'color-text': '#f4f4f8',
  'color-text-muted': '#a9a9bf',
  'color-primary': '#8b5cf6',
  'color-accent': '#00d9ff',
  'color-on-primary': '#ffffff',
  'focus-ring-color': '#00d9ff',
  'skeleton-color': '#2a2a3a',
  'status-completed': '#22c55e',
  'status-completed-bg': '#10301d',
  'status-completed-fg': '#6ee7a0',
  'status-processing': '#3b82f6',
  'status-processing-bg': '#162447',
  'status-processing-fg': '#9cc3ff',
  'status-queued': '#f59e0b',
  'status-queued-bg': '#35270a',
  'status-queued-fg': '#fcd34d',
  'status-failed': '#ef4444',
  'status-failed-bg': '#3a1414',
  'status-failed-fg': '#fca5a5',
  'status-partial': '#f97316',
  'status-partial-bg': '#3a200c',
  'status-partial-fg': '#fdba74',
};

const light: Palette = {
  'color-bg': '#f7f7fb',
  'color-surface': '#ffffff',
  'color-surface-raised': '#f1f0f7',
  'color-border': '#dddbe8',
  'color-text': '#16161d',
  'color-text-muted': '#55556a',
  'color-primary': '#7c3aed',
  'color-accent': '#0e7490',
  'color-on-primary': '#ffffff',
  'focus-ring-color': '#7c3aed',
  'skeleton-color': '#e9e8f1',
  'status-completed': '#16a34a',
  'status-completed-bg': '#dcfce7',
  'status-completed-fg': '#166534',
  'status-processing': '#2563eb',
  'status-processing-bg': '#dbeafe',
  'status-processing-fg': '#1e40af',
  'status-queued': '#d97706',
  'status-queued-bg': '#fef3c7',
  'status-queued-fg': '#92400e',
  'status-failed': '#dc2626',
  'status-failed-bg': '#fee2e2',
  'status-failed-fg': '#991b1b',
  'status-partial': '#ea580c',
  'status-partial-bg': '#ffedd5',
  'status-partial-fg': '#9a3412',
};

/**
 * App colours by the names the app registry uses (`GET /api/v1/apps`: video mixer purple,
 * carousel mix blue, …); each can be overridden with `--gs-app-<name>`.
 */
export const appColors: Record<string, string> = {
  purple: '#8b5cf6',
  blue: '#3b82f6',
  cyan: '#06b6d4',
  pink: '#ec4899',
  teal: '#14b8a6',
  indigo: '#6366f1',
  green: '#22c55e',
  orange: '#f97316',
  red: '#ef4444',
  amber: '#f59e0b',
  gray: '#6b7280',
};

/** A CSS value for an app's colour: a registry name, or any CSS colour the registry holds. */
export function appColor(name: string): string {
  const key = name.trim().toLowerCase();
  if (appColors[key]) return `var(--gs-app-${key}, ${appColors[key]})`;
  if (/^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla|oklch|oklab|lab|lch)\([^;{}]*\))$/i.test(key)) return key;
  // A CSS named colour (the API takes any): only what the browser itself reads as one colour.
  if (/^[a-z]+$/.test(key) && typeof CSS !== 'undefined' && CSS.supports('color', key)) return key;
  return 'var(--_color-primary)';
}

const declarations = (p: Palette) =>
  Object.entries(p)
    .map(([name, value]) => `--_${name}: var(--gs-${name}, ${value});`)
    .join('\n');

/** Shared by every element: the tokens, the theme switch, and a few base rules. */
export const tokenStyles: CSSResult = css`
  :host {
    ${unsafeCSS(declarations(dark))}
    --_font: var(--gs-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_radius: var(--gs-radius, 12px);
    --_radius-small: var(--gs-radius-small, 8px);
    --_space: var(--gs-space, 1rem);
    --_shadow: var(--gs-shadow, 0 1px 2px rgb(0 0 0 / 0.25));
    --_transition: var(--gs-transition-duration, 160ms);

    display: block;
    box-sizing: border-box;
    color-scheme: dark;
  }
  :host([theme='light']) {
    ${unsafeCSS(declarations(light))}
    color-scheme: light;
  }
  @media (prefers-color-scheme: light) {
    :host([theme='auto']) {
      ${unsafeCSS(declarations(light))}
      color-scheme: light;
    }
  }
  :host([hidden]) {
    display: none;
  }
  /*
   * Forced colours (Windows contrast themes): the palette becomes the user's system colours, so
   * text, borders, the selection and focus follow their theme (painting would force most of it
   * anyway; colours read back from the styles — axe's too — then say the same).
   */
  @media (forced-colors: active) {
    :host,
    :host([theme]) {
      --_color-bg: Canvas;
      --_color-surface: Canvas;
      --_color-surface-raised: Canvas;
      --_color-border: CanvasText;
      --_color-text: CanvasText;
      --_color-text-muted: CanvasText;
      --_color-primary: Highlight;
      --_color-accent: Highlight;
      --_color-on-primary: HighlightText;
      --_focus-ring-color: Highlight;
      ${unsafeCSS(['completed', 'processing', 'queued', 'failed', 'partial'].map((k) => `--_status-${k}: CanvasText; --_status-${k}-bg: Canvas; --_status-${k}-fg: CanvasText;`).join('\n'))}
    }
  }
  /*
   * Inherited text properties are set again on each element's wrapper: a host's global rules
   * reach the host element (outer styles beat :host), never past this line. Use --gs-font-family.
   */
  .base {
    color: var(--_color-text);
    font-family: var(--_font);
    font-size: var(--gs-font-size, 0.9375rem);
    font-weight: 400;
    font-style: normal;
    line-height: 1.4;
    letter-spacing: normal;
    word-spacing: normal;
    text-transform: none;
    text-align: start;
    text-indent: 0;
    white-space: normal;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 2px solid var(--_focus-ring-color);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @keyframes gs-pulse {
    0%,
    100% {
      opacity: 1;
      transform: scale(1);
    }
    50% {
      opacity: 0.45;
      transform: scale(0.8);
    }
  }
  @keyframes gs-shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  .skeleton {
    border-radius: var(--_radius-small);
    background: linear-gradient(90deg, var(--_skeleton-color) 25%, var(--_color-surface-raised) 50%, var(--_skeleton-color) 75%);
    background-size: 200% 100%;
    animation: gs-shimmer 1.4s linear infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;

/** The status → colour-variable suffix, with seed 000's `pending` as `queued`. */
export function statusKey(status: string): 'completed' | 'processing' | 'queued' | 'failed' | 'partial' {
  return status === 'pending' ? 'queued' : (status as 'completed' | 'processing' | 'queued' | 'failed' | 'partial');
}
