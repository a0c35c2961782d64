/**
 * The self-registering bundle (`dist/genshelf.js`): one `<script type="module">` defines every
 * genshelf element. Loading it twice is harmless (each `define` is guarded).
 */
import './asset-gallery/define.ts';
import './generation-history/define.ts';
import './job-stats/define.ts';
import './media-preview/define.ts';
import './my-work/define.ts';
import './project-list/define.ts';
import './recent-work/define.ts';
import './usage-insights/define.ts';
import './user-settings/define.ts';

export * from './index.ts';
