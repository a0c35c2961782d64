import { defineAppIconsContract } from './contract/app-icons.contract.ts';
import { nodeTarget } from './harness.ts';

defineAppIconsContract('node', (env) => nodeTarget(env));
