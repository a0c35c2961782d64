import { defineVideoProxyContract } from './contract/video-proxy.contract.ts';
import { workerTarget } from './worker-target.ts';

// workerd's outbound fetch reaches the local upstream on 127.0.0.1 (miniflare allows private addresses).
defineVideoProxyContract('workerd', (env) => workerTarget(env));
