import pg from 'pg';
import request from 'supertest';
import { createTestDatabase } from '../support/database.js';
import { createDirectory, type Directory } from '../support/directory.js';
import type { TestApi } from '../support/api.js';
import { ADMIN } from '../support/accounts.js';
import { startRobotSink } from '../support/robots.js';
import { startSmppSink } from '../support/smpp.js';
import { startSmtpSink } from '../support/smtp.js';
import { Cluster, freePort, startRedis, type AppName } from './cluster.js';

export interface ChaosOptions {
  /** Seconds of steady load. */
  seconds: number;
  /** Copies of each worker app. */
  copies: number;
  /** Seconds the SMTP sink refuses mail. */
  smtpDownSeconds: number;
  /** Seconds the SMPP server (SMSC) and, after it, the WeCom robot endpoint are down. */
  channelDownSeconds?: number;
  /** kill -9 a random worker every this many seconds (0: once). */
  killEverySeconds: number;
  log?: (line: string) => void;
}

export interface FaultRow {
  at: string;
  fault: string;
}

export interface ChaosReport {
  faults: FaultRow[];
  proposals: number;
  notifications: number;
  delivered: number;
  /** Emails received twice for any reason other than the one SMTP cannot close (below): must be none. */
  duplicates: string[];
  /**
   * Emails received twice because the server had taken the message when its sender was killed or
   * its connection cut before the 250 reached it: the row stayed unsent and went again after it
   * went stale, with the same Message-ID (docs/reliability.md, guarantee 6). At most one per pooled
   * connection (4) of each killed notification worker or SMTP outage.
   */
  resentAfterLostReply: string[];
  /** How many such messages the run's faults could strand: 4 per notification-worker kill and per SMTP outage. */
  resendBound: number;
  missing: string[];
  unexpected: string[];
  stagesFired: number;
  stagesDuplicated: number;
  stagesOverdueUnfired: number;
  undispatchedEvents: number;
  incompleteJobs: number;
  stuckJobs: number;
  deadNotifications: number;
  /** Emails the load itself implies, counted without the planner: 新提案 per proposal and committee unit, 交办通知 per assignment. */
  impliedByLoad: { newProposal: { expected: number; planned: number }; assignmentNotice: { expected: number; planned: number } };
  /**
   * The other channels (each 交办通知 also goes by SMS and to the unit's WeCom group): messages sent,
   * received by the SMPP server / robot endpoint, missing, received twice where the peer cannot
   * have told the sender (`resent`: the message was claimed again after a kill) and received twice
   * otherwise (`duplicates`: must be none).
   */
  channels: Record<'sms' | 'wecom', { sent: number; received: number; missing: string[]; duplicates: string[]; resent: string[] }>;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the API and `copies` of each worker as separate processes under a steady load and injects
 * faults — kill -9 of workers, FLUSHALL, the SMTP server refusing mail, Postgres connections
 * dropped — then checks that every expected email arrived exactly once, every deadline stage fired
 * exactly once, and nothing is left undispatched or stuck.
 */
export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const t = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const db = await createTestDatabase('chaos');
  const redis = await startRedis();
  const smtp = await startSmtpSink();
  const smsc = await startSmppSink();
  const robots = await startRobotSink(() => '');
  const port = await freePort();
  const cluster = new Cluster(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      PORT: String(port),
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      DUBAN_QUEUE_PREFIX: 'chaos',
      SMTP_URL: smtp.url,
      DUBAN_PUBLIC_URL: 'http://duban.test',
      DUBAN_TIME_TRAVEL: 'on',
      DUBAN_RELAY_INTERVAL_MS: '500',
      DUBAN_SWEEP_INTERVAL_MS: '500',
      DUBAN_MAIL_BACKOFF_MS: '300',
      DUBAN_MAIL_ATTEMPTS: '14',
      SMPP_URL: smsc.url,
      DUBAN_SMS_ATTEMPTS: '14',
      DUBAN_ROBOT_ATTEMPTS: '14',
      DUBAN_NOTIFY_CHANNELS: JSON.stringify({ assignment_notice: { unit: ['email', 'sms', 'wecom'] } }),
      DUBAN_ADMIN_USERNAME: ADMIN.username,
      DUBAN_ADMIN_PASSWORD: ADMIN.password,
      DUBAN_SHUTDOWN_TIMEOUT_MS: '5000',
    },
    { api: 1, 'intake-worker': opts.copies, 'assignment-worker': opts.copies, 'deadline-worker': opts.copies, 'notification-worker': opts.copies },
  );
  const faults: FaultRow[] = [];
  const fault = (what: string) => {
    faults.push({ at: t(), fault: what });
    log(`${t()} ${what}`);
  };
  const base = `http://127.0.0.1:${port}`;
  const http = request(base);
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    cluster.start();
    // Nine processes starting at once on two cores take a while when the machine is shared.
    await waitFor(async () => (await fetch(`${base}/health`)).ok, 180_000);
    // The directory through the API, with retries: the API may be killed later, not now.
    const api = {
      http,
      login: async (username: string, password: string) => (await http.post('/api/v1/auth/login').send({ username, password })).body.accessToken as string,
      as: (token: string) => ({
        get: (path: string) => http.get(path).set('Authorization', `Bearer ${token}`),
        post: (path: string, body: object = {}) => http.post(path).set('Authorization', `Bearer ${token}`).send(body),
        patch: (path: string, body: object = {}) => http.patch(path).set('Authorization', `Bearer ${token}`).send(body),
      }),
    } as unknown as TestApi;
    const dir: Directory = await createDirectory(api);
    const admin = api.as(dir.adminToken);
    await admin.post('/api/v1/admin/clock', { now: '2025-03-03T10:00:00+08:00' });
    // Every process re-reads the clock's offset every 500 ms: before the load, let them all see 2025.
    // A worker still on real time planned a 交办通知's SMS at real time — at night in Beijing, held
    // until a real morning that the simulated clock never reaches (seen once with two jest workers).
    await sleep(2000);
    const units = [dir.units.xzsp, dir.units.jiaoyu, dir.units.fagai];
    // Each unit a mobile (短信手机) and a WeCom group robot: every 交办通知 also goes by SMS and to the group.
    for (const [i, id] of units.entries()) {
      const r = await admin.patch(`/api/v1/units/${id}`, { mobile: `1390000000${i + 1}`, wecomWebhook: `${robots.base}/wecom/unit-${i + 1}` });
      if (r.status !== 200) throw new Error(`unit contacts not set: ${r.status} ${JSON.stringify(r.body)}`);
    }

    // Steady load: proposals submitted, filed and assigned (each sends a 新提案 and 交办通知 emails).
    let proposals = 0;
    let stop = false;
    const load = (async () => {
      const committee = api.as(dir.tokens.committee);
      while (!stop) {
        try {
          const p = await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: `关于第${proposals + 1}件事项的提案`, content: '优化营商环境', leadProposerId: dir.proposerId });
          if (p.status === 201) {
            proposals++;
            await committee.post(`/api/v1/proposals/${p.body.id}/review`, { decision: 'file' });
            const lead = units[proposals % units.length]!;
            await committee.post(`/api/v1/proposals/${p.body.id}/assignments`, { leadUnitId: lead, coUnitIds: proposals % 2 ? [units[(proposals + 1) % units.length]!] : [] });
          }
        } catch {
          // the API may be briefly unreachable; the load goes on
        }
        await sleep(150);
      }
    })();

    // The fault schedule runs from when the load starts, however long the setup took.
    const seconds = opts.seconds;
    const loadStarted = Date.now();
    const at = (fraction: number) => sleep(Math.max(0, loadStarted + 2000 + fraction * seconds * 1000 - Date.now()));
    await at(0.1);
    const victim = cluster.randomWorker();
    fault(`kill -9 ${victim.app}#${victim.copy}`);
    await cluster.killAndRestart(victim.app as AppName, victim.copy);
    await at(0.25);
    fault('Redis FLUSHALL');
    await redis.flushAll();
    await at(0.4);
    fault(`SMTP refuses mail for ${opts.smtpDownSeconds}s`);
    await smtp.stop();
    setTimeout(() => void smtp.start().then(() => fault('SMTP back')), opts.smtpDownSeconds * 1000);
    const channelDown = (opts.channelDownSeconds ?? opts.smtpDownSeconds) * 1000;
    await at(0.45);
    fault(`SMPP server down for ${channelDown / 1000}s`);
    await smsc.stop();
    setTimeout(() => void smsc.start().then(() => fault('SMPP server back')), channelDown);
    await at(0.5);
    fault(`WeCom robot endpoint down for ${channelDown / 1000}s`);
    robots.down = true;
    setTimeout(() => ((robots.down = false), fault('WeCom robot endpoint back')), channelDown);
    await at(0.55);
    fault('clock +60 days: reminders fall due for every reply deadline');
    await admin.post('/api/v1/admin/clock', { now: '2025-05-05T10:00:00+08:00' });
    await at(0.65);
    const dropped = await pool.query(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> ''`, [db.name]);
    fault(`pg_terminate_backend of ${dropped.rows[0].n} connections`);
    await at(0.75);
    if (opts.killEverySeconds > 0) {
      for (let i = 0; Date.now() < loadStarted + 2000 + seconds * 1000; i++) {
        const w = cluster.randomWorker();
        fault(`kill -9 ${w.app}#${w.copy}`);
        await cluster.killAndRestart(w.app as AppName, w.copy);
        await sleep(opts.killEverySeconds * 1000);
      }
    } else {
      const w = cluster.randomWorker();
      fault(`kill -9 ${w.app}#${w.copy}`);
      await cluster.killAndRestart(w.app as AppName, w.copy);
    }
    await at(1);
    stop = true;
    await load;
    fault('load stopped; clock +1 day: the −30d reminders are all due');
    await admin.post('/api/v1/admin/clock', { now: '2025-05-06T10:00:00+08:00' });

    // Quiesce: everything dispatched, completed and sent.
    const q = async (sql: string) => (await pool.query(sql)).rows[0].n as number;
    let pending: Record<string, number> = {};
    try {
      await waitFor(async () => {
        pending = {
          undispatched: await q(`SELECT count(*)::int AS n FROM events WHERE dispatched_at IS NULL`),
          incompleteJobs: await q(`SELECT count(*)::int AS n FROM event_jobs WHERE completed_at IS NULL`),
          unsent: await q(`SELECT count(*)::int AS n FROM notifications WHERE status NOT IN ('sent','dead')`),
          dueStages: await q(`SELECT count(*)::int AS n FROM deadlines WHERE status = 'open' AND next_action_at <= (SELECT now() + (offset_ms * interval '1 millisecond') FROM simulated_clock)`),
        };
        return Object.values(pending).every((n) => n === 0);
      }, 120_000);
    } catch (e) {
      const jobs = (await pool.query(`SELECT job_name, count(*)::int AS n FROM event_jobs WHERE completed_at IS NULL GROUP BY 1`)).rows;
      const unsent = (await pool.query(`SELECT status, type, channel, attempts, last_error, not_before, created_at, (SELECT now() + (offset_ms * interval '1 millisecond') FROM simulated_clock) AS clock FROM notifications WHERE status NOT IN ('sent','dead') LIMIT 5`)).rows;
      throw new Error(`did not quiesce: ${JSON.stringify(pending)} jobs=${JSON.stringify(jobs)} unsent=${JSON.stringify(unsent)}\n${cluster.log.slice(-15).join('\n')}`, { cause: e });
    }
    await sleep(1500); // let a late duplicate, if any, arrive

    const rows = (await pool.query(`SELECT dedupe_key, status FROM notifications WHERE channel = 'email'`)).rows as Array<{ dedupe_key: string; status: string }>;
    const expected = new Set(rows.filter((r) => r.status === 'sent').map((r) => r.dedupe_key));
    const counts = smtp.countsByDedupeKey();
    const stages = (await pool.query(`SELECT count(*)::int AS n, count(DISTINCT (subject_id, payload->>'stage', payload->>'scheduledFor'))::int AS d FROM events WHERE type LIKE 'deadline.%'`)).rows[0];
    const stuck = await stuckJobs(redis.url);
    const twice = [...counts].filter(([, n]) => n > 1).map(([k]) => k);
    // Claimed for sending more than once: the first claim's sender never recorded the 250.
    const claimedAgain = new Set(
      ((await pool.query(`SELECT dedupe_key FROM notifications WHERE dedupe_key = ANY($1::text[]) AND attempts >= 2`, [twice])).rows as Array<{ dedupe_key: string }>).map((r) => r.dedupe_key),
    );
    const implied = (await pool.query(
      `SELECT (SELECT count(*) FROM proposals) * (SELECT count(*) FROM units WHERE kind = 'committee' AND active AND email IS NOT NULL)::int AS new_expected,
              (SELECT count(*) FROM notifications WHERE type = 'new_proposal' AND channel = 'email')::int AS new_planned,
              (SELECT count(*) FROM assignments)::int AS assignment_expected,
              (SELECT count(*) FROM notifications WHERE type = 'assignment_notice' AND channel = 'email')::int AS assignment_planned`,
    )).rows[0];
    // The other channels: each sent row received by its peer exactly once, by (address, text).
    const channelRows = (await pool.query(`SELECT channel, dedupe_key, recipient_address, body_text, attempts FROM notifications WHERE channel IN ('sms', 'wecom') AND status = 'sent'`)).rows as Array<{
      channel: 'sms' | 'wecom'; dedupe_key: string; recipient_address: string; body_text: string; attempts: number;
    }>;
    const unitOfHook = new Map(units.map((id, i) => [`/wecom/unit-${i + 1}`, `unit:${id}`]));
    const receivedCount = {
      sms: tally(smsc.received.map((m) => `${m.to}|${m.text}`)),
      wecom: tally(robots.posts.map((p) => `${unitOfHook.get(p.path) ?? p.path}|${p.body.markdown?.content ?? ''}`)),
    };
    const channels = Object.fromEntries((['sms', 'wecom'] as const).map((c) => {
      const sent = channelRows.filter((r) => r.channel === c);
      const count = (r: (typeof sent)[number]) => receivedCount[c].get(`${r.recipient_address}|${r.body_text}`) ?? 0;
      const twice = sent.filter((r) => count(r) > 1);
      return [c, {
        sent: sent.length,
        received: [...receivedCount[c].values()].reduce((a, n) => a + n, 0),
        missing: sent.filter((r) => count(r) === 0).map((r) => r.dedupe_key),
        resent: twice.filter((r) => r.attempts >= 2 && count(r) === 2).map((r) => r.dedupe_key),
        duplicates: twice.filter((r) => !(r.attempts >= 2 && count(r) === 2)).map((r) => r.dedupe_key),
      }];
    })) as ChaosReport['channels'];
    return {
      faults,
      proposals,
      notifications: rows.length,
      delivered: smtp.received.length,
      duplicates: twice.filter((k) => !(claimedAgain.has(k) && counts.get(k) === 2)),
      resentAfterLostReply: twice.filter((k) => claimedAgain.has(k) && counts.get(k) === 2),
      resendBound: 4 * (faults.filter((f) => f.fault.startsWith('kill -9 notification-worker')).length + 1),
      missing: [...expected].filter((k) => !counts.has(k)),
      unexpected: [...counts.keys()].filter((k) => !expected.has(k)),
      stagesFired: stages.n,
      stagesDuplicated: stages.n - stages.d,
      stagesOverdueUnfired: await q(`SELECT count(*)::int AS n FROM deadlines WHERE status = 'open' AND next_action_at <= (SELECT now() + (offset_ms * interval '1 millisecond') FROM simulated_clock)`),
      undispatchedEvents: await q(`SELECT count(*)::int AS n FROM events WHERE dispatched_at IS NULL`),
      incompleteJobs: await q(`SELECT count(*)::int AS n FROM event_jobs WHERE completed_at IS NULL`),
      stuckJobs: stuck,
      // Over every channel.
      deadNotifications: await q(`SELECT count(*)::int AS n FROM notifications WHERE status = 'dead'`),
      impliedByLoad: {
        newProposal: { expected: Number(implied.new_expected), planned: implied.new_planned },
        assignmentNotice: { expected: implied.assignment_expected, planned: implied.assignment_planned },
      },
      channels,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } catch (e) {
    log(cluster.log.slice(-20).join('\n'));
    throw e;
  } finally {
    await cluster.stop();
    await pool.end();
    await smtp.close();
    await smsc.close();
    await robots.close();
    await redis.stop();
    await db.drop();
  }
}

