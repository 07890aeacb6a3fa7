// sweep: one deadline sweep (SweepDeadlines.execute(1000), the deadline worker's job) claiming
// 1,000 due stages while 10k, 100k and 1M deadlines are open. The sweep runs with the real outbox
// publisher, so its time includes enqueueing the 1,000 notify jobs in BullMQ, as in the worker.

import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { REDIS_URL, createBenchDatabase, log, migrate, pgPool, round, summarize } from '../lib/common.mjs';
import { deadlineTemplates, seedDirectory, seedAssignmentsWithDeadlines, seedProposals } from '../lib/seed.mjs';

const NOW = new Date('2024-05-29T10:00:00+08:00'); // a Wednesday, in office hours
const ASSIGNED = new Date('2024-03-28T10:00:00+08:00'); // reply due 2024-06-28: reminder_30d at 05-29 00:00
const PER_PROPOSAL = 4;
const DUE = 1000;

const CLAIM_SQL = `SELECT id FROM deadlines WHERE next_action_at <= $1 AND status = 'open'
  ORDER BY next_action_at LIMIT $2 FOR UPDATE SKIP LOCKED`;

export async function run({ quick }) {
  const sizes = quick ? [10_000, 30_000, 100_000] : [10_000, 100_000, 1_000_000];
  const reps = quick ? 3 : 7;
  const db = await createBenchDatabase('sweep');
  const pool = pgPool(db.url, 2);
  const { createDataSource } = await import('#persistence');
  const { AlertThemes, AppContext, RulesProvider, loadIntakeRules } = await import('#kernel');
  const { SweepDeadlines } = await import('#deadlines');
  const { FixedClock } = await import('#domain');
  const { OutboxDispatcher, QueueName } = await import('#queue');
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queues = Object.fromEntries(Object.values(QueueName).map((q) => [q, new Queue(q, { connection, prefix: db.prefix })]));
  let ds;
  const rows = [];
  try {
    await migrate(db.url);
    const dir = await seedDirectory(pool);
    const template = (await deadlineTemplates())('reply', ASSIGNED);
    const r30 = template.ladder.find((s) => s.stage === 'reminder_30d');
    const r7 = template.ladder.find((s) => s.stage === 'reminder_7d');
    if (!(r30.at <= NOW && r7.at > NOW)) throw new Error(`ladder does not fit the bench clock: ${r30.at.toISOString()} ${r7.at.toISOString()}`);

    ds = createDataSource({ url: db.url, applicationName: 'duban-bench-sweep' });
    await ds.initialize();
    const clock = new FixedClock(NOW);
    const ctx = new AppContext(ds, clock, RulesProvider.fromFile('config/rules.json'), new AlertThemes(loadIntakeRules('config/intake.json')));
    const dispatcher = new OutboxDispatcher(ds, (q) => queues[q]);
    let publishMs = 0;
    ctx.usePublisher({
      publish: async (ids) => {
        const t = performance.now();
        await dispatcher.dispatch(ids);
        publishMs += performance.now() - t;
      },
    });
    const sweep = new SweepDeadlines(ctx);

    let have = 0;
    let proposals = 0;
    let warm = false;
    for (const size of sizes) {
      const t0 = performance.now();
      await pool.query(`ALTER TABLE proposals DISABLE TRIGGER USER; ALTER TABLE assignments DISABLE TRIGGER USER; ALTER TABLE deadlines DISABLE TRIGGER USER`);
      const needProposals = Math.ceil(size / PER_PROPOSAL);
      for (let from = proposals + 1; from <= needProposals; from += 50_000) {
        await seedProposals(pool, dir, { from, count: Math.min(50_000, needProposals - from + 1), status: 'handling', submittedAt: '2024-01-20T10:00:00+08:00' });
      }
      proposals = needProposals;
      for (let from = have + 1; from <= size; from += 100_000) {
        // Every open deadline waits for its next reminder, spread over the two months ahead.
        await seedAssignmentsWithDeadlines(pool, dir, template, {
          from,
          count: Math.min(100_000, size - from + 1),
          perProposal: PER_PROPOSAL,
          nextStage: 'reminder_7d',
          nextActionSql: `$11::timestamptz + ((m::bigint * 7919) % 5184000) * interval '1 second'`,
          params: [r7.at],
        });
      }
      have = size;
      // Bulk-loaded with the counters' triggers off and recounted once, as the api suite does (the
      // counters' documented bulk path): a statement of 100,000 deadlines refreshing 25,000 proposals'
      // counters row by row spent minutes on the same few counter rows (docs/performance.md).
      await pool.query(`ALTER TABLE proposals ENABLE TRIGGER USER; ALTER TABLE assignments ENABLE TRIGGER USER; ALTER TABLE deadlines ENABLE TRIGGER USER`);
      await pool.query(`SELECT duban_rebuild_proposal_counts()`);
      await pool.query('VACUUM ANALYZE');
      // Flush what the seeding wrote now, not during the measured sweeps (a million rows are ~2 GB of WAL).
      await pool.query('CHECKPOINT');
      log(`sweep: ${size} open deadlines seeded in ${Math.round(performance.now() - t0)} ms`);

      const makeDue = async (rep) => {
        // 1,000 random open deadlines owe their −30 d reminder, fallen due within the last minute.
        await pool.query(
          `UPDATE deadlines SET next_stage = 'reminder_30d', stage = 'open',
                  next_action_at = $1::timestamptz - interval '1 minute' + ($2::int * interval '1 millisecond') + (random() * interval '50 seconds')
            WHERE id IN (SELECT id FROM deadlines WHERE next_action_at > $1 ORDER BY random() LIMIT $3)`,
          [NOW, rep, DUE],
        );
        await pool.query('VACUUM ANALYZE deadlines');
      };
      if (!warm) {
        await makeDue(999);
        await sweep.execute(DUE);
        warm = true;
      }
      const times = [];
      const publishes = [];
      for (let rep = 0; rep < reps; rep++) {
        await makeDue(rep);
        publishMs = 0;
        const t = performance.now();
        const result = await sweep.execute(DUE);
        times.push(performance.now() - t);
        publishes.push(publishMs);
        if (result.fired !== DUE) throw new Error(`sweep fired ${result.fired}, expected ${DUE}`);
      }
      // The claim query's plan and time, on a fresh set of due stages (rolled back, then swept).
      await makeDue(reps);
      const plan = await explainClaim(pool);
      await sweep.execute(DUE);
      const left = Number((await pool.query(`SELECT count(*) FROM deadlines WHERE next_action_at <= $1`, [NOW])).rows[0].count);
      if (left !== 0) throw new Error(`${left} stages still due after the sweeps`);
      const s = summarize(times);
      const row = {
        openDeadlines: size,
        due: DUE,
        reps,
        sweepMs: { median: s.p50, min: round(Math.min(...times)), max: s.max },
        publishMs: summarize(publishes).p50,
        dbMs: summarize(times.map((t, i) => t - publishes[i])).p50,
        claimQueryMs: plan.executionMs,
        claimPlan: plan.summary,
      };
      rows.push(row);
      log(`sweep: ${size} open → median ${s.p50} ms (claim ${plan.executionMs} ms, ${plan.summary})`);
    }
  } finally {
    await ds?.destroy();
    await Promise.all(Object.values(queues).map((q) => q.close()));
    connection.disconnect();
    await pool.end();
    await db.drop();
  }

  const first = rows[0].sweepMs.median;
  const last = rows[rows.length - 1];
  const flat = last.sweepMs.median / first;
  return {
    suite: 'sweep',
    rows,
    table: {
      title: 'Deadline sweep: one sweep claiming 1,000 due stages (median of reps; incl. enqueueing the 1,000 notify jobs)',
      columns: ['open deadlines', 'sweep ms (median)', 'min', 'max', 'of which Postgres', 'of which enqueue', 'claim query ms', 'claim plan'],
      rows: rows.map((r) => [r.openDeadlines.toLocaleString('en'), r.sweepMs.median, r.sweepMs.min, r.sweepMs.max, round(r.dbMs), round(r.publishMs), r.claimQueryMs, r.claimPlan]),
    },
    targets: [
      { name: `sweep flat across sizes (largest/smallest ≤ 2×)`, measured: `${round(flat, 2)}×`, met: flat <= 2 },
      { name: `sweep < 50 ms at ${last.openDeadlines.toLocaleString('en')} open`, measured: `${last.sweepMs.median} ms`, met: last.sweepMs.median < 50 },
    ],
  };
}

async function explainClaim(pool) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${CLAIM_SQL}`, [NOW, DUE]);
    await client.query('ROLLBACK');
    const plan = rows[0]['QUERY PLAN'][0];
    const nodes = [];
    const walk = (n) => {
      nodes.push(n['Index Name'] ? `${n['Node Type']} using ${n['Index Name']}` : n['Node Type']);
      (n.Plans ?? []).forEach(walk);
    };
    walk(plan.Plan);
    return { executionMs: round(plan['Execution Time'], 2), summary: nodes.join(' > ') };
  } finally {
    client.release();
  }
}
