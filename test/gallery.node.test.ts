import { defineGalleryContract } from './contract/gallery.contract.ts';
import { nodeTarget } from './harness.ts';

defineGalleryContract('node', () => nodeTarget());
