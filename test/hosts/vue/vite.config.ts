import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [
    vue({
      // genshelf's tags are custom elements, not Vue components.
      template: { compilerOptions: { isCustomElement: (tag) => ['job-stats', 'recent-work'].includes(tag) } },
    }),
  ],
});
