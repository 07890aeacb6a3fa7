// The committing side of the pipeline alone: CPU per AssignProposal (one lead unit) in this process
// and in the Postgres backends of the bench database, 16 at a time, with the real outbox publisher
// (its jobs go to Redis; no worker consumes them). It says what the use case costs before any
// notification is planned: `node bench/use-case-cpu.mjs` (after `npx nest build`; BENCH_COUNT, BENCH_CONCURRENCY).
// BENCH_LOG_STATEMENTS=1 logs every statement (the server's log: parse, bind and execute times).
// BENCH_TRACK_FUNCTIONS=1 prints the time spent in each SQL function (pg_stat_user_functions).
// BENCH_TRY_SQL='…' runs a statement on the bench database before the run (an experiment: ALTER FUNCTION …).
// BENCH_NO_COUNTERS=1 runs it with the register's counter triggers disabled, to see their share.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BENCH_SECRETS, REDIS_URL, cleanRedis, cpuMeter, createBenchDatabase, log, migrate, pgPool, round, saturate, sleep } from './lib/common.mjs';
import { seedDirectory, seedProposals } from './lib/seed.mjs';

const COUNT = Number(process.env.BENCH_COUNT ?? 3000);
const WARMUP = 300;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const db = await createBenchDatabase('usecase');
const pool = pgPool(db.url, 2);
let app;
try {
  await migrate(db.url);
  const dir = await seedDirectory(pool);
  await seedProposals(pool, dir, { from: 1, count: COUNT + WARMUP, status: 'filed', submittedAt: '2024-01-20T10:00:00+08:00' });
  if (process.env.BENCH_NO_COUNTERS) {
    for (const t of ['proposals', 'assignments', 'deadlines']) {
      await pool.query(`ALTER TABLE ${t} DISABLE TRIGGER proposal_counts_${t}, DISABLE TRIGGER proposal_counts_${t}_update`.replace(', DISABLE', '; ALTER TABLE ' + t + ' DISABLE'));
    }
  }
  if (process.env.BENCH_TRY_SQL) await pool.query(process.env.BENCH_TRY_SQL); // an experiment on the bench database (e.g. ALTER FUNCTION …)
  // BENCH_TRACK_FUNCTIONS=1: the time spent in each SQL function (the counters' triggers), printed at the end.
  if (process.env.BENCH_TRACK_FUNCTIONS) await pool.query(`ALTER DATABASE ${db.name} SET track_functions = 'all'`);
  await pool.query('VACUUM ANALYZE');
  // BENCH_LOG_STATEMENTS=1: every statement of the measured phase in the server's log, with its parse, bind and execute times.
  if (process.env.BENCH_LOG_STATEMENTS) await pool.query(`ALTER DATABASE ${db.name} SET log_min_duration_statement = 0`);
  const { rows: ids } = await pool.query(`SELECT id FROM proposals ORDER BY number`);
  Object.assign(process.env, { DATABASE_URL: db.url, REDIS_URL, DUBAN_QUEUE_PREFIX: db.prefix, NODE_ENV: 'production', LOG_LEVEL: 'warn', DUBAN_MIGRATE: 'off', ...BENCH_SECRETS });
  const { NestFactory } = await import('@nestjs/core');
  const { DubanPlatformModule } = await import('#application');
  const { AssignProposal } = await import('#handling');
  app = await NestFactory.createApplicationContext(DubanPlatformModule.forProcess('duban-bench-usecase'), { logger: ['error'] });
  await app.init();
  const assign = app.get(AssignProposal);
  const actor = { kind: 'user', id: randomUUID(), username: 'bench', role: 'committee' };
  let next = 0;
  const fire = () => assign.execute(actor, ids[next++].id, { leadUnitId: dir.unitIds[next % dir.unitIds.length] });
  await saturate({ concurrency: 16, count: WARMUP, fire });
  await sleep(500);
  const meter = cpuMeter({ 'use case (this process)': { pid: process.pid } }, db.name);
  const split0 = userSys(process.pid);
  meter.start();
  const load = await saturate({ concurrency: CONCURRENCY, count: COUNT, fire });
  const cpu = meter.stop();
  const split1 = userSys(process.pid);
  const per = (s) => round((s * 1000) / COUNT, 2);
  const result = {
    counters: !process.env.BENCH_NO_COUNTERS,
    assignments: COUNT,
    errors: load.errors,
    perSecond: round(load.achievedRate, 1),
    cpuMsPerAssignment: { useCase: per(cpu['use case (this process)'].cpuSeconds), postgres: per(cpu.postgres.cpuSeconds) },
    useCaseUserSys: [per(split1[0] - split0[0]), per(split1[1] - split0[1])],
    machineBusyCores: cpu.machine.busyCores,
  };
  log(JSON.stringify(result));
  if (process.env.BENCH_TRACK_FUNCTIONS) {
    await sleep(1000); // the backends report their counts when idle
    const { rows } = await pool.query(`SELECT funcname, calls, round(total_time::numeric / $1, 3) AS "totalMsPerAssignment", round(self_time::numeric / $1, 3) AS "selfMsPerAssignment" FROM pg_stat_user_functions ORDER BY total_time DESC`, [COUNT + WARMUP]);
    console.table(rows);
  }
} finally {
  await app?.close();
  await pool.end();
  await cleanRedis(db.prefix);
  await db.drop();
}
process.exit(0);

function userSys(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(f[11]) / 100, Number(f[12]) / 100];
}
