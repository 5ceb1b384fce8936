// Lint: no module under src/ imports itself back through others at run time. A cycle makes the
// order modules are evaluated in depend on which one is imported first (a class used before its
// definition ran), so what two modules share goes into a leaf both import. Imports that only
// name types vanish in the build and are not counted. Exits 1 listing each cycle's modules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');

function sources(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'wasm') sources(p, out);
    } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const files = sources(SRC);
const known = new Set(files);

function resolve(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.js$/, '');
  return [`${stem}.ts`, `${stem}.tsx`, path.join(base, 'index.ts')].find((c) => known.has(c)) ?? null;
}

/** Whether an import or export declaration names only types (erased by the build). */
function typeOnly(st) {
  if (ts.isImportDeclaration(st)) {
    const c = st.importClause;
    if (!c) return false; // `import './x.js'` runs x
    if (c.isTypeOnly) return true;
    const named = c.namedBindings;
    return !c.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
  }
  if (st.isTypeOnly) return true;
  const named = st.exportClause;
  return !!named && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

const edges = new Map();
for (const file of files) {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const to = [];
  for (const st of sf.statements) {
    const isImport = ts.isImportDeclaration(st);
    if (!isImport && !(ts.isExportDeclaration(st) && st.moduleSpecifier)) continue;
    if (typeOnly(st)) continue;
    const target = resolve(file, st.moduleSpecifier.text);
    if (target) to.push(target);
  }
  edges.set(file, to);
}

// Tarjan's strongly connected components: every component of more than one module is a cycle.
let next = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
function visit(v) {
  index.set(v, next);
  low.set(v, next++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || edges.get(v).includes(v)) cycles.push(component);
  }
}
for (const f of files) if (!index.has(f)) visit(f);

if (cycles.length > 0) {
  for (const c of cycles) {
    const inCycle = new Set(c);
    process.stderr.write('import cycle:\n');
    for (const f of c.sort())
      process.stderr.write(
        `  ${path.relative(ROOT, f)} → ${edges
          .get(f)
          .filter((t) => inCycle.has(t))
          .map((t) => path.relative(ROOT, t))
          .join(', ')}\n`,
      );
  }
  process.stderr.write('Move what the modules share into a module neither imports back.\n');
  process.exit(1);
}
