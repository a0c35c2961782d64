/** Registers `<usage-insights>` (and `<media-preview>`, which it opens; guarded: a second copy is harmless). */
import { MediaPreview } from '../media-preview/media-preview.ts';
import { UsageInsights } from './usage-insights.ts';

UsageInsights.define('usage-insights');
// Here, not by importing media-preview/define.ts: a module two package entries share lands in a chunk,
// which bundlers may drop as free of side effects (package.json `sideEffects` names the entries only).
MediaPreview.define('media-preview');

export { UsageInsights };
