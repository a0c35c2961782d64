import { defineTextInputContract } from './contract/text-input.contract.ts';
import { nodeTarget } from './harness.ts';

defineTextInputContract('node', () => nodeTarget());
