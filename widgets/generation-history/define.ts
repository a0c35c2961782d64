/** Registers `<generation-history>` (and `<media-preview>`, which it uses; guarded: a second copy is harmless). */
import '../media-preview/define.ts';
import { GenerationHistory } from './generation-history.ts';

GenerationHistory.define('generation-history');

export { GenerationHistory };
