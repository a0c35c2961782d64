/**
 * Storybook 10 for the genshelf elements (`npm run storybook`, `npm run build-storybook` →
 * storybook-static/). The stories talk to the real API: in the dev server (and the story tests,
 * which run on this same Vite config) genshelf-api.ts starts it in-process; the static build is
 * served by `npm start` at /storybook/ beside the API. Controls come from the custom-elements
 * manifest, analysed from the elements' JSDoc as Storybook starts (custom-elements.ts).
 */
import type { StorybookConfig } from '@storybook/web-components-vite';
import { customElementsManifest } from './custom-elements.ts';
import { genshelfApi } from './genshelf-api.ts';

const config: StorybookConfig = {
  stories: ['../stories/*.stories.ts'],
  // addon-docs: a Docs page per element (autodocs, preview.ts) from the custom-elements manifest.
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  // No network: telemetry would wait on timeouts in every build.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    const { mergeConfig } = await import('vite');
    return mergeConfig(config, {
      plugins: [genshelfApi(), customElementsManifest()],
      // One copy of Lit (else "Multiple versions of Lit loaded"), and no re-optimising mid-run.
      optimizeDeps: {
        include: ['lit', 'lit/decorators.js', 'lit/directive.js', 'lit/directive-helpers.js', 'lit/directives/repeat.js', 'lit/directives/style-map.js', 'lit/directives/guard.js', 'lit/directives/if-defined.js', '@lit/task', '@lit/context', 'client-zip'],
      },
    });
  },
};

export default config;
