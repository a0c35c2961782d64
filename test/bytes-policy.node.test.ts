import { defineBytesPolicyContract } from './contract/bytes-policy.contract.ts';
import { nodeTarget } from './harness.ts';

defineBytesPolicyContract('node', () => nodeTarget());
