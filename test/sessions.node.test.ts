import { defineSessionsContract } from './contract/sessions.contract.ts';
import { nodeTarget } from './harness.ts';

defineSessionsContract('node', (env) => nodeTarget(env));
