/**
 * The API's layering (README, *Code tour*): routes never import routes or drizzle; services
 * never import routes or presenters; no import cycles anywhere in `api/` (type-only imports
 * count too: a cycle of types still ties two modules into one).
 */
import { describe, expect, it } from 'vitest';
import { edgesOf, tsFilesUnder, type Edge } from './import-graph.ts';

const edges = tsFilesUnder('api').flatMap(edgesOf);
const inFolder = (folder: string) => (path: string) => path.startsWith(`${folder}/`);
const show = (e: Edge) => `${e.from} → ${e.to}`;

/** Imports that break a rule and are being moved by work under way; each must still occur, so the list only shrinks. */
const pending = new Set<string>([]);
const breaking = (list: Edge[]) => list.map(show).filter((e) => !pending.has(e));

/** Every cycle's modules (strongly connected components of more than one file, or a self-import), by Tarjan. */
function cycles(list: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of list) if (!e.bare) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || next.get(v)?.includes(v)) found.push(scc.sort());
    }
  };
  for (const v of next.keys()) if (!order.has(v)) visit(v);
  return found;
}

describe('the API layering', () => {
  it('reads the sources (a parser that finds nothing would pass anything)', () => {
    expect(edges.filter((e) => inFolder('api/routes')(e.from) && inFolder('api/services')(e.to)).length).toBeGreaterThan(20);
    expect(edges.some((e) => e.bare && e.to === 'drizzle-orm')).toBe(true);
  });

  it('routes never import routes', () => {
    expect(breaking(edges.filter((e) => inFolder('api/routes')(e.from) && inFolder('api/routes')(e.to)))).toEqual([]);
  });

  it('routes never import drizzle', () => {
    expect(breaking(edges.filter((e) => inFolder('api/routes')(e.from) && e.bare && (e.to === 'drizzle-orm' || e.to.startsWith('drizzle-orm/'))))).toEqual([]);
  });

  it('services never import routes or presenters', () => {
    expect(breaking(edges.filter((e) => inFolder('api/services')(e.from) && (inFolder('api/routes')(e.to) || inFolder('api/presenters')(e.to))))).toEqual([]);
  });

  it('every pending exception still occurs (take it off the list once it is moved)', () => {
    const all = new Set(edges.map(show));
    expect([...pending].filter((e) => !all.has(e))).toEqual([]);
  });

  it('no import cycles', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const edge = (from: string, to: string): Edge => ({ from, to, typeOnly: true, bare: false });
    expect(cycles([edge('a.ts', 'b.ts'), edge('b.ts', 'c.ts'), edge('c.ts', 'a.ts'), edge('c.ts', 'd.ts')])).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
