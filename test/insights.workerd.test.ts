import { defineInsightsContract } from './contract/insights.contract.ts';
import { workerTarget } from './worker-target.ts';

// The same contract against the bundled Worker: D1 for events and jobs, R2 for the uploaded files.
defineInsightsContract('workerd', () => workerTarget());
