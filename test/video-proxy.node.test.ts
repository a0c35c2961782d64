import { defineVideoProxyContract } from './contract/video-proxy.contract.ts';
import { nodeTarget } from './harness.ts';

defineVideoProxyContract('node', (env) => nodeTarget(env));
