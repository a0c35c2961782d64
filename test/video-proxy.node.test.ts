import { defineVideoProxyContract } from './contract/video-proxy.contract.ts';
import { nodeFetch } from '../api/node-fetch.ts';
import { nodeTarget } from './harness.ts';

defineVideoProxyContract('node', (env) => nodeTarget(env));
// As api/node.ts runs it: the upstream requests through node:http (api/node-fetch.ts), not the global fetch.
defineVideoProxyContract('node, node:http upstream', (env) => nodeTarget(env, { fetch: nodeFetch }));
