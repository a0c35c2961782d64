import { defineSeedClientsContract } from './contract/seed-clients.contract.ts';
import { nodeTarget } from './harness.ts';

defineSeedClientsContract('node', () => nodeTarget());
