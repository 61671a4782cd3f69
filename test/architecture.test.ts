import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { REPO_ROOT } from "./helpers/paths.ts";

// The shape of the code, checked: no file imports itself through others, no function grows past
// 150 lines except the numeric kernels, and store queries are written with the sql tag.

const ROOTS = ["src", "web/src", "bench", "test/helpers"];

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name))
        out.push(path);
    }
  };
  for (const root of ROOTS) walk(root);
  return out.sort();
}

/** Files each file imports (relative imports only; `import type` counts too). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(REPO_ROOT, file), "utf8");
    const { importedFiles } = ts.preProcessFile(text, true, true);
    graph.set(
      file,
      importedFiles
        .map((i) => i.fileName)
        .filter((name) => name.startsWith("."))
        .map((name) => relative(REPO_ROOT, resolve(dirname(join(REPO_ROOT, file)), name)))
        .filter((target) => existsSync(join(REPO_ROOT, target))),
    );
  }
  return graph;
}

/** Strongly connected components of more than one file (Tarjan): each is an import cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

test("no import cycles between files", () => {
  const graph = importGraph(sourceFiles());
  assert.ok(graph.size > 200, `${graph.size} files read`);
  assert.deepEqual(cycles(graph), []);
  // The check finds a cycle when there is one.
  assert.deepEqual(
    cycles(
      new Map([
        ["a", ["b"]],
        ["b", ["c"]],
        ["c", ["a"]],
        ["d", ["a"]],
      ]),
    ),
    [["a", "b", "c"]],
  );
});

const MOST_LINES = 150;
/** Numeric kernels: one tight loop each, clearer whole than split. */
const KERNELS = new Set([
  "src/models/gbt.ts growTree",
  "src/optimise/covering/mclp.ts solveMclp",
  "src/optimise/covering/capacitated.ts solveCapacitatedCover",
]);

/** Every function, method and arrow function longer than the limit: "file name" → lines. */
function longFunctions(files: readonly string[]): Map<string, number> {
  const long = new Map<string, number>();
  for (const file of files) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(REPO_ROOT, file), "utf8"),
      ts.ScriptTarget.Latest,
      true,
    );
    const visit = (node: ts.Node) => {
      if (
        ts.isFunctionDeclaration(node) ||
        ts.isFunctionExpression(node) ||
        ts.isArrowFunction(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isConstructorDeclaration(node)
      ) {
        const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
        const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = last - first + 1;
        if (lines > MOST_LINES) {
          const parent = node.parent;
          const name =
            (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name
              ? node.name.getText(source)
              : parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))
                ? parent.name.getText(source)
                : `(anonymous at line ${first + 1})`;
          long.set(`${file} ${name}`, lines);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return long;
}

test(`no function over ${MOST_LINES} lines outside the numeric kernels`, () => {
  const problems = [...longFunctions(sourceFiles())]
    .filter(([where]) => !KERNELS.has(where))
    .map(([where, lines]) => `${where}: ${lines} lines (split it)`);
  assert.deepEqual(problems, []);
});

// SQL text that does not come from the `sql` tag: only these files may write it, each for the
// reason given. Everything else states values with sql.value() and names with sql.id().
const TRUSTED_SQL = new Map([
  ["src/analytics/indicators/indicator-values.ts", "the indicator catalogue's own expressions"],
  ["bench/scale.bench.ts", "the bench's generating formula"],
  ["src/operations/migrations.ts", "the schema steps, text written in the code"],
]);

test("store queries are written with the sql tag; raw SQL text only where listed", () => {
  const offenders: string[] = [];
  for (const file of sourceFiles()) {
    if (file.startsWith("src/storage/")) continue;
    const text = readFileSync(join(REPO_ROOT, file), "utf8");
    if (text.includes("sql.trusted(") && !TRUSTED_SQL.has(file))
      offenders.push(`${file}: sql.trusted() outside the list`);
    // The API's routes and the CLI's commands ask query modules; they hold no SQL of their own.
    if (/^src\/(api|cli)\//.test(file) && /\bsql`|\.query\(/.test(text))
      offenders.push(`${file}: SQL in a route or command file`);
    // Quoting by hand is what sql.id() and sql.value() replace.
    if (/\.dialect\.quote(Identifier|String)\(/.test(text))
      offenders.push(`${file}: quotes SQL by hand`);
  }
  for (const file of TRUSTED_SQL.keys())
    if (!readFileSync(join(REPO_ROOT, file), "utf8").includes("sql.trusted("))
      offenders.push(`${file}: listed but no longer needs sql.trusted(); remove it from the list`);
  assert.deepEqual(offenders, []);
});
