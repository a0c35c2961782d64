import { defineUsageContract, usageEnv } from './contract/usage.contract.ts';
import { workerTarget } from './worker-target.ts';

// Uploads stream into R2 (miniflare's local bucket), held to the same quotas.
defineUsageContract('workerd', () => workerTarget(usageEnv));
