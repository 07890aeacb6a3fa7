// burst: 100,000 reply reminders (−30 d) falling due within the same minute — a whole plenary
// session's proposals assigned on one day — swept by the deadline worker, planned and sent by the
// notification worker (both as their own processes), delivered to the SMTP sink. Every reminder
// must arrive, none twice (checked by X-Duban-Dedupe-Key and by Message-ID).
//
// Time is simulated (DUBAN_TIME_TRAVEL=on, the clock every process reads from Postgres): the
// minute is 2024-05-29 10:00–10:01 (a Wednesday, in office hours, so nothing is held for the
// morning). The clock is set just before the minute once the workers run; from then on it runs at
// real speed, and the reminders fall due over the next 60 s as they would on that day.
//
// sms-burst (bench/suites/sms-burst.mjs) is the same burst with every reminder also sent as a text
// message (短信, DUBAN_NOTIFY_CHANNELS) to its unit's mobile over SMPP, to an SMPP sink (a real
// `smpp` server in its own process, answering a delivery receipt per part): each reminder is then
// one email and one SMS, and both must arrive, none twice (an SMS by its number and text, which
// carries the proposal's short link).

import { REDIS_URL, RssSampler, cpuMeter, createBenchDatabase, findProcess, log, migrate, pgPool, round, sleep, startApp, summarize, waitForWorkers } from '../lib/common.mjs';
import { deadlineTemplates, seedAssignmentsWithDeadlines, seedDirectory, seedProposals } from '../lib/seed.mjs';
import { startSmppSink } from '../lib/smpp-sink.mjs';
import { startSink } from '../lib/smtp-sink.mjs';

const MINUTE = new Date('2024-05-29T10:00:00+08:00');
const ASSIGNED = new Date('2024-03-28T10:00:00+08:00'); // reply due 2024-06-28: the −30 d reminder is that morning's
const SWEEP_INTERVAL_MS = 5000;

