/**
 * The README's "Embed it" blocks are the host apps test/e2e/hosts.test.ts installs and runs: a block
 * marked `<!-- snippet: <file> -->` is that whole file, one marked `<!-- snippet-part: <file> -->`
 * appears in it as it is. Editing one without the other fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/<!-- snippet(-part)?: (\S+) -->\n```\w*\n([\s\S]*?)```\n/g)].map(([, part, file, body]) => ({ part: Boolean(part), file: file!, body: body! }));

describe("README's Embed it", () => {
  it('has a block for a script tag, npm and a bundler, React, Vue, a Node server and Workers', () => {
    const embed = readme.slice(readme.indexOf('## Embed it'), readme.indexOf('\n## ', readme.indexOf('## Embed it') + 1));
    for (const heading of ['### A script tag', '### npm and a bundler', '### React', '### Vue', '### Mount the API in your server', '**Cloudflare Workers**']) expect(embed).toContain(heading);
    expect(snippets.map((s) => s.file)).toEqual([
      'test/hosts/plain/index.html',
      'test/hosts/vue/src/main.ts',
      'test/hosts/react/src/App.tsx',
      'test/hosts/vue/vite.config.ts',
      'test/hosts/vue/src/App.vue',
      'test/hosts/vue/src/genshelf.d.ts',
      'test/hosts/server/server.js',
      'test/hosts/worker/worker.ts',
    ]);
  });

  it.each(snippets)('$file is the block as the README shows it', ({ part, file, body }) => {
    const source = readFileSync(join(root, file), 'utf8');
    if (part) expect(source).toContain(body);
    else expect(body).toBe(source);
  });
});
