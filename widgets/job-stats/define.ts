/** Registers `<job-stats>` (guarded: a second copy of this file is harmless). */
import { JobStats } from './job-stats.ts';

JobStats.define('job-stats');

export { JobStats };
