import { css } from 'lit';
import { roundIconButton } from '../base/shared.styles.ts';

export const styles = css`
  :host {
    display: contents;
  }
  dialog {
    position: fixed;
    width: min(var(--gs-media-preview-max-width, 72rem), calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    padding: 0;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    color: var(--_color-text);
    box-shadow: 0 20px 60px rgb(0 0 0 / 0.5);
    overflow: hidden;
  }
  dialog::backdrop {
    background: var(--gs-media-preview-backdrop, rgb(0 0 0 / 0.72));
  }
  .frame {
    display: flex;
    flex-direction: column;
    max-height: calc(100vh - 2rem);
  }
  .header {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    padding-block: 0.625rem;
    padding-inline: 1rem 0.75rem;
    border-bottom: 1px solid var(--_color-border);
  }
  .title {
    flex: 1;
    min-width: 0;
    margin: 0;
    font-size: 1rem;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .position {
    color: var(--_color-text-muted);
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  .icon-button {
    ${roundIconButton(css`2.25rem`)}
  }
  .icon-button:hover {
    border-color: var(--_color-primary);
  }
  .info-toggle[aria-pressed='true'] {
    border-color: var(--_color-primary);
    background: color-mix(in srgb, var(--_color-primary) 24%, var(--_color-surface));
  }
  .body {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    min-height: 0;
  }
  .body.with-info {
    grid-template-columns: minmax(0, 1fr) 20rem;
  }
  .stage-wrap {
    position: relative;
    min-width: 0;
    background: var(--_color-bg);
  }
  /* Over the stage's top right corner, clear of a video's own controls at the bottom. */
  .fullscreen {
    position: absolute;
    top: 0.5rem;
    inset-inline-end: 0.5rem;
    z-index: 1;
  }
  /* Full screen: the item alone on black, as large as the screen. */
  .stage-wrap:fullscreen {
    display: grid;
    background: #000;
  }
  .stage-wrap:fullscreen .stage {
    height: 100vh;
    max-height: none;
    padding: 0;
  }
  .stage {
    display: grid;
    place-items: center;
    height: min(70vh, 48rem);
    overflow: auto;
    padding: 0.75rem 3.25rem;
    box-sizing: border-box;
  }
  /* Fitted, nothing scrolls (a short window must not leave a scroller the keyboard cannot reach). */
  .stage:not(.zoomed):not([data-kind='text']) {
    overflow: hidden;
  }
  .stage[data-kind='text'] {
    height: auto;
    max-height: min(70vh, 48rem);
  }
  .stage img {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: contain;
    cursor: zoom-in;
    user-select: none;
    touch-action: pan-x pan-y;
  }
  .stage.zoomed {
    place-items: start;
    padding: 0;
  }
  .stage.zoomed img {
    margin: auto;
    cursor: grab;
  }
  .stage img.zoom-2 {
    cursor: zoom-out;
  }
  .nav {
    position: absolute;
    top: 50%;
    transform: translateY(-50%);
    z-index: 1;
  }
  .prev {
    inset-inline-start: 0.5rem;
  }
  .next {
    inset-inline-end: 0.5rem;
  }
  /* Mirrored, Previous sits on the right: its chevron points right. */
  :host(:dir(rtl)) .nav svg {
    transform: scaleX(-1);
  }
  .zoom-bar {
    position: absolute;
    left: 50%;
    bottom: 0.75rem;
    transform: translateX(-50%);
    display: flex;
    align-items: center;
    gap: 0.25rem;
    padding: 0.25rem;
    border: 1px solid var(--_color-border);
    border-radius: 999px;
    background: color-mix(in srgb, var(--_color-surface) 92%, transparent);
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.35);
  }
  .zoom-bar button {
    ${roundIconButton(css`2rem`)}
  }
  /* aria-disabled, not disabled: a button that keeps focus when it reaches the end. */
  .zoom-bar button[aria-disabled='true'] {
    opacity: 0.45;
    cursor: default;
  }
  .zoom-level {
    min-width: 3.25rem;
    text-align: center;
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums;
  }
  .info {
    min-width: 0;
    max-height: min(70vh, 48rem);
    overflow: auto;
    padding: 0.75rem 1rem;
    border-inline-start: 1px solid var(--_color-border);
    font-size: 0.875rem;
  }
  .info h3 {
    margin: 0 0 0.25rem;
    color: var(--_color-text-muted);
    font-size: 0.75rem;
    font-weight: 600;
    letter-spacing: 0.04em;
    text-transform: uppercase;
  }
  .info .prompt {
    margin: 0 0 1rem;
    line-height: 1.45;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .info dl {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    gap: 0.375rem 0.75rem;
    margin: 0 0 1rem;
  }
  .info dt {
    color: var(--_color-text-muted);
  }
  .info dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .info .open-in-app {
    display: inline-flex;
    align-items: center;
    min-height: 24px;
    margin: 0 0 1rem;
    color: inherit;
    font-weight: 600;
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  .info .open-in-app:focus-visible {
    outline: 2px solid var(--_color-primary);
    outline-offset: 2px;
  }
  .notice {
    position: absolute;
    left: 50%;
    bottom: 1rem;
    transform: translateX(-50%);
    max-width: calc(100% - 2rem);
    padding: 0.5rem 0.875rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.35);
    opacity: 0;
    pointer-events: none;
  }
  .notice.shown {
    opacity: 1;
  }
  @media (max-width: 48rem) {
    .body.with-info {
      grid-template-columns: minmax(0, 1fr);
    }
    .stage {
      height: min(55vh, 32rem);
      padding: 0.5rem;
    }
    .info {
      max-height: none;
      border-inline-start: 0;
      border-top: 1px solid var(--_color-border);
    }
    .frame {
      overflow: auto;
    }
  }
  /* As large as the stage allows, whatever the file's own size (a 480 px clip fills a desktop stage). */
  .video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: contain;
    background: #000;
  }
  .text-view {
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 0.5rem;
    width: 100%;
  }
  .text {
    width: 100%;
    max-height: calc(100vh - 12rem);
    margin: 0;
    padding: 1rem;
    overflow: auto;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface);
    font-family: var(--_font);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .copy {
    padding: 0.375rem 0.875rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
  }
  .message {
    color: var(--_color-text-muted);
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
    }
  }
`;
