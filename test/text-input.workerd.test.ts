import { defineTextInputContract } from './contract/text-input.contract.ts';
import { workerTarget } from './worker-target.ts';

// The same contract as on Node, against the bundled Worker in workerd with a local D1 database.
defineTextInputContract('workerd', () => workerTarget());
