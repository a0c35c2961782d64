/**
 * The widgets' type declarations (`npm run build:widgets` → dist/types/) as a TypeScript host
 * sees them: built from widgets/tsconfig.types.json, then a host file that queries the tags,
 * calls element methods and listens to gs- events is type-checked against them (strictly, with
 * the declarations checked too) — and one that misuses them must fail.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const run = promisify(execFile);
// Inside the repository, so the declarations' own imports (lit, @lit/task) resolve as in a host's node_modules.
mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
const dir = mkdtempSync(join(root, 'node_modules', '.cache', 'genshelf-types-'));

/** Type-checks `source` as a host module; resolves to tsc's output ('' when it passes). */
async function check(name: string, source: string): Promise<{ ok: boolean; output: string }> {
  const host = join(dir, name);
  mkdirSync(host, { recursive: true });
  writeFileSync(join(host, 'host.ts'), source);
  writeFileSync(
    join(host, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM'], strict: true, noEmit: true, skipLibCheck: false, types: [] }, include: ['host.ts'] }),
  );
  try {
    await run(process.execPath, [tsc, '-p', host]);
    return { ok: true, output: '' };
  } catch (err) {
    return { ok: false, output: String((err as { stdout?: string }).stdout ?? err) };
  }
}

beforeAll(async () => {
  await run(process.execPath, [tsc, '-p', join(root, 'widgets', 'tsconfig.types.json'), '--outDir', join(dir, 'types')]);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('widget type declarations', () => {
  it('type the tags, the elements\' API and the gs- events for a TypeScript host', async () => {
    const result = await check(
      'good',
      `import type { MyWork, GsEventMap } from '../types/index.ts';
       import '../types/genshelf.ts';
       const work: MyWork | null = document.querySelector('my-work');
       if (work) {
         await work.refresh();
         work.filters = { ...work.filters, kind: 'video', sort: 'oldest' };
         work.tokenProvider = async () => 'token';
       }
       document.querySelector('recent-work')?.setAttribute('href-template', '/work/{id}');
       document.querySelector('media-preview')?.show(0, []);
       document.addEventListener('gs-regenerate', (e) => console.log(e.detail.prompt, e.detail.app_id));
       document.addEventListener('gs-error', (e) => console.log(e.detail.error.status));
       const name: keyof GsEventMap = 'gs-open';
       console.log(name);
       export {};`,
    );
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 60_000);

  it('and refuse what the elements do not take', async () => {
    const result = await check(
      'bad',
      `import '../types/genshelf.ts';
       const work = document.querySelector('my-work')!;
       work.filters = { ...work.filters, kind: 'gif' };
       document.addEventListener('gs-regenerate', (e) => console.log(e.detail.no_such_field));
       export {};`,
    );
    expect(result.ok).toBe(false);
    expect(result.output).toContain(`Type '"gif"' is not assignable`);
    expect(result.output).toContain('no_such_field');
  }, 60_000);
});
