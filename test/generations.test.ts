import { defineGenerationsContract } from './contract/generations.contract.ts';
import { nodeTarget } from './harness.ts';
import { workerTarget } from './worker-target.ts';

defineGenerationsContract('node', () => nodeTarget());
defineGenerationsContract('workerd', () => workerTarget());
