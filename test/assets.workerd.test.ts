import { assetsEnv, defineAssetsContract } from './contract/assets.contract.ts';
import { workerTarget } from './worker-target.ts';

// The same contract against the bundled Worker: uploads stream into R2 (miniflare's local bucket).
defineAssetsContract('workerd', () => workerTarget(assetsEnv));
