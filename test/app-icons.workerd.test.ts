import { defineAppIconsContract } from './contract/app-icons.contract.ts';
import { workerTarget } from './worker-target.ts';

// workerd's outbound fetch reaches the local picture host on 127.0.0.1.
defineAppIconsContract('workerd', (env) => workerTarget(env));
