import { workerTarget } from '../worker-target.ts';
import { defineAuthzMatrix } from './authz-matrix.contract.ts';

// The same matrix against the bundled Worker in workerd with a local D1 database and R2 bucket
// (on a signed-in user's resources; Node runs it on an anonymous session's as well).
defineAuthzMatrix('workerd', () => workerTarget(), ['user']);
