import { defineProjectsContract } from './contract/projects.contract.ts';
import { nodeTarget } from './harness.ts';
import { workerTarget } from './worker-target.ts';

defineProjectsContract('node', () => nodeTarget());
defineProjectsContract('workerd', () => workerTarget());