function tally(keys: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** Jobs waiting or active in any queue, outside the periodic ones. */
async function stuckJobs(url: string): Promise<number> {
  const { Queue } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  let n = 0;
  for (const name of ['intake', 'assignment', 'notification']) {
    const queue = new Queue(name, { connection, prefix: 'chaos' });
    // The schedulers' own jobs (relay, sweep, maintenance: every few seconds) are not work left behind.
    const jobs = await queue.getJobs(['waiting', 'active']);
    n += jobs.filter((j) => j && !j.repeatJobKey && !String(j.id).startsWith('repeat:')).length;
    await queue.close();
  }
  connection.disconnect();
  return n;
}

export function formatReport(r: ChaosReport): string {
  const rows: Array<[string, string | number, string]> = [
    ['proposals created under load', r.proposals, ''],
    ['notifications expected', r.notifications, ''],
    ['emails received by the sink', r.delivered, r.delivered - r.resentAfterLostReply.length === r.notifications - r.deadNotifications ? 'ok' : 'MISMATCH'],
    ['新提案 planned / implied by load', `${r.impliedByLoad.newProposal.planned}/${r.impliedByLoad.newProposal.expected}`, r.impliedByLoad.newProposal.planned === r.impliedByLoad.newProposal.expected ? 'ok' : 'FAIL'],
    ['交办通知 planned / implied by load', `${r.impliedByLoad.assignmentNotice.planned}/${r.impliedByLoad.assignmentNotice.expected}`, r.impliedByLoad.assignmentNotice.planned === r.impliedByLoad.assignmentNotice.expected ? 'ok' : 'FAIL'],
    ['emails received twice', r.duplicates.length, r.duplicates.length === 0 ? 'ok' : 'FAIL'],
    ['resent: 250 lost (same Message-ID)', r.resentAfterLostReply.length, r.resentAfterLostReply.length <= r.resendBound ? `ok (≤ ${r.resendBound})` : 'FAIL'],
    ['expected emails missing', r.missing.length, r.missing.length === 0 ? 'ok' : 'FAIL'],
    ['emails nobody expected', r.unexpected.length, r.unexpected.length === 0 ? 'ok' : 'FAIL'],
    ['dead notifications', r.deadNotifications, r.deadNotifications === 0 ? 'ok' : 'FAIL'],
    ['deadline stages fired', r.stagesFired, ''],
    ['stages fired twice', r.stagesDuplicated, r.stagesDuplicated === 0 ? 'ok' : 'FAIL'],
    ['stages due but not fired', r.stagesOverdueUnfired, r.stagesOverdueUnfired === 0 ? 'ok' : 'FAIL'],
    ['events left undispatched', r.undispatchedEvents, r.undispatchedEvents === 0 ? 'ok' : 'FAIL'],
    ['routed jobs never completed', r.incompleteJobs, r.incompleteJobs === 0 ? 'ok' : 'FAIL'],
    ['jobs stuck in queues', r.stuckJobs, r.stuckJobs === 0 ? 'ok' : 'FAIL'],
    ...(['sms', 'wecom'] as const).flatMap((c): Array<[string, string | number, string]> => {
      const x = r.channels[c];
      return [
        [`${c}: sent / received`, `${x.sent}/${x.received}`, x.received - x.resent.length === x.sent ? 'ok' : 'MISMATCH'],
        [`${c}: missing`, x.missing.length, x.missing.length === 0 ? 'ok' : 'FAIL'],
        [`${c}: received twice`, x.duplicates.length, x.duplicates.length === 0 ? 'ok' : 'FAIL'],
        [`${c}: resent after a kill`, x.resent.length, ''],
      ];
    }),
  ];
  return [
    'faults injected:',
    ...r.faults.map((f) => `  ${f.at.padStart(7)}  ${f.fault}`),
    '',
    'outcome:',
    ...rows.map(([k, v, s]) => `  ${k.padEnd(32)} ${String(v).padStart(7)}  ${s}`),
    `  run took ${r.seconds}s`,
  ].join('\n');
}
