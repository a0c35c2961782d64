/** Registers `<my-work>` (and `<media-preview>`, which it uses; guarded: a second copy is harmless). */
import '../media-preview/define.ts';
import { MyWork } from './my-work.ts';

MyWork.define('my-work');

export { MyWork };
