import { nodeTarget } from '../harness.ts';
import { defineAuthzMatrix } from './authz-matrix.contract.ts';

defineAuthzMatrix('node', () => nodeTarget());
