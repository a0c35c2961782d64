import { defineInsightsContract } from './contract/insights.contract.ts';
import { workerTarget } from './worker-target.ts';

// The same contract against the bundled Worker: D1 for events and jobs, R2 for the uploaded files;
// views of public links written 20 ms after the first of a batch, kept alive by waitUntil.
defineInsightsContract('workerd', () => workerTarget({ VIEW_FLUSH_MS: '20' }));
