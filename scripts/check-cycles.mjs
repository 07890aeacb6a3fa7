#!/usr/bin/env node
// `npm run check:cycles`: the import graph of apps/ and libs/ (spec files left out) has no cycle,
// neither between two files nor between two libraries. `#x` imports resolve through the "source"
// condition of package.json `imports`, relative ones to their .ts file. Prints every cycle found
// (file cycles as one strongly connected component each) and exits 1 if there is one.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const aliases = Object.fromEntries(
  Object.entries(pkg.imports).map(([name, target]) => [name, resolve(ROOT, typeof target === 'string' ? target : target.source)]),
);

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.ts$/.test(name) && !/\.(spec|e2e-spec|d)\.ts$/.test(name) && !/\.fixture\.ts$/.test(name)) out.push(path);
  }
  return out;
}

const files = ['apps', 'libs'].flatMap((d) => walk(join(ROOT, d)));
const SPECIFIER = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveSpecifier(from, spec) {
  if (spec.startsWith('#')) return aliases[spec] ?? null;
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

/** Type-only imports are erased, but a cycle through them is still a tangle: they count. */
const graph = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const deps = new Set();
  for (const m of text.matchAll(SPECIFIER)) {
    const target = resolveSpecifier(file, m[1] ?? m[2]);
    if (target && target !== file) deps.add(target);
  }
  graph.set(file, [...deps]);
}

/** Tarjan's strongly connected components; those of more than one node are the cycles. */
function cycles(nodes, edges) {
  let index = 0;
  const idx = new Map(), low = new Map(), onStack = new Set(), stack = [], out = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index += 1; stack.push(v); onStack.add(v);
    for (const w of edges(v)) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do { w = stack.pop(); onStack.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of nodes) if (!idx.has(v)) visit(v);
  return out;
}

const rel = (f) => relative(ROOT, f);
const fileCycles = cycles([...graph.keys()], (f) => (graph.get(f) ?? []).filter((d) => graph.has(d)));

const libOf = (f) => rel(f).match(/^(libs|apps)\/([^/]+)\//)?.slice(1, 3).join('/') ?? null;
const libEdges = new Map();
for (const [file, deps] of graph) {
  const from = libOf(file);
  for (const dep of deps) {
    const to = libOf(dep);
    if (!from || !to || from === to) continue;
    if (!libEdges.has(from)) libEdges.set(from, new Map());
    if (!libEdges.get(from).has(to)) libEdges.get(from).set(to, `${rel(file)} → ${rel(dep)}`);
  }
}
const libs = [...new Set([...graph.keys()].map(libOf).filter(Boolean))];
const libCycles = cycles(libs, (l) => [...(libEdges.get(l)?.keys() ?? [])]);

for (const scc of libCycles) {
  console.log(`library cycle: ${scc.join(' ↔ ')}`);
  for (const a of scc) for (const b of scc) if (libEdges.get(a)?.has(b)) console.log(`  ${libEdges.get(a).get(b)}`);
}
for (const scc of fileCycles) console.log(`file cycle:\n  ${scc.map(rel).join('\n  ')}`);
if (process.argv.includes('--graph')) {
  for (const l of libs.sort()) console.log(`${l} → ${[...(libEdges.get(l)?.keys() ?? [])].sort().join(', ')}`);
}
const n = libCycles.length + fileCycles.length;
console.log(n === 0 ? `no cycle among ${files.length} files of ${libs.length} apps and libraries` : `${libCycles.length} library cycle(s), ${fileCycles.length} file cycle(s)`);
process.exit(n === 0 ? 0 : 1);
