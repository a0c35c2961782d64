import { defineUsageContract, usageEnv } from './contract/usage.contract.ts';
import { nodeTarget } from './harness.ts';

defineUsageContract('node', () => nodeTarget(usageEnv));
