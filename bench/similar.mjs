#!/usr/bin/env node
// similar: the similar-proposal lookup (相似提案) over 100,000 proposals, as the intake worker does
// it for each new proposal: its features as the worker computes them (TextFeatures: jieba words,
// character bigrams, subject concepts, variants folded, the configured stop words) and search the in-memory index (BM25 retrieval, TF-IDF cosine re-ranking of 64
// candidates, the 10 best over the configured minimum score). Reports p50/p95/p99 in ms, the index
// build time and the memory it takes (heap and typed arrays; run node with --expose-gc for a
// steadier figure).
//
//   node bench/similar.mjs [--documents 100000] [--queries 1000] [--json]
//
// or, from another script (e.g. a suite of `npm run bench`):
//
//   import { run } from './similar.mjs';  const figures = await run({ documents: 100_000 });
//
// Plain Node ESM on the compiled application (dist/, `npm run build` first), like the other suites.
// The corpus is synthetic but made of real proposal language: each document recombines the
// clauses of one proposal of the labelled fixture (test/fixtures/intake) with a third of its
// clauses from others, a district and a year, so subjects repeat as they do over many sessions.
// Queries are the fixture's own texts (segmented in the timed path) and fresh synthetic ones.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PLACES = ['新华区', '卫东区', '湛河区', '石龙区', '高新区', '新城区', '宝丰县', '叶县', '鲁山县', '郏县', '舞钢市', '汝州市'];

/** A small deterministic PRNG (mulberry32), so every run benches the same corpus. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const r3 = (x) => Math.round(x * 1000) / 1000;

export async function run({ documents = 100_000, queries = 1000, log = (m) => process.stderr.write(`[similar] ${m}\n`) } = {}) {
  const { SimilarityIndex } = await import('#domain');
  const { loadIntakeConfig } = await import('#kernel');
  const { textFeaturesFor } = await import('#intake');
  const config = loadIntakeConfig(join(ROOT, 'config', 'intake.json'));
  const features = textFeaturesFor(config);
  const countOf = (fs) => {
    const m = new Map();
    for (const f of fs) m.set(f, (m.get(f) ?? 0) + 1);
    return m;
  };
  const settings = config.similarity;
  const fixture = readFileSync(join(ROOT, 'test', 'fixtures', 'intake', 'proposals.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

  // Clauses, segmented once each: a document's terms are the sum of its clauses' terms.
  const clauseTerms = new Map();
  const termsOfClause = (clause) => {
    let t = clauseTerms.get(clause);
    if (!t) clauseTerms.set(clause, (t = countOf(features.features(clause))));
    return t;
  };
  const clausesOf = (text) => text.split(/[，。；：！？\n]/).map((c) => c.trim()).filter((c) => c.length > 1);
  const proposals = fixture.map((p) => ({ title: p.title, clauses: clausesOf(p.content) }));
  const random = prng(196);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];

  function synthetic() {
    const base = pick(proposals);
    const clauses = base.clauses.filter(() => random() < 0.7);
    const extra = 2 + Math.floor(random() * 4);
    for (let i = 0; i < extra; i++) clauses.push(pick(pick(proposals).clauses));
    const place = pick(PLACES);
    const year = 2015 + Math.floor(random() * 10);
    const title = base.title.replace(/^关于/, `关于${random() < 0.5 ? place : ''}`);
    return { title, clauses, extra: `${place}${year}年` };
  }

  function termsOf(doc) {
    const counts = new Map();
    const add = (terms, weight = 1) => {
      for (const [t, n] of terms) counts.set(t, (counts.get(t) ?? 0) + n * weight);
    };
    add(termsOfClause(doc.title), settings.titleWeight);
    for (const c of doc.clauses) add(termsOfClause(c));
    add(termsOfClause(doc.extra));
    return counts;
  }

  log(`building an index of ${documents.toLocaleString('en')} proposals…`);
  const memory = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  globalThis.gc?.();
  const memoryBefore = memory();
  const buildStarted = performance.now();
  const index = new SimilarityIndex();
  for (let i = 0; i < documents; i++) index.add(`p${i}`, termsOf(synthetic()), i);
  const buildMs = performance.now() - buildStarted;
  globalThis.gc?.();
  const heapMiB = (memory() - memoryBefore) / 1024 / 1024;
  log(`built in ${(buildMs / 1000).toFixed(1)} s (${clauseTerms.size.toLocaleString('en')} distinct clauses), ~${heapMiB.toFixed(0)} MiB (heap and typed arrays)`);

  // Warm-up, then the timed lookups: half the fixture's real texts (segmented in the timed path),
  // half fresh synthetic proposals (their text joined again, segmented in the timed path too).
  const texts = [];
  for (let i = 0; i < queries; i++) {
    if (i % 2 === 0) {
      const p = fixture[(i / 2) % fixture.length];
      texts.push({ title: p.title, content: p.content });
    } else {
      const d = synthetic();
      texts.push({ title: d.title, content: `${d.clauses.join('，')}。${d.extra}` });
    }
  }
  const lookup = (t) => index.search(features.proposalFeatures(t.title, t.content, settings.titleWeight), { limit: settings.maxResults, minScore: settings.minScore });
  for (const t of texts.slice(0, 50)) lookup(t);
  const times = [];
  const searchOnly = [];
  let found = 0;
  for (const t of texts) {
    const t0 = performance.now();
    const terms = features.proposalFeatures(t.title, t.content, settings.titleWeight);
    const t1 = performance.now();
    const hits = index.search(terms, { limit: settings.maxResults, minScore: settings.minScore });
    const t2 = performance.now();
    times.push(t2 - t0);
    searchOnly.push(t2 - t1);
    found += hits.length;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const sortedSearch = [...searchOnly].sort((a, b) => a - b);
  return {
    documents,
    queries: times.length,
    lookupMs: { p50: r3(percentile(sorted, 50)), p95: r3(percentile(sorted, 95)), p99: r3(percentile(sorted, 99)), max: r3(sorted.at(-1)), mean: r3(times.reduce((a, b) => a + b, 0) / times.length) },
    searchOnlyMs: { p50: r3(percentile(sortedSearch, 50)), p95: r3(percentile(sortedSearch, 95)) },
    meanResults: r3(found / times.length),
    buildSeconds: r3(buildMs / 1000),
    heapMiB: Math.round(heapMiB),
    targetP95Ms: 50,
    meetsTarget: percentile(sorted, 95) < 50,
    node: process.version,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const figures = await run({ documents: option('documents', 100_000), queries: option('queries', 1000) });
  if (args.includes('--json')) {
    console.log(JSON.stringify(figures, null, 2));
  } else {
    console.log(`similar-proposal lookup over ${figures.documents.toLocaleString('en')} proposals, ${figures.queries} queries (segmentation + search):`);
    console.log(`  p50 ${figures.lookupMs.p50} ms, p95 ${figures.lookupMs.p95} ms, p99 ${figures.lookupMs.p99} ms, max ${figures.lookupMs.max} ms (search alone: p50 ${figures.searchOnlyMs.p50} ms, p95 ${figures.searchOnlyMs.p95} ms)`);
    console.log(`  index built in ${figures.buildSeconds} s, ~${figures.heapMiB} MiB (heap and typed arrays); ${figures.meanResults} results per lookup; target p95 < 50 ms: ${figures.meetsTarget ? 'met' : 'NOT met'}`);
  }
  process.exit(figures.meetsTarget ? 0 : 1);
}
