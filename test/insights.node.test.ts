import { defineInsightsContract } from './contract/insights.contract.ts';
import { nodeTarget } from './harness.ts';

// Views of public links are written 20 ms after the first of a batch (VIEW_FLUSH_MS), not a second.
defineInsightsContract('node', () => nodeTarget({ VIEW_FLUSH_MS: 20 }));
