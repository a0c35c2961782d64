/**
 * The widgets' layering (the developers' guide): `widgets/` imports only *types* from `api/`, and
 * nothing from `stories/` or `.storybook/` — stories import the elements, never the other way.
 * Read from the sources with TypeScript's parser: static imports and re-exports, side-effect
 * imports and `import()` alike. And every package module the elements load is pre-bundled by
 * Storybook's Vite: one found mid-run makes Vite reload the story tests' page, and vitest then
 * fails the file with "failed to find the current suite".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

interface Edge {
  from: string;
  /** The file it points at (from the repository's root), or a package's module as written. */
  to: string;
  typeOnly: boolean;
  bare: boolean;
}

/** Every module specifier in `file` (a relative one resolved), and whether it brings only types. */
function edgesOf(file: string): Edge[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const edges: Edge[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier)) return;
    const bare = !specifier.text.startsWith('.');
    edges.push({ from: relative(root, file), to: bare ? specifier.text : relative(root, resolve(dirname(file), specifier.text)), typeOnly, bare });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named?.length && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const widgetFiles = (readdirSync(join(root, 'widgets'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(root, 'widgets', f));
const edges = widgetFiles.flatMap(edgesOf);
const into = (folder: string) => (e: Edge) => e.to === folder || e.to.startsWith(`${folder}/`);

describe('what widgets/ imports', () => {
  it('reads the sources (a parser that finds nothing would pass anything)', () => {
    expect(edges.filter(into('widgets/base')).length).toBeGreaterThan(20);
    // Both kinds are told apart: `import type { GsEventMap } from '../base/events.ts'` and `import { GsElement } from …`.
    expect(edges.some((e) => e.typeOnly && e.to === 'widgets/base/events.ts')).toBe(true);
    expect(edges.some((e) => !e.typeOnly && e.to === 'widgets/base/gs-element.ts')).toBe(true);
  });

  it('nothing from stories/ or .storybook/', () => {
    expect(edges.filter((e) => into('stories')(e) || into('.storybook')(e))).toEqual([]);
  });

  it('only types from api/', () => {
    expect(edges.filter((e) => into('api')(e) && !e.typeOnly)).toEqual([]);
  });

  it('every package module the elements load is in Storybook\'s optimizeDeps.include', () => {
    const include = /optimizeDeps:\s*\{\s*include:\s*\[([^\]]*)\]/.exec(readFileSync(join(root, '.storybook', 'main.ts'), 'utf8'))?.[1] ?? '';
    const prebundled = new Set([...include.matchAll(/'([^']+)'/g)].map((m) => m[1]));
    const loaded = new Set(edges.filter((e) => e.bare && !e.typeOnly && !/\.test\.ts$|^widgets\/test\//.test(e.from)).map((e) => e.to));
    expect(loaded.size).toBeGreaterThan(3);
    expect([...loaded].filter((module) => !prebundled.has(module))).toEqual([]);
  });
});
