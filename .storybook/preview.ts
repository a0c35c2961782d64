/**
 * Every story: controls from the custom-elements manifest (public members only), a theme switch
 * in the toolbar (dark, light, auto — a story's own `theme` arg wins), the page behind the
 * element in that theme's background, and axe on every story (a violation fails its test).
 */
import { setCustomElementsManifest, type Decorator, type Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import manifest from 'virtual:genshelf/custom-elements';
import '../widgets/genshelf.ts';

// Controls: the attributes, and the public properties that have none (`tokenProvider`, `strings`,
// …); private and protected fields (the analyzer lists them too) and attribute twins are left out.
for (const mod of manifest.modules) {
  for (const decl of mod.declarations ?? []) {
    if (decl.members) decl.members = decl.members.filter((m) => !m.static && !m.attribute && m.privacy !== 'private' && m.privacy !== 'protected');
  }
}
setCustomElementsManifest(manifest);

const withTheme: Decorator = (story, { args, globals }) => {
  const theme = (args.theme as string | undefined) ?? (globals.theme as string | undefined) ?? 'dark';
  return html`<div class="genshelf-story" data-theme=${theme}>${story()}</div>`;
};

const preview: Preview = {
  // A Docs page for every element: its attributes, properties, events, slots, parts and CSS properties
  // as the manifest describes them, above the stories.
  tags: ['autodocs'],
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'The elements\' theme (a story that sets `theme` keeps its own)',
      toolbar: { title: 'Theme', icon: 'contrast', items: ['dark', 'light', 'auto'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'dark' },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true, sort: 'requiredFirst' },
    a11y: { test: 'error' },
  },
};

export default preview;
