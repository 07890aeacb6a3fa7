#!/usr/bin/env node
// routing: the routing model (承办单位推荐模型, UnitRouting) over 100,000 assigned proposals in
// Postgres — what it costs to build it in full, to refresh it incrementally from the assignment
// events, and to route a proposal with it.
//
//   node --expose-gc bench/routing.mjs [--proposals 100000] [--queries 1000] [--changes 100] [--json]
//
// Plain Node ESM on the compiled application (dist/, `npx nest build` first), like the other
// benches. A fresh database (dropped at the end) gets the migrations, 45 departments (one per
// department type, with its type), the proposals with their similarity documents and one lead
// assignment each (one in five also a co-unit), and a `proposal.assigned` event per proposal
// recorded an hour ago. The documents' terms are those of the 340 short proposals of
// test/fixtures/intake-eval and the 155 long ones of test/fixtures/intake, cycled (real sizes and
// vocabulary), each assigned to the unit of its labelled type (the short ones) or to one at random.
//
// Measured: the full build (first read), an idle refresh (nothing changed), a refresh after
// `--changes` new assigned proposals and as many reassignments (a lead moved to another unit), the
// routing of `--queries` texts (features + model + reasons, as GET /routing-suggestions computes
// them, without its SQL), and whether the refreshed model agrees with one built afresh.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createBenchDatabase, log, migrate } from './lib/common.mjs';
import { seedDirectory, uid } from './lib/seed.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const r2 = (x) => Math.round(x * 100) / 100;
const heapMb = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

