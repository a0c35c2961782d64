import { defineGalleryContract } from './contract/gallery.contract.ts';
import { workerTarget } from './worker-target.ts';

// The same contract against the bundled Worker in workerd with a local D1 database.
defineGalleryContract('workerd', () => workerTarget());
