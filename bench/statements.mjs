// Counts the SQL statements (round trips to Postgres) Duban spends per event on its two hot paths,
// in one process that runs the committing use case, the outbox, the deadline sweep and the
// notification worker's consumers against a fresh bench database and an SMTP sink:
//   - assign: AssignProposal (one lead unit) → proposal.assigned → 交办通知 delivered, committed one
//     at a time (each waits for its delivery: no batching possible) and 16 at a time;
//   - reminders: 1,000 reply reminders fall due at once → swept → planned → delivered.
// Every statement any pg client of the process sends is counted (BEGIN and COMMIT included), from
// the first commit to the last delivery, divided by the events delivered. Runs the current dist/
// (`npx nest build` first): `node bench/statements.mjs`.

import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { BENCH_SECRETS, REDIS_URL, createBenchDatabase, log, migrate, pgPool, sleep } from './lib/common.mjs';
import { deadlineTemplates, seedAssignmentsWithDeadlines, seedDirectory, seedProposals } from './lib/seed.mjs';
import { startSink } from './lib/smtp-sink.mjs';

let statements = 0;
// BENCH_STATEMENTS_TEXT=1 also prints, per phase, each statement's text (first 100 characters) and count.
const texts = process.env.BENCH_STATEMENTS_TEXT ? new Map() : null;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function counted(...args) {
  statements++;
  if (texts) {
    const text = String(typeof args[0] === 'string' ? args[0] : args[0]?.text ?? args[0]?.name ?? '?').replace(/\s+/g, ' ').slice(0, 100);
    texts.set(text, (texts.get(text) ?? 0) + 1);
  }
  return query.apply(this, args);
};

const ASSIGNED = 200;
const REMINDERS = 1000;
const MINUTE = new Date('2024-05-29T10:00:00+08:00');

const db = await createBenchDatabase('statements');
const pool = pgPool(db.url, 2);
const sink = await startSink();
let app;
try {
  await migrate(db.url);
  const dir = await seedDirectory(pool);
  await seedProposals(pool, dir, { from: 1, count: ASSIGNED * 2, status: 'filed', submittedAt: '2024-01-20T10:00:00+08:00' });
  const template = (await deadlineTemplates())('reply', new Date('2024-03-28T10:00:00+08:00'));
  await seedProposals(pool, dir, { from: 100_001, count: REMINDERS, status: 'handling', submittedAt: '2024-01-20T10:00:00+08:00' });
  await seedAssignmentsWithDeadlines(pool, dir, template, { from: 100_001, count: REMINDERS, nextStage: 'reminder_30d', nextActionSql: `$11::timestamptz`, params: [MINUTE] });
  await pool.query('VACUUM ANALYZE');
  await setClock(new Date(MINUTE.getTime() - 3_600_000));
  const { rows: ids } = await pool.query(`SELECT id FROM proposals WHERE status = 'filed' ORDER BY number`);

  Object.assign(process.env, {
    DATABASE_URL: db.url, REDIS_URL, DUBAN_QUEUE_PREFIX: db.prefix, SMTP_URL: sink.url, NODE_ENV: 'production', LOG_LEVEL: 'warn',
    DUBAN_MIGRATE: 'off', DUBAN_TIME_TRAVEL: 'on', DUBAN_SWEEP_INTERVAL_MS: '1000', DUBAN_RELAY_INTERVAL_MS: '60000', ...BENCH_SECRETS,
  });
  const { NestFactory } = await import('@nestjs/core');
  const { Module } = await import('@nestjs/common');
  const { QueueConsumersModule, QueueName } = await import('#queue');
  const { DubanPlatformModule } = await import('#application');
  const { AssignProposal } = await import('#handling');
  const { NOTIFICATION_HANDLERS } = await import('../dist/libs/notifications/src/notification.handlers.js');
  const { DEADLINE_HANDLERS } = await import('../dist/libs/deadlines/src/deadline.handlers.js');
  class CountedModule {}
  Module({
    imports: [
      DubanPlatformModule.forProcess('duban-bench-statements'),
      QueueConsumersModule.forQueues([QueueName.Notification, QueueName.Deadline, QueueName.Outbox], [...NOTIFICATION_HANDLERS, ...DEADLINE_HANDLERS]),
    ],
  })(CountedModule);
  app = await NestFactory.createApplicationContext(CountedModule, { logger: ['error'] });
  await app.init();
  await sleep(3000);
  const assign = app.get(AssignProposal);
  const actor = { kind: 'user', id: randomUUID(), username: 'bench', role: 'committee' };
  let next = 0;
  const fire = () => assign.execute(actor, ids[next++].id, { leadUnitId: dir.unitIds[next % dir.unitIds.length] });
  const delivered = async (n, timeoutMs = 300_000) => {
    const until = Date.now() + timeoutMs;
    while ((await sink.count()) < n) {
      if (Date.now() > until) throw new Error(`only ${await sink.count()} of ${n} delivered`);
      await sleep(20);
    }
  };
  const results = {};
  const phase = async (name, events, run) => {
    const before = statements;
    const started = Date.now();
    texts?.clear();
    await run();
    results[name] = { events, statements: statements - before, perEvent: Math.round(((statements - before) / events) * 10) / 10, seconds: (Date.now() - started) / 1000 };
    log(`${name}: ${JSON.stringify(results[name])}`);
    if (texts) for (const [text, n] of [...texts].sort((a, b) => b[1] - a[1])) log(`  ${(n / events).toFixed(2)}/event  ${text}`);
  };

  await phase('assign, one at a time', ASSIGNED, async () => {
    const base = await sink.count();
    for (let i = 0; i < ASSIGNED; i++) {
      await fire();
      await delivered(base + i + 1);
    }
  });
  await phase('assign, 16 at a time', ASSIGNED, async () => {
    const base = await sink.count();
    const workers = Array.from({ length: 16 }, async () => {
      while (next < ASSIGNED * 2) await fire();
    });
    await Promise.all(workers);
    await delivered(base + ASSIGNED);
  });
  await phase('reminders, 1,000 due at once', REMINDERS, async () => {
    const base = await sink.count();
    await setClock(new Date(MINUTE.getTime() + 1000));
    await delivered(base + REMINDERS);
  });
  console.log(JSON.stringify({ commit: process.env.BENCH_COMMIT ?? null, results }, null, 2));
} finally {
  await app?.close();
  await sink.close();
  await pool.end();
  await db.drop();
}
process.exit(0);

async function setClock(instant) {
  await pool.query(
    `INSERT INTO simulated_clock (id, offset_ms, set_to) VALUES (true, $1, $2)
     ON CONFLICT (id) DO UPDATE SET offset_ms = EXCLUDED.offset_ms, set_to = EXCLUDED.set_to, set_at = now()`,
    [instant.getTime() - Date.now(), instant],
  );
}