export async function run({ quick, sms = false }) {
  const reminders = quick ? 5_000 : 100_000;
  const capSeconds = quick ? 180 : 300;
  const suite = sms ? 'sms-burst' : 'burst';
  const db = await createBenchDatabase(sms ? 'smsburst' : 'burst');
  const pool = pgPool(db.url, 2);
  const sink = await startSink();
  const smsSink = sms ? await startSmppSink() : null;
  const procs = {};
  let sampler;
  const result = { suite, config: { reminders, sms, sweepIntervalMs: SWEEP_INTERVAL_MS, capSeconds, minute: MINUTE.toISOString() } };
  try {
    await migrate(db.url);
    const dir = await seedDirectory(pool);
    const template = (await deadlineTemplates())('reply', ASSIGNED);
    for (let from = 1; from <= reminders; from += 50_000) {
      const count = Math.min(50_000, reminders - from + 1);
      await seedProposals(pool, dir, { from, count, status: 'handling', submittedAt: '2024-01-20T10:00:00+08:00' });
      // Reminder m falls due at 10:00:00 + (m × 0.6 ms mod 60 s): spread evenly over the minute.
      await seedAssignmentsWithDeadlines(pool, dir, template, {
        from,
        count,
        nextStage: 'reminder_30d',
        nextActionSql: `$11::timestamptz + (((m::bigint * 600) % 60000) * interval '1 millisecond')`,
        params: [MINUTE],
      });
    }
    // Each handling unit its own mobile (短信手机).
    if (sms) await pool.query(`UPDATE units SET mobile = '139' || lpad((row_number)::text, 8, '0') FROM (SELECT id, row_number() OVER (ORDER BY code) FROM units) r WHERE r.id = units.id`);
    await pool.query('VACUUM ANALYZE');
    // Just before the minute, until the workers run.
    await setClock(pool, new Date(MINUTE.getTime() - 60_000));
    log(`burst: ${reminders} reminders seeded`);

    const env = {
      DATABASE_URL: db.url, REDIS_URL, DUBAN_QUEUE_PREFIX: db.prefix, SMTP_URL: sink.url,
      DUBAN_TIME_TRAVEL: 'on', DUBAN_SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS),
      ...(smsSink ? { SMPP_URL: smsSink.url, DUBAN_NOTIFY_CHANNELS: JSON.stringify({ reminder: { '*': ['email', 'sms'] } }) } : {}),
    };
    procs['deadline-worker'] = startApp('deadline-worker', env);
    procs['notification-worker'] = startApp('notification-worker', env);
    await waitForWorkers(db.prefix, ['outbox', 'deadline', 'notification'], Object.values(procs));
    sampler = new RssSampler(procs, 500);
    await sleep(3000);
    const atRest = Object.fromEntries(Object.keys(procs).map((p) => [p, sampler.samples[p]?.at(-1) ?? null]));

    // The minute begins 2 s from now (the workers re-read the clock every 0.5 s).
    const redis = findProcess('redis-server');
    const meter = cpuMeter({ ...procs, 'smtp sink': { pid: sink.pid }, ...(smsSink ? { 'smpp sink': { pid: smsSink.pid } } : {}), ...(redis ? { redis } : {}) }, db.name);
    meter.start();
    const startWall = Date.now() + 2000;
    const offset = MINUTE.getTime() - startWall;
    await setClock(pool, new Date(Date.now() + offset));
    log(`burst: the minute begins; waiting for ${reminders} deliveries (cap ${capSeconds} s)`);

    const seen = new Map(); // dedupe key → first delivery time
    const byMessageId = new Map();
    let duplicates = 0;
    let duplicateMessageIds = 0;
    let at120 = null;
    let lastAt = null;
    const progress = [];
    const capAt = startWall + capSeconds * 1000;
    let lastLog = Date.now();
    // The SMS: first arrival by (number, text), duplicates, the last one's time.
    const texts = new Map();
    let smsDuplicates = 0;
    let lastSmsAt = null;
    const takeSms = async () => {
      if (!smsSink) return 0;
      const records = await smsSink.take();
      for (const [at, to, text] of records) {
        const key = `${to}|${text}`;
        if (texts.has(key)) smsDuplicates++;
        else texts.set(key, at);
        lastSmsAt = Math.max(lastSmsAt ?? 0, at);
      }
      return records.length;
    };
    // Done with the SMS once every reminder's SMS row is sent and the sink took each of their parts (joining can fail, above).
    let smsSettled = !smsSink;
    const smsDone = async () => {
      if (smsSettled || texts.size >= reminders) return true;
      const { rows: [x] } = await pool.query(
        `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, coalesce(sum(cardinality(provider_ids)) FILTER (WHERE status = 'sent'), 0)::int AS parts
           FROM notifications WHERE channel = 'sms'`,
      );
      smsSettled = x.sent >= reminders && (await smsSink.submits()) >= x.parts;
      return smsSettled;
    };
    while ((seen.size < reminders || !(await smsDone())) && Date.now() < capAt) {
      await sleep(500);
      await takeSms();
      for (const [at, messageId, dedupeKey] of await sink.take()) {
        if (seen.has(dedupeKey)) duplicates++;
        else seen.set(dedupeKey, at);
        if (byMessageId.has(messageId)) duplicateMessageIds++;
        else byMessageId.set(messageId, at);
        lastAt = Math.max(lastAt ?? 0, at);
      }
      if (at120 === null && Date.now() >= startWall + 120_000) at120 = seen.size;
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        progress.push({ s: round((Date.now() - startWall) / 1000, 0), delivered: seen.size });
        log(`burst: ${seen.size} delivered${smsSink ? ` (SMS ${texts.size})` : ''} after ${round((Date.now() - startWall) / 1000, 0)} s`);
      }
    }
    // Drain until nothing more arrives for 5 s: stragglers, other mail of the run, and late
    // duplicates (a redelivered job sending again) would show up now.
    for (let idle = 0, until = Date.now() + 30_000; seen.size >= reminders && idle < 10 && Date.now() < until; ) {
      await sleep(500);
      const records = await sink.take();
      const smsRecords = await takeSms();
      idle = records.length || smsRecords ? 0 : idle + 1;
      for (const [at, messageId, dedupeKey] of records) {
        if (seen.has(dedupeKey)) duplicates++;
        else seen.set(dedupeKey, at);
        if (byMessageId.has(messageId)) duplicateMessageIds++;
        else byMessageId.set(messageId, at);
      }
    }
    const peak = { ...sampler.peak };
    const cpu = meter.stop();

    // When each reminder fell due (simulated) → wall clock, and its delivery latency from then.
    const { rows } = await pool.query(
      `SELECT n.dedupe_key, (e.payload->>'scheduledFor')::timestamptz AS due, e.recorded_at
         FROM notifications n JOIN events e ON e.id = n.event_id WHERE e.type = 'deadline.reminder_due'`,
    );
    const latencies = [];
    let delivered = 0;
    let lastReminderAt = null;
    for (const r of rows) {
      const at = seen.get(r.dedupe_key);
      if (at == null) continue;
      delivered++;
      lastReminderAt = Math.max(lastReminderAt ?? 0, at);
      latencies.push(at - (new Date(r.due).getTime() - offset));
    }
    // Other mail of the run (the weekly digest, when the minute falls after Monday 09:00) is not counted.
    const reminderKeys = new Set(rows.map((r) => r.dedupe_key));
    at120 = [...seen].filter(([k, t]) => reminderKeys.has(k) && t <= startWall + 120_000).length;
    lastAt = lastReminderAt;
    const finishedAll = delivered >= reminders;
    const stats = (await pool.query(
      `SELECT (SELECT count(*) FROM events WHERE type = 'deadline.reminder_due')::int AS fired,
              (SELECT count(*) FROM events WHERE type = 'deadline.reminder_due' AND dispatched_at IS NULL)::int AS undispatched,
              (SELECT min(recorded_at) FROM events WHERE type = 'deadline.reminder_due') AS first_fired,
              (SELECT max(recorded_at) FROM events WHERE type = 'deadline.reminder_due') AS last_fired,
              (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int n FROM notifications GROUP BY status) s) AS notifications`,
    )).rows[0];
    // Every part Duban had an SMSC id for, against every part the sink took: equal when none went twice.
    const smsParts = smsSink
      ? { sent: Number((await pool.query(`SELECT coalesce(sum(cardinality(provider_ids)), 0)::int AS n FROM notifications WHERE channel = 'sms' AND status = 'sent'`)).rows[0].n), received: await smsSink.submits() }
      : null;
    await takeSms();
    const totalS = lastAt ? round((lastAt - startWall) / 1000) : null;
    const otherMail = seen.size - delivered;
    Object.assign(result, {
      delivered,
      finished: finishedAll,
      secondsToLastDelivery: finishedAll ? totalS : null,
      deliveredWithin120s: at120,
      throughput: lastAt ? round((delivered * 1000) / (lastAt - startWall)) : 0,
      duplicates: { byDedupeKey: duplicates, byMessageId: duplicateMessageIds },
      firedEvents: stats.fired,
      undispatchedEvents: stats.undispatched,
      firstFiredS: stats.first_fired ? round((new Date(stats.first_fired).getTime() - startWall) / 1000) : null,
      lastFiredS: stats.last_fired ? round((new Date(stats.last_fired).getTime() - startWall) / 1000) : null,
      notifications: stats.notifications,
      latencyFromDueMs: summarize(latencies),
      progress,
      cpu,
      memory: Object.keys(procs).map((p) => ({ process: p, atRestMiB: atRest[p], burstPeakMiB: peak[p] ?? null })),
      ...(smsSink ? { sms: { delivered: texts.size, duplicates: smsDuplicates, parts: smsParts, secondsToLastSms: lastSmsAt ? round((lastSmsAt - startWall) / 1000) : null } } : {}),
    });
    const r = result;
    result.table = {
      title: `${sms ? 'SMS burst' : 'Burst'}: ${reminders.toLocaleString('en')} reminders falling due in one minute (sweep every ${SWEEP_INTERVAL_MS / 1000} s) → SMTP sink${sms ? ' and, each also by SMS, SMPP sink' : ''}`,
      columns: ['delivered', 'within 120 s', 'last delivery s', 'events/s', 'dup (dedupe key)', 'dup (Message-ID)', 'fired', 'fired s (first–last)', 'p50 from due ms', 'p99 from due ms'],
      rows: [[`${r.delivered}/${reminders}`, r.deliveredWithin120s, r.finished ? r.secondsToLastDelivery : `> ${capSeconds} (stopped)`, r.throughput, duplicates, duplicateMessageIds, r.firedEvents, `${r.firstFiredS}–${r.lastFiredS}`, r.latencyFromDueMs.p50, r.latencyFromDueMs.p99]],
      note: `${r.sms ? `SMS: ${r.sms.delivered}/${reminders} joined by the sink, ${r.sms.duplicates} twice, parts received ${r.sms.parts.received} / sent ${r.sms.parts.sent}, the last at ${r.sms.secondsToLastSms} s; ` : ''}seconds from the start of the minute; worker RSS: ${r.memory.map((m) => `${m.process} ${m.atRestMiB} → ${m.burstPeakMiB} MiB`).join(', ')}; notifications by status ${JSON.stringify(r.notifications)}; other mail in the run (weekly digest): ${otherMail}`,
    };
    result.tables = [
      {
        title: `CPU during the ${sms ? 'SMS ' : ''}burst (cores busy on average over ${cpu.wallSeconds} s; the machine has ${cpu.machine.cores})${sms ? ': a reminder is one email and one SMS' : ''}`,
        columns: ['process', 'CPU s', 'cores', 'CPU ms per reminder'],
        rows: [
          ...Object.entries(cpu).filter(([k]) => k !== 'wallSeconds').map(([k, v]) => [k === 'machine' ? 'whole machine (busy)' : k, v.cpuSeconds ?? null, v.cores ?? v.busyCores, v.cpuSeconds != null ? round((v.cpuSeconds * 1000) / Math.max(1, delivered), 2) : null]),
          ['all of the above', null, null, cpuPer(cpu, delivered, () => true)],
          ['all but the sinks (the target)', null, null, cpuPer(cpu, delivered, (k) => !k.endsWith(' sink'))],
        ],
      },
    ];
    const sinkless = cpuPer(cpu, delivered, (k) => !k.endsWith(' sink'));
    result.targets = [
      { name: `${suite}: ≤ 3 ms of CPU per delivered reminder (the sinks excluded)`, measured: `${sinkless} ms`, met: sinkless <= 3 },
      ...(r.sms ? [
        {
          name: 'sms-burst: every SMS sent, no part twice (parts the sink took = parts Duban has SMSC ids for)',
          measured: `${r.notifications?.sent ?? 0} rows sent; parts ${r.sms.parts.received} taken / ${r.sms.parts.sent} sent; ${r.sms.delivered} joined`,
          met: r.sms.parts.received === r.sms.parts.sent && r.sms.duplicates === 0,
        },
      ] : []),
      { name: `${suite}: ${reminders.toLocaleString('en')} reminders delivered within 2 minutes`, measured: r.finished ? `${r.secondsToLastDelivery} s` : `${r.deliveredWithin120s} in 120 s, ${r.delivered} in ${capSeconds} s`, met: r.finished && r.secondsToLastDelivery <= 120 },
      { name: `${suite}: ${reminders.toLocaleString('en')} reminders delivered within 4 minutes (issue 15)`, measured: r.finished ? `${r.secondsToLastDelivery} s` : `${r.delivered} in ${capSeconds} s`, met: r.finished && r.secondsToLastDelivery <= 240 },
      { name: `${suite}: no email delivered twice`, measured: `${duplicates} by dedupe key, ${duplicateMessageIds} by Message-ID`, met: duplicates === 0 && duplicateMessageIds === 0 },
    ];
  } finally {
    sampler?.stop();
    await Promise.all(Object.values(procs).map((p) => p.stop()));
    await sink.close();
    await smsSink?.close();
    await pool.end();
    await db.drop();
  }
  return result;
}

/** CPU ms per delivered reminder summed over the processes `include` names. */
function cpuPer(cpu, delivered, include) {
  const sum = Object.entries(cpu).filter(([k, v]) => k !== 'wallSeconds' && k !== 'machine' && v.cpuSeconds != null && include(k)).reduce((a, [, v]) => a + v.cpuSeconds, 0);
  return round((sum * 1000) / Math.max(1, delivered), 2);
}

async function setClock(pool, instant) {
  await pool.query(
    `INSERT INTO simulated_clock (id, offset_ms, set_to) VALUES (true, $1, $2)
     ON CONFLICT (id) DO UPDATE SET offset_ms = EXCLUDED.offset_ms, set_to = EXCLUDED.set_to, set_at = now()`,
    [instant.getTime() - Date.now(), instant],
  );
}
