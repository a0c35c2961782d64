/**
 * The import graph of TypeScript sources, read with TypeScript's parser: static imports and
 * re-exports, side-effect imports, `import()` and `import('…')` types alike, each marked when it
 * brings only types. Shared by the layering tests (test/widget-imports.test.ts, test/api-layering.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const root = join(import.meta.dirname, '..');

export interface Edge {
  from: string;
  /** The file it points at (from the repository's root), or a package's module as written. */
  to: string;
  typeOnly: boolean;
  bare: boolean;
}

/** Every module specifier in `file` (a relative one resolved), and whether it brings only types. */
export function edgesOf(file: string): Edge[] {
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

/** Every `.ts` file under a folder of the repository, as absolute paths. */
export const tsFilesUnder = (folder: string): string[] =>
  (readdirSync(join(root, folder), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(root, folder, f));
