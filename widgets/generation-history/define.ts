/** Registers `<generation-history>` (and `<media-preview>`, which it uses; guarded: a second copy is harmless). */
import { MediaPreview } from '../media-preview/media-preview.ts';
import { GenerationHistory } from './generation-history.ts';

GenerationHistory.define('generation-history');
// Here, not by importing media-preview/define.ts: a module two package entries share lands in a chunk,
// which bundlers may drop as free of side effects (package.json `sideEffects` names the entries only).
MediaPreview.define('media-preview');

export { GenerationHistory };
