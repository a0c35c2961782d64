/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`) for bench/RESULTS.md: where the main
 * thread's time went, by area (idle, GC, genshelf's own files, each npm package, Node's
 * internals) and by function — self time, and inclusive time (a function and what it calls).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Share of the time the thread was busy (not idle). */
  busy: number;
  areas: { area: string; ms: number }[];
  self: { fn: string; ms: number }[];
  inclusive: { fn: string; ms: number }[];
}

/** Where a frame's code lives: `(idle)`/`(garbage collector)`/…, `api/…` file, npm package, or `node:` internals. */
function areaOf(f: CallFrame): string {
  if (!f.url) return f.functionName.startsWith('(') ? f.functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
  if (pkg) return pkg[1]!;
  if (f.url.startsWith('node:')) return 'node: internals';
  const own = /\/((?:api|bench)\/.*)$/.exec(f.url);
  return own ? own[1]!.replace(/\/[^/]+$/, '/') : f.url;
}

function nameOf(f: CallFrame): string {
  const where = f.url ? f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(api|bench)\//, '$1/').replace(/^node:/, 'node:') : '';
  return `${f.functionName || '(anonymous)'}${where ? ` ${where}:${f.lineNumber + 1}` : ''}`;
}

/** Summarises the last `windowS` seconds of the profile (the load, not the start-up's module loading). */
export function summariseProfile(file: string, windowS: number, top = 15): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const from = p.endTime - windowS * 1e6;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    const us = p.timeDeltas[i] ?? 0;
    t += us;
    if (t < from) continue;
    const node = byId.get(p.samples[i]!)!;
    total += us;
    const f = node.callFrame;
    if (f.functionName === '(idle)') idle += us;
    const area = areaOf(f);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const key = nameOf(f);
    self.set(key, (self.get(key) ?? 0) + us);
    // Inclusive: each function on the stack once, however often it recurs.
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const k = nameOf(byId.get(id)!.callFrame);
      if (k === '(root)' || seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: total / 1000,
    busy: total ? 1 - idle / total : 0,
    areas: sorted(areas).slice(0, top).map(([area, us]) => ({ area, ms: us / 1000 })),
    self: sorted(self).slice(0, top).map(([fn, us]) => ({ fn, ms: us / 1000 })),
    inclusive: sorted(inclusive)
      .filter(([fn]) => !fn.startsWith('('))
      .slice(0, top)
      .map(([fn, us]) => ({ fn, ms: us / 1000 })),
  };
}

/**
 * The main thread's profile in a `--cpu-prof-dir` (Node writes one per thread, named
 * `CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile`; the main thread is 0).
 * @throws when there is none
 */
export function mainThreadProfile(dir: string): string {
  const file = readdirSync(dir).find((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f));
  if (!file) throw new Error(`node --cpu-prof wrote no main-thread profile into ${dir}`);
  return join(dir, file);
}
