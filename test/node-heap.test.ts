/**
 * keepFreedHeap (api/node-heap.ts): after it, memory the server frees stays with the process for
 * the next allocations instead of being handed back and faulted in again. Measured in a fresh Node
 * process (the setting is the process's C library's): the page faults of allocating a 12 MiB
 * block in C a second time, after it was freed once — the kernel maps fresh pages only for
 * memory glibc gave back.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const glibc = Boolean((process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);

/** Page faults of the second 12 MiB scrypt block in a fresh process, with or without keepFreedHeap first. */
function faultsOfReusedBlock(keep: boolean): number {
  const code = `
    import { scryptSync } from 'node:crypto';
    import { keepFreedHeap } from ${JSON.stringify(new URL('../api/node-heap.ts', import.meta.url).href)};
    if (${keep}) keepFreedHeap();
    const block = () => scryptSync('a', 'b', 16, { N: 8192, r: 12, p: 1, maxmem: 32 * 2 ** 20 });
    block();
    const before = process.resourceUsage().minorPageFault;
    block();
    process.stdout.write(String(process.resourceUsage().minorPageFault - before));`;
  return Number(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' }));
}

describe.skipIf(!glibc)('keepFreedHeap', () => {
  it('keeps a freed 12 MiB block for the next allocation instead of mapping it afresh', () => {
    const pages = (12 * 2 ** 20) / 4096;
    // Without it glibc maps the block, frees it, and takes the next from fresh heap pages.
    expect(faultsOfReusedBlock(false)).toBeGreaterThan(pages / 2);
    expect(faultsOfReusedBlock(true)).toBeLessThan(pages / 20);
  });
});
