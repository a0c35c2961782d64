import { assetsEnv, defineAssetsContract } from './contract/assets.contract.ts';
import { nodeTarget } from './harness.ts';

defineAssetsContract('node', () => nodeTarget(assetsEnv));
