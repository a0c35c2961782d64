/** Registers `<usage-insights>` (and `<media-preview>`, which it opens; guarded: a second copy is harmless). */
import '../media-preview/define.ts';
import { UsageInsights } from './usage-insights.ts';

UsageInsights.define('usage-insights');

export { UsageInsights };
