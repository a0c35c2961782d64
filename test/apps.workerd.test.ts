import { defineAppsContract } from './contract/apps.contract.ts';
import { workerTarget } from './worker-target.ts';

// The same contract against the bundled Worker on D1.
defineAppsContract('workerd', () => workerTarget());
