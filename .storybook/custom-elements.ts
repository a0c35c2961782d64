/**
 * `virtual:genshelf/custom-elements`: the custom-elements manifest, analysed from the elements'
 * JSDoc when the preview first imports it (the same analysis `npm run analyze` writes to
 * dist/custom-elements.json), so controls never lag behind the code; a change to an element
 * file marks it stale.
 */
import type { Plugin } from 'vite';
import { analyzeElements } from '../scripts/custom-elements.ts';

const id = 'virtual:genshelf/custom-elements';
const resolved = `\0${id}`;

export function customElementsManifest(): Plugin {
  return {
    name: 'genshelf:custom-elements',
    resolveId: (source) => (source === id ? resolved : undefined),
    async load(source) {
      if (source !== resolved) return undefined;
      return `export default ${JSON.stringify(await analyzeElements())};`;
    },
    handleHotUpdate({ file, server }) {
      if (!/\/widgets\/.*\.ts$/.test(file) || /\.test\.ts$/.test(file)) return;
      const mod = server.moduleGraph.getModuleById(resolved);
      if (mod) server.moduleGraph.invalidateModule(mod);
    },
  };
}
