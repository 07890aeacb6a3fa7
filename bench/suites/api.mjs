// api: the register (提案登记簿) list, the same list filtered, and the proposal page, with 100,000
// proposals in the database, 50 concurrent clients (autocannon) against the API process
// (`node dist/apps/api/src/main.js`), signed in as the committee's staff (sees every proposal).

import autocannon from 'autocannon';
import { REDIS_URL, RssSampler, cpuMeter, createBenchDatabase, log, migrate, pgPool, round, sleep, startApp, summarize } from '../lib/common.mjs';
import { deadlineTemplates, seedDirectory, uid } from '../lib/seed.mjs';

const STATUSES = ['submitted', 'filed', 'assigned', 'handling', 'handling', 'handling', 'replied', 'replied', 'closed', 'closed'];
// The API runs on simulated time (DUBAN_TIME_TRAVEL=on) at this instant, so that a third of the
// open deadlines are overdue, as in a session's fourth month.
const NOW = new Date('2024-06-27T10:00:00+08:00');

export async function run({ quick }) {
  const total = quick ? 20_000 : 100_000;
  const connections = 50;
  const duration = quick ? 5 : 15;
  const db = await createBenchDatabase('api');
  const pool = pgPool(db.url, 2);
  let api;
  let sampler;
  const result = { suite: 'api', config: { proposals: total, connections, durationSeconds: duration } };
  try {
    await migrate(db.url);
    const dir = await seedDirectory(pool);
    const t0 = performance.now();
    await seedRegister(pool, dir, total);
    await pool.query('VACUUM ANALYZE');
    const counts = (await pool.query(`SELECT (SELECT count(*) FROM proposals) p, (SELECT count(*) FROM assignments) a, (SELECT count(*) FROM deadlines) d, (SELECT count(*) FROM replies) r`)).rows[0];
    log(`api: seeded ${JSON.stringify(counts)} in ${Math.round(performance.now() - t0)} ms`);

    await pool.query(`INSERT INTO simulated_clock (id, offset_ms, set_to) VALUES (true, $1, $2)`, [NOW.getTime() - Date.now(), NOW]);
    const port = 38000 + Math.floor(Math.random() * 2000);
    api = startApp('api', {
      DATABASE_URL: db.url,
      REDIS_URL,
      DUBAN_QUEUE_PREFIX: db.prefix,
      PORT: String(port),
      DUBAN_ADMIN_USERNAME: 'admin',
      DUBAN_ADMIN_PASSWORD: 'Lantern-of-bench-2031',
      DUBAN_TIME_TRAVEL: 'on',
    });
    const base = `http://127.0.0.1:${port}`;
    const token = await login(base, api);
    const headers = { authorization: `Bearer ${token}` };
    sampler = new RssSampler({ api }, 200);
    await sleep(2000);
    const rssAtRest = sampler.samples.api?.at(-1) ?? null;

    const unit = dir.unitIds[3]; // department D004: n % 40 = 3, so n % 10 = 3: handling
    const { rows: idRows } = await pool.query(`SELECT id FROM proposals WHERE status IN ('handling','replied','closed') ORDER BY random() LIMIT 5000`);
    const ids = idRows.map((r) => r.id);
    const endpoints = [
      { name: 'register list', path: `/api/v1/proposals?sessionId=${dir.sessionId}&page=1&pageSize=20` },
      { name: 'register, page 50', path: `/api/v1/proposals?sessionId=${dir.sessionId}&page=50&pageSize=20` },
      { name: 'filtered: status + unit', path: `/api/v1/proposals?status=handling&unitId=${unit}&pageSize=20` },
      { name: 'filtered: overdue', path: `/api/v1/proposals?overdue=true&pageSize=20` },
      { name: 'filtered: text search', path: `/api/v1/proposals?q=${encodeURIComponent('数字政府')}&pageSize=20` },
      { name: 'proposal page (random id)', path: null },
    ];
    // Check each endpoint answers 200 with data first.
    for (const e of endpoints) {
      const res = await fetch(base + (e.path ?? `/api/v1/proposals/${ids[0]}`), { headers });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`${e.name}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      e.total = body.total ?? null;
    }
    // Warm-up.
    await cannon({ url: base, headers, connections: 10, duration: 2, path: endpoints[0].path });

    const rows = [];
    let peak = 0;
    const meter = cpuMeter({ api, 'autocannon (bench)': { pid: process.pid } }, db.name);
    for (const e of endpoints) {
      sampler.reset();
      meter.start();
      let i = 0;
      const r = await cannon({
        url: base,
        headers,
        connections,
        duration,
        path: e.path,
        setupRequest: e.path ? undefined : (req) => ({ ...req, path: `/api/v1/proposals/${ids[i++ % ids.length]}` }),
      });
      const cpu = meter.stop();
      peak = Math.max(peak, sampler.peak.api ?? 0);
      const row = { endpoint: e.name, path: e.path ?? '/api/v1/proposals/:id', matching: e.total, requests: r.requests, non2xx: r.non2xx, errors: r.errors, rps: r.rps, latencyMs: r.latency, cpu };
      rows.push(row);
      log(`api ${e.name}: ${r.rps} req/s, p50 ${r.latency.p50} ms, p95 ${r.latency.p95} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`);
      await sleep(1000);
    }
    const main = rows.filter((r) => ['register list', 'filtered: status + unit', 'proposal page (random id)'].includes(r.endpoint));
    Object.assign(result, {
      rows,
      seeded: counts,
      memory: { process: 'api', atRestMiB: rssAtRest, underLoadPeakMiB: peak },
      table: {
        title: `API: ${total.toLocaleString('en')} proposals, ${connections} concurrent clients, ${duration} s each (autocannon; API in its own process)`,
        columns: ['endpoint', 'matching', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'CPU ms/req: api', 'postgres', 'cores: api', 'postgres', 'autocannon', 'machine busy'],
        rows: rows.map((r) => [
          r.endpoint, r.matching, r.rps, r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.p99, r.latencyMs.max, r.non2xx, r.errors,
          round((r.cpu.api.cpuSeconds * 1000) / Math.max(1, r.requests), 2), round((r.cpu.postgres.cpuSeconds * 1000) / Math.max(1, r.requests), 2),
          r.cpu.api.cores, r.cpu.postgres.cores, r.cpu['autocannon (bench)'].cores, r.cpu.machine.busyCores,
        ]),
        note: `API process RSS: ${rssAtRest} MiB at rest, ${peak} MiB peak under load`,
      },
      targets: main.map((r) => ({ name: `API ${r.endpoint}: p95 < 50 ms (${connections} clients)`, measured: `${r.latencyMs.p95} ms (${r.rps} req/s)`, met: r.latencyMs.p95 < 50 && r.non2xx === 0 && r.errors === 0 })),
    });
  } finally {
    sampler?.stop();
    await api?.stop();
    await pool.end();
    await db.drop();
  }
  return result;
}

async function login(base, api) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (api.exited) throw new Error(`api exited ${JSON.stringify(api.exited)}; see ${api.logFile}`);
    try {
      const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Lantern-of-bench-2031' }) });
      if (res.ok) return (await res.json()).accessToken;
      if (res.status !== 503) throw new Error(`login: HTTP ${res.status} ${await res.text()}`);
    } catch (e) {
      if (!/ECONNREFUSED|fetch failed/.test(e.message + (e.cause?.code ?? ''))) throw e;
    }
    if (Date.now() > deadline) throw new Error('API not up after 60 s');
    await sleep(250);
  }
}

/** One autocannon run; latencies from every response (autocannon's own table has no p95). */
function cannon({ url, headers, connections, duration, path, setupRequest }) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const instance = autocannon(
      { url, connections, duration, headers, requests: [{ method: 'GET', path: path ?? '/', ...(setupRequest ? { setupRequest } : {}) }] },
      (err, res) => {
        if (err) return reject(err);
        const s = summarize(latencies);
        resolve({ requests: res.requests.total, rps: round(res.requests.average), non2xx: res.non2xx, errors: res.errors + res.timeouts, latency: s });
      },
    );
    instance.on('response', (client, statusCode, resBytes, responseTime) => latencies.push(responseTime));
  });
}

/**
 * The register: `total` proposals of the session in every status; those assigned or later have a
 * lead assignment and its reply deadline (open: some overdue; settled once replied), replied and
 * closed ones a reply.
 */
export async function seedRegister(pool, dir, total) {
  const make = await deadlineTemplates();
  for (let from = 1; from <= total; from += 50_000) {
    const count = Math.min(50_000, total - from + 1);
    const params = [from, count, dir.sessionId, dir.proposers, STATUSES];
    await pool.query(
      `INSERT INTO proposals (id, session_id, number, title, content, status, category, lead_proposer_id, submitted_at, filed_at, round, version)
       SELECT ${uid('p', 'n')}, $3, n,
              '关于' || (ARRAY['优化营商环境','推进数字政府建设','加强城市管理','完善养老服务','改善交通出行','保护生态环境','发展职业教育','促进乡村振兴'])[1 + n % 8] || '的提案（' || n || '）',
              '建议' || md5(n::text) || '。' || repeat('围绕群众急难愁盼问题，加强部门协同，完善制度机制。', 2 + n % 6),
              ($5::text[])[1 + n % 10], (ARRAY['经济','社会','文化','生态','政法'])[1 + n % 5],
              ${uid('m', '1 + n % $4::int')},
              timestamptz '2024-01-20 10:00+08' + (n % 86400) * interval '1 second', timestamptz '2024-01-25 10:00+08', 1, 1
         FROM generate_series($1::int, $1::int + $2::int - 1) n`,
      params,
    );
    // Lead assignments of the proposals assigned or later (statuses 3..10 of the cycle).
    await pool.query(
      `INSERT INTO assignments (id, proposal_id, unit_id, role, state, assigned_at, accepted_at, replied_at, version)
       SELECT ${uid('a', 'n')}, ${uid('p', 'n')}, ${uid('u', '1 + n % $3::int')}, 'lead',
              CASE WHEN n % 10 = 2 THEN 'assigned' WHEN n % 10 IN (3,4,5) THEN 'accepted' ELSE 'replied' END,
              timestamptz '2024-03-26 10:00+08', CASE WHEN n % 10 <> 2 THEN timestamptz '2024-03-27 10:00+08' END,
              CASE WHEN n % 10 >= 6 THEN timestamptz '2024-06-20 10:00+08' END, 1
         FROM generate_series($1::int, $1::int + $2::int - 1) n WHERE n % 10 >= 2`,
      [from, count, dir.departments],
    );
    // Their reply deadlines: open for assigned/handling (a third of them already overdue), settled once replied.
    const t = make('reply', new Date('2024-03-26T10:00:00+08:00'));
    const late = make('reply', new Date('2024-02-26T10:00:00+08:00'));
    await pool.query(
      `INSERT INTO deadlines (id, proposal_id, assignment_id, kind, round, dedupe_key, status, started_at, due_on, due_at,
                              stage, next_stage, next_action_at, ladder, rule, explanation, settled_at, settled_late)
       SELECT ${uid('d', 'n')}, ${uid('p', 'n')}, ${uid('a', 'n')}, 'reply', 1, 'reply:' || ${uid('a', 'n')} || ':1',
              CASE WHEN n % 10 >= 6 THEN 'settled' ELSE 'open' END, $3,
              CASE WHEN n % 3 = 0 THEN $9::date ELSE $4::date END, CASE WHEN n % 3 = 0 THEN $10::timestamptz ELSE $5::timestamptz END,
              CASE WHEN n % 10 >= 6 THEN 'open' WHEN n % 3 = 0 THEN 'overdue' ELSE 'reminder_1d' END,
              CASE WHEN n % 10 >= 6 THEN NULL WHEN n % 3 = 0 THEN 'escalation' ELSE 'overdue' END,
              CASE WHEN n % 10 >= 6 THEN NULL WHEN n % 3 = 0 THEN $10::timestamptz + interval '7 days' ELSE $5::timestamptz END,
              $6::jsonb, $7::jsonb, $8, CASE WHEN n % 10 >= 6 THEN timestamptz '2024-06-20 10:00+08' END, CASE WHEN n % 10 >= 6 THEN false END
         FROM generate_series($1::int, $1::int + $2::int - 1) n WHERE n % 10 >= 2`,
      [from, count, t.start, t.dueOn, t.dueAt, JSON.stringify(t.stored), JSON.stringify(t.rule), t.explanation, late.dueOn, late.dueAt],
    );
    await pool.query(
      `INSERT INTO replies (assignment_id, proposal_id, round, content, result_category, signed_by, contact_name, contact_phone, public, submitted_at)
       SELECT ${uid('a', 'n')}, ${uid('p', 'n')}, 1, '答复：' || repeat('我单位高度重视，认真研究办理，现答复如下。', 10), (ARRAY['A','B','C','D'])[1 + n % 4],
              '局长', '联系人', '0375-2580162', n % 2 = 0, timestamptz '2024-06-20 10:00+08'
         FROM generate_series($1::int, $1::int + $2::int - 1) n WHERE n % 10 >= 6`,
      [from, count],
    );
  }
  await pool.query(`UPDATE sessions SET last_number = $1`, [total]);
}
