import { css } from 'lit';
import { roundIconButton } from '../base/shared.styles.ts';

export const styles = css`
  :host {
    display: contents;
  }
  dialog {
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
    padding: 0.625rem 0.75rem 0.625rem 1rem;
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
  .stage {
    position: relative;
    display: grid;
    place-items: center;
    min-height: 16rem;
    overflow: auto;
    padding: 0.75rem 3.25rem;
    background: var(--_color-bg);
  }
  .nav {
    position: absolute;
    top: 50%;
    transform: translateY(-50%);
    z-index: 1;
  }
  .prev {
    left: 0.5rem;
  }
  .next {
    right: 0.5rem;
  }
  .zoom {
    padding: 0;
    border: 0;
    background: none;
    cursor: zoom-in;
    max-width: 100%;
  }
  .zoom img {
    display: block;
    max-width: 100%;
    max-height: calc(100vh - 8rem);
    width: auto;
    height: auto;
    object-fit: contain;
  }
  .zoom.zoomed {
    cursor: zoom-out;
    max-width: none;
  }
  .zoom.zoomed img {
    max-width: none;
    max-height: none;
  }
  .video {
    display: block;
    max-width: 100%;
    max-height: calc(100vh - 8rem);
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
