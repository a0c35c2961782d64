/**
 * The V8 flags genshelf's Node server starts with: on `npm start`'s command line, in the
 * `genshelf` bin's first line (scripts/build-server.ts) and in the bench's servers — one list,
 * which test/node-flags.test.ts holds them to. They must be given when Node starts:
 * `v8.setFlagsFromString` after start-up did not stop the reducer below (measured).
 *
 * `--no-memory-reducer`: after a few seconds without load V8 shrinks the heap ("Mark-Compact
 * (reduce)") and leaves the old generation's limit just above what was left. The video proxy
 * fills the old generation by a few MiB a second — on Node 20 each web stream and each AbortSignal
 * leaves work for a full collection (200,000 of either, dropped at once, cost 6–10 full collections;
 * plain objects none) — so after the first pause it ran a full collection every 0.2 s,
 * for good: 1 MiB ranges through it fell from about 600 to 300 MiB/s, and half its CPU on a full
 * download ran on V8's marking threads. With the flag it keeps its speed across pauses (the full
 * bench's second round). The cost: an idle process keeps its heap (tens of MiB).
 */
export const NODE_FLAGS = ['--no-memory-reducer'] as const;
