import { css } from 'lit';

/**
 * Declarations (not rules) shared by several elements' styles; interpolated inside a rule
 * (`button { ${retryButton} }`), which Lit's `css` allows for its own results.
 */

/** The outlined button of an error state ("Retry"), in the error's colour. */
export const retryButton = css`
  font: inherit;
  font-weight: 600;
  padding: 0.375rem 0.875rem;
  border-radius: var(--_radius-small);
  border: 1px solid currentColor;
  background: transparent;
  color: inherit;
  cursor: pointer;
`;

/** An image filling its positioned box (thumbnails). */
export const coverImage = css`
  position: absolute;
  inset: 0;
  width: 100%;
  height: 100%;
  object-fit: cover;
`;

/** A round, outlined icon button (`size`: its diameter). */
export const roundIconButton = (size: ReturnType<typeof css>) => css`
  display: inline-grid;
  place-items: center;
  width: ${size};
  height: ${size};
  padding: 0;
  border: 1px solid var(--_color-border);
  border-radius: 999px;
  background: var(--_color-surface-raised);
`;
