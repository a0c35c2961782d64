import { defineBytesPolicyContract } from './contract/bytes-policy.contract.ts';
import { workerTarget } from './worker-target.ts';

// R2 behind the same byte-serving code as the disk store.
defineBytesPolicyContract('workerd', () => workerTarget());
