import { scryptSync } from 'node:crypto';

/** Twice this stays free at the heap's top before glibc gives memory back (mallopt(3)). */
const HEAP_KEPT_BYTES = 16 * 2 ** 20;

let kept = false;

/**
 * Lets glibc's malloc keep freed memory for the next socket reads instead of handing it back.
 *
 * Every 64 KiB socket read lands in a fresh buffer, freed only when the collector gets to it. By
 * default glibc returns the top of its heap to the system as soon as 128 KiB of it are free, so
 * the next reads fault those pages in again: 44–296 page faults per 1 MiB range through the video
 * proxy, a third of its system time, depending on whether some earlier free had raised the limit.
 * glibc raises it by itself (its "dynamic mmap threshold", mallopt(3)): freeing a block it had
 * mapped on its own sets the threshold to that block's size and the trim limit to twice that.
 * So this frees one such block on purpose, at start, and the server behaves the same every run
 * (about one fault per range). scrypt is the one call in Node that allocates a 16 MiB block in
 * C and frees it before it returns (36 ms, once). The cost: up to 32 MiB of freed heap stays
 * with the process. Elsewhere than glibc it is only the 36 ms.
 */
export function keepFreedHeap(): void {
  if (kept) return;
  kept = true;
  // N × r × 128 bytes of scratch memory: 16 MiB.
  scryptSync('genshelf', 'heap', 16, { N: HEAP_KEPT_BYTES / (8 * 128), r: 8, p: 1, maxmem: 2 * HEAP_KEPT_BYTES });
}
