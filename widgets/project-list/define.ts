/** Registers `<project-list>` (guarded: a second copy of this file is harmless). */
import { ProjectList } from './project-list.ts';

ProjectList.define('project-list');

export { ProjectList };
