/** Registers `<asset-gallery>` (and `<media-preview>`, which it uses; guarded: a second copy is harmless). */
import '../media-preview/define.ts';
import { AssetGallery } from './asset-gallery.ts';

AssetGallery.define('asset-gallery');

export { AssetGallery };
