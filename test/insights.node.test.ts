import { defineInsightsContract } from './contract/insights.contract.ts';
import { nodeTarget } from './harness.ts';

defineInsightsContract('node', () => nodeTarget());
