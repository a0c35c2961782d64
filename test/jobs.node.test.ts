import { defineJobsContract } from './contract/jobs.contract.ts';
import { nodeTarget } from './harness.ts';

defineJobsContract('node', () => nodeTarget());
