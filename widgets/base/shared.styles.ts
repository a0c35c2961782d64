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
