/**
 * No module of shared/, functions/ or local/ imports itself back through others, type-only imports included: a
 * cycle makes load order matter and keeps two layers from being read, or moved, apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

const sourcesIn = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesIn(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });

/** Each file's relative static imports and re-exports (dynamic `import()` loads late and cannot close a cycle). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  return new Map(files.map((file) => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    const imported = source.statements.flatMap((statement) => {
      const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) ? statement.moduleSpecifier : undefined;
      return specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.') ? [resolve(dirname(file), specifier.text)] : [];
    });
    return [file, imported];
  }));
}

/** The strongly connected components of more than one file (Tarjan): each is one or more cycles. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    order.set(file, order.size);
    low.set(file, order.get(file)!);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!order.has(next)) visit(next);
      if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, low.get(next)!));
    }
    if (low.get(file) !== order.get(file)) return;
    const component = stack.splice(stack.indexOf(file));
    if (component.length > 1 || graph.get(file)?.includes(file)) found.push(component.map((f) => relative(root, f)).sort());
  };
  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return found;
}

it('has no import cycle in shared/, functions/ or local/', () => {
  const graph = importGraph(['shared', 'functions', 'local'].flatMap((dir) => sourcesIn(join(root, dir))));
  expect(cycles(graph)).toEqual([]);
});

it('finds a cycle when there is one', () => {
  const [a, b, c] = ['a.ts', 'b.ts', 'c.ts'].map((name) => join(root, name)) as [string, string, string];
  expect(cycles(new Map([[a, [b]], [b, [c]], [c, [a]]]))).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  expect(cycles(new Map([[a, [b]], [b, [c]], [c, []]]))).toEqual([]);
});
