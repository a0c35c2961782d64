import { workerTarget } from '../worker-target.ts';
import { defineAuthzMatrix } from './authz-matrix.contract.ts';

// The same matrix against the bundled Worker in workerd with a local D1 database and R2 bucket.
defineAuthzMatrix('workerd', () => workerTarget());
