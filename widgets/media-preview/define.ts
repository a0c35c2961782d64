/** Registers `<media-preview>` (guarded: a second copy of this file is harmless). */
import { MediaPreview } from './media-preview.ts';

MediaPreview.define('media-preview');

export { MediaPreview };
