import { defineAppsContract } from './contract/apps.contract.ts';
import { nodeTarget } from './harness.ts';

defineAppsContract('node', () => nodeTarget());
