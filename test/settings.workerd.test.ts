import { defineSettingsContract } from './contract/settings.contract.ts';
import { workerTarget } from './worker-target.ts';

// The same contract against the bundled Worker on D1.
defineSettingsContract('workerd', () => workerTarget());
