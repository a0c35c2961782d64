/**
 * The custom-elements manifest: `npm run analyze` writes `dist/custom-elements.json` (package.json
 * `"customElements"`) from the elements' JSDoc — `@tag`, `@summary`, `@fires`, `@slot`,
 * `@csspart`, `@cssprop` and the Lit `@property` declarations. Storybook builds its controls from
 * the same analysis (.storybook/custom-elements.ts runs it in-process), and
 * test/custom-elements.test.ts checks it against what the elements really render and fire.
 */
import { readFileSync } from 'node:fs';

/** `@summary` runs to the end of its paragraph; the paragraphs after it are the description. */
const summaryThenDescription = {
  name: 'genshelf:summary-then-description',
  packageLinkPhase({ customElementsManifest }) {
    for (const mod of customElementsManifest.modules) {
      for (const decl of mod.declarations ?? []) {
        if (!decl.summary) continue;
        const [summary, ...rest] = decl.summary.split(/\n\s*\n/);
        decl.summary = summary.replace(/\s*\n\s*/g, ' ').trim();
        const more = rest.join('\n\n').trim();
        if (more) decl.description = [more, decl.description].filter(Boolean).join('\n\n');
      }
    }
  },
};

/** Event types from `GsEventMap` (widgets/base/events.ts), where `@fires` names the event only. */
const eventTypes = {
  name: 'genshelf:event-types',
  packageLinkPhase({ customElementsManifest }) {
    const source = readFileSync(new URL('./widgets/base/events.ts', import.meta.url), 'utf8');
    const types = new Map([...source.matchAll(/^\s*'(gs-[a-z-]+)':\s*(CustomEvent<.*>);$/gm)].map((m) => [m[1], m[2]]));
    for (const mod of customElementsManifest.modules) {
      for (const decl of mod.declarations ?? []) {
        for (const event of decl.events ?? []) {
          if (!event.type && types.has(event.name)) event.type = { text: types.get(event.name) };
        }
      }
    }
  },
};

export default {
  globs: ['widgets/**/*.ts'],
  exclude: ['widgets/**/*.test.ts', 'widgets/test/**', 'widgets/genshelf.ts', 'widgets/react.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json names the file itself; the analyzer would rewrite package.json on every run.
  packagejson: false,
  plugins: [summaryThenDescription, eventTypes],
};
