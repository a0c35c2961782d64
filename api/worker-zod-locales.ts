/**
 * zod's `locales` namespace as the Worker bundle has it (wrangler.toml `[alias]`): English only.
 * @hono/zod-openapi hands zod's whole namespace object to `extendZodWithOpenApi`, so esbuild cannot
 * drop `z.locales` by itself — 40-odd languages, about a quarter of the gzipped Worker, for error
 * texts genshelf never shows (its error bodies are its own). Node keeps the real module.
 */
export { default as en } from 'zod/v4/locales/en.js';