function texts() {
  const [header, ...lines] = readFileSync(join(ROOT, 'test/fixtures/intake-eval/corpus.tsv'), 'utf8').split('\n').filter((l) => l.trim());
  const cols = header.split('\t');
  const short = lines.map((l) => Object.fromEntries(cols.map((c, i) => [c, l.split('\t')[i] ?? '']))).map((o) => ({ title: o.title, content: o.summary, type: o.type }));
  const long = readFileSync(join(ROOT, 'test/fixtures/intake/proposals.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((p) => ({ title: p.title, content: p.content, type: null }));
  return [...short, ...long];
}

export async function run({ proposals = 100_000, queries = 1000, changes = 100 } = {}) {
  const { DEPARTMENT_TYPES, suggestUnitsFromModel } = await import('#domain');
  const { loadIntakeConfig } = await import('#kernel');
  const { createDataSource } = await import('#persistence');
  const { UnitRouting, FEATURES_VERSION, textFeaturesFor } = await import('#intake');
  const config = loadIntakeConfig(join(ROOT, 'config/intake.json'));
  const features = textFeaturesFor(config);
  const corpus = texts();
  const types = DEPARTMENT_TYPES.map((t) => t.code);

  const db = await createBenchDatabase('routing');
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  const ds = createDataSource({ url: db.url, applicationName: 'duban-bench-routing' });
  try {
    await migrate(db.url);
    const dir = await seedDirectory(pool, { departments: types.length, proposers: 200 });
    await pool.query(`UPDATE units SET department_type = ($1::text[])[substring(code from 2)::int] WHERE kind = 'department'`, [types]);
    const unitNumberOf = (type) => (type ? types.indexOf(type) + 1 : 0);
    const docs = corpus.map((t) => JSON.stringify(Object.fromEntries(features.proposalFeatures(t.title, t.content, config.similarity.titleWeight))));
    const titles = corpus.map((t) => t.title);
    const contents = corpus.map((t) => t.content);
    const unitNumbers = corpus.map((t) => unitNumberOf(t.type));
    const seedFrom = async (from, count, recordedAgo) => {
      await pool.query(
        `INSERT INTO proposals (id, session_id, number, title, content, status, category, lead_proposer_id, submitted_at, filed_at, round, version)
         SELECT ${uid('p', 'n')}, $1, n, ($2::text[])[1 + n % $4::int], ($3::text[])[1 + n % $4::int], 'assigned', '社会', ${uid('m', '1 + n % 200')},
                now() - interval '30 days', now() - interval '29 days', 1, 1
           FROM generate_series($5::int, $5::int + $6::int - 1) n`,
        [dir.sessionId, titles, contents, corpus.length, from, count],
      );
      await pool.query(
        `INSERT INTO similarity_documents (proposal_id, text_md5, terms, length, features, indexed_at)
         SELECT ${uid('p', 'n')}, md5(n::text), ($1::jsonb[])[1 + n % $2::int], 10, $5, now() - $6::interval
           FROM generate_series($3::int, $3::int + $4::int - 1) n`,
        [docs, corpus.length, from, count, FEATURES_VERSION, recordedAgo],
      );
      // The lead: the unit of the text's labelled type (else one by the row number); one in five also a co-unit.
      await pool.query(
        `WITH s AS (
           SELECT n, CASE WHEN ($1::int[])[1 + n % $2::int] > 0 THEN ($1::int[])[1 + n % $2::int] ELSE 1 + n % $5::int END AS lead,
                  1 + (n * 7 + 3) % $5::int AS co
             FROM generate_series($3::int, $3::int + $4::int - 1) n)
         INSERT INTO assignments (id, proposal_id, unit_id, role, state, assigned_at, version)
         SELECT ${uid('a', 'n')}, ${uid('p', 'n')}, ${uid('u', 'lead')}, 'lead', 'accepted', now(), 1 FROM s
         UNION ALL
         SELECT ${uid('c', 'n')}, ${uid('p', 'n')}, ${uid('u', 'co')}, 'co', 'accepted', now(), 1 FROM s WHERE n % 5 = 0 AND co <> lead`,
        [unitNumbers, corpus.length, from, count, types.length],
      );
      await pool.query(
        `INSERT INTO events (type, proposal_id, subject_type, subject_id, actor, payload, occurred_at, recorded_at, dispatched_at)
         SELECT 'proposal.assigned', ${uid('p', 'n')}, 'proposal', ${uid('p', 'n')}, 'bench', '{}', now(), now() - $3::interval, now()
           FROM generate_series($1::int, $1::int + $2::int - 1) n`,
        [from, count, recordedAgo],
      );
    };
    // The register's counters (triggers of proposals and assignments) are not what this bench
    // measures: off, as the api suite does for its bulk load.
    await pool.query(`ALTER TABLE proposals DISABLE TRIGGER USER; ALTER TABLE assignments DISABLE TRIGGER USER`);
    const t0 = performance.now();
    for (let from = 1; from <= proposals; from += 20_000) await seedFrom(from, Math.min(20_000, proposals - from + 1), '1 hour');
    await pool.query('ANALYZE');
    log(`seeded ${proposals} proposals in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    await ds.initialize();
    const heapBefore = heapMb();
    const routing = new UnitRouting(ds, config);
    let t = performance.now();
    let model = await routing.current(Date.now());
    const buildMs = performance.now() - t;
    const heapModel = heapMb() - heapBefore;

    // An idle refresh: nothing changed (it still re-reads the last 30 s of assignment events).
    const refreshIdle = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      model = await routing.current(Date.now() + (i + 1) * 10_000);
      refreshIdle.push(performance.now() - t);
    }

    // Changes: new assigned proposals, and leads moved to another unit (the old assignment removed).
    await seedFrom(proposals + 1, changes, '0 seconds');
    await pool.query(
      `WITH moved AS (
         UPDATE assignments SET state = 'removed', removed_at = now() WHERE id IN (SELECT ${uid('a', 'n')} FROM generate_series(1, $1::int) n) RETURNING proposal_id, unit_id
       ), inserted AS (
         INSERT INTO assignments (id, proposal_id, unit_id, role, state, assigned_at, version)
         SELECT gen_random_uuid(), m.proposal_id,
                (SELECT u.id FROM units u WHERE u.kind = 'department'
                    AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.proposal_id = m.proposal_id AND x.unit_id = u.id) ORDER BY u.code LIMIT 1),
                'lead', 'assigned', now(), 1
           FROM moved m
         RETURNING proposal_id
       )
       INSERT INTO events (type, proposal_id, subject_type, subject_id, actor, payload, occurred_at, dispatched_at)
       SELECT 'assignment.reassigned', proposal_id, 'assignment', proposal_id, 'bench', '{}', now(), now() FROM inserted`,
      [changes],
    );
    t = performance.now();
    model = await routing.current(Date.now() + 100_000);
    const refreshChangedMs = performance.now() - t;
    const stats = { ...routing.stats };

    // Routing: features, model, reasons (the GET's computation without its SQL).
    // A warm process (a server answers many): one untimed pass over every text first.
    const route = (q) => {
      const f = features.proposalFeatures(q.title, q.content, config.similarity.titleWeight);
      return suggestUnitsFromModel(q, model.predict(f, { limit: 10 }), config.routing, [], features);
    };
    for (const q of corpus) route(q);
    const latencies = [];
    const byKind = { short: [], long: [] };
    for (let i = 0; i < queries; i++) {
      const q = corpus[(i * 37) % corpus.length];
      const s = performance.now();
      route(q);
      const ms = performance.now() - s;
      latencies.push(ms);
      byKind[q.type ? 'short' : 'long'].push(ms);
    }
    latencies.sort((a, b) => a - b);
    for (const xs of Object.values(byKind)) xs.sort((a, b) => a - b);

    // The refreshed model against one built afresh from the same rows.
    const fresh = await new UnitRouting(ds, config).current(Date.now());
    let maxDiff = 0;
    for (const q of corpus.slice(0, 200)) {
      const f = features.proposalFeatures(q.title, q.content, config.similarity.titleWeight);
      const a = new Map(model.predict(f, { limit: 50 }).map((p) => [p.unit, p.probability]));
      for (const p of fresh.predict(f, { limit: 50 })) maxDiff = Math.max(maxDiff, Math.abs(p.probability - (a.get(p.unit) ?? 0)));
    }
    return {
      proposals, assignments: Number((await pool.query(`SELECT count(*) FROM assignments`)).rows[0].count), changes,
      buildMs: r2(buildMs), modelHeapMb: r2(heapModel),
      refreshIdleMs: refreshIdle.map(r2), refreshChangedMs: r2(refreshChangedMs), stats,
      routing: {
        p50: r2(percentile(latencies, 50)), p95: r2(percentile(latencies, 95)), p99: r2(percentile(latencies, 99)), max: r2(latencies[latencies.length - 1]),
        shortP95: r2(percentile(byKind.short, 95)), longP95: r2(percentile(byKind.long, 95)),
      },
      refreshedVsFreshMaxProbabilityDiff: maxDiff,
    };
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await pool.end();
    await db.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : dflt);
  const figures = await run({ proposals: opt('proposals', 100_000), queries: opt('queries', 1000), changes: opt('changes', 100) });
  if (args.includes('--json')) console.log(JSON.stringify(figures, null, 2));
  else {
    console.log(`routing model over ${figures.proposals} proposals (${figures.assignments} assignments):`);
    console.log(`  full build (first read): ${figures.buildMs} ms, model ~${figures.modelHeapMb} MiB of heap`);
    console.log(`  idle refresh: ${figures.refreshIdleMs.join(', ')} ms`);
    console.log(`  refresh after ${figures.changes} new assigned proposals and ${figures.changes} reassignments: ${figures.refreshChangedMs} ms (${figures.stats.reapplied} proposals re-applied, ${figures.stats.builds} full build)`);
    console.log(`  routing: p50 ${figures.routing.p50} ms, p95 ${figures.routing.p95} ms, p99 ${figures.routing.p99} ms, max ${figures.routing.max} ms (p95 short texts ${figures.routing.shortP95} ms, long ${figures.routing.longP95} ms)`);
    console.log(`  refreshed vs fresh model: max probability difference ${figures.refreshedVsFreshMaxProbabilityDiff.toExponential(2)}`);
  }
  process.exit(figures.routing.p95 < 50 ? 0 : 1);
}
