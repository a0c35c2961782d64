import { defineSeedClientsContract } from './contract/seed-clients.contract.ts';
import { workerTarget } from './worker-target.ts';

// The same clients against the bundled Worker in workerd with a local D1 database.
defineSeedClientsContract('workerd', () => workerTarget());
