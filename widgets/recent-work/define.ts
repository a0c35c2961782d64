/** Registers `<recent-work>` (guarded: a second copy of this file is harmless). */
import { RecentWork } from './recent-work.ts';

RecentWork.define('recent-work');

export { RecentWork };
