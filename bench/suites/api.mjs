// api: the register (提案登记簿) list, the same list filtered, and the proposal page, with 100,000
// proposals in the database, 10 and then 50 concurrent clients (autocannon) against the API process
// (`node dist/apps/api/src/main.js`), signed in as the committee's staff (sees every proposal); the
// server-rendered register and proposal pages (HTML) too.
//
// BENCH_API_PROPOSALS overrides the size (e.g. 1000000), BENCH_API_CONNECTIONS the client counts
// ("10,50"), BENCH_API_ENDPOINTS a semicolon-separated subset of the endpoint names below.

import autocannon from 'autocannon';
import { REDIS_URL, RssSampler, cpuMeter, createBenchDatabase, log, migrate, pgPool, round, sleep, startApp, summarize } from '../lib/common.mjs';
import { deadlineTemplates, seedDirectory, uid } from '../lib/seed.mjs';

const STATUSES = ['submitted', 'filed', 'assigned', 'handling', 'handling', 'handling', 'replied', 'replied', 'closed', 'closed'];
// The API runs on simulated time (DUBAN_TIME_TRAVEL=on) at this instant, so that a third of the
// open deadlines are overdue, as in a session's fourth month.
const NOW = new Date('2024-06-27T10:00:00+08:00');

export async function run({ quick }) {
  const total = Number(process.env.BENCH_API_PROPOSALS ?? (quick ? 20_000 : 100_000));
  const connectionCounts = (process.env.BENCH_API_CONNECTIONS ?? '10,50').split(',').map(Number);
  const only = process.env.BENCH_API_ENDPOINTS?.split(';').map((s) => s.trim());
  const duration = quick ? 5 : 15;
  const db = await createBenchDatabase('api');
  const pool = pgPool(db.url, 2);
  let api;
  let sampler;
  const result = { suite: 'api', config: { proposals: total, connections: connectionCounts, durationSeconds: duration, endpoints: only ?? 'all' } };
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
    // The UI's session cookie carries the same token (apps/api/src/auth/session-tokens.ts).
    const htmlHeaders = { cookie: `duban_session=${token}` };
    sampler = new RssSampler({ api }, 200);
    await sleep(2000);
    const rssAtRest = sampler.samples.api?.at(-1) ?? null;

    const unit = dir.unitIds[3]; // department D004: n % 40 = 3, so n % 10 = 3: handling
    const { rows: idRows } = await pool.query(`SELECT id FROM proposals WHERE status IN ('handling','replied','closed') ORDER BY random() LIMIT 5000`);
    const ids = idRows.map((r) => r.id);
    // The register's keyset cursor of page 50 (the API's nextCursor after 49 pages of 20), for the deep page by cursor.
    const deep = (await pool.query(
      `SELECT submitted_at, id FROM proposals WHERE session_id = $1 ORDER BY submitted_at DESC, id OFFSET 979 LIMIT 1`, [dir.sessionId],
    )).rows[0];
    const cursor = Buffer.from(JSON.stringify([deep.submitted_at.toISOString(), deep.id])).toString('base64url');
    const random = (prefix) => (req) => ({ ...req, path: `${prefix}${ids[Math.floor(Math.random() * ids.length)]}` });
    const endpoints = [
      { name: 'register list', path: `/api/v1/proposals?sessionId=${dir.sessionId}&page=1&pageSize=20` },
      { name: 'register, page 50', path: `/api/v1/proposals?sessionId=${dir.sessionId}&page=50&pageSize=20` },
      { name: 'register, cursor after 980', path: `/api/v1/proposals?sessionId=${dir.sessionId}&cursor=${cursor}&pageSize=20`, optional: true },
      { name: 'filtered: status + unit', path: `/api/v1/proposals?status=handling&unitId=${unit}&pageSize=20` },
      { name: 'filtered: overdue', path: `/api/v1/proposals?overdue=true&pageSize=20` },
      { name: 'filtered: text search', path: `/api/v1/proposals?q=${encodeURIComponent('数字政府')}&pageSize=20` },
      // The same 12,500 proposals by a fragment that is no word (数字政): the substring (trigram) path, to compare with the terms.
      { name: 'filtered: text search, substring', path: `/api/v1/proposals?q=${encodeURIComponent('数字政')}&pageSize=20` },
      { name: 'proposal page (random id)', path: null, setup: random('/api/v1/proposals/') },
      { name: 'HTML register page', path: `/proposals?sessionId=${dir.sessionId}`, html: true },
      { name: 'HTML proposal page (random id)', path: null, setup: random('/proposals/'), html: true },
    ].filter((e) => !only || only.includes(e.name));
    // Check each endpoint answers 200 with data first (an optional one the code does not have yet is left out).
    for (const e of [...endpoints]) {
      const res = await fetch(base + (e.path ?? (e.html ? `/proposals/${ids[0]}` : `/api/v1/proposals/${ids[0]}`)), { headers: e.html ? htmlHeaders : headers });
      const body = e.html ? await res.text() : await res.json();
      if (e.optional && res.status === 400) {
        endpoints.splice(endpoints.indexOf(e), 1);
        continue;
      }
      if (res.status !== 200) throw new Error(`${e.name}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      if (e.optional && (body.items?.length ?? 0) === 0) {
        endpoints.splice(endpoints.indexOf(e), 1);
        continue;
      }
      e.total = e.html ? null : (body.total ?? null);
      e.totalIsLowerBound = e.html ? null : (body.totalIsLowerBound ?? null);
    }
    // Warm-up.
    await cannon({ url: base, headers, connections: 10, duration: 2, path: endpoints[0].path });

    const rows = [];
    let peak = 0;
    const meter = cpuMeter({ api, 'autocannon (bench)': { pid: process.pid } }, db.name);
    for (const connections of connectionCounts) {
      for (const e of endpoints) {
        sampler.reset();
        meter.start();
        const r = await cannon({ url: base, headers: e.html ? htmlHeaders : headers, connections, duration, path: e.path, setupRequest: e.setup });
        const cpu = meter.stop();
        peak = Math.max(peak, sampler.peak.api ?? 0);
        const row = {
          endpoint: e.name, connections, path: e.path ?? (e.html ? '/proposals/:id' : '/api/v1/proposals/:id'), matching: e.total,
          totalIsLowerBound: e.totalIsLowerBound, requests: r.requests, non2xx: r.non2xx, errors: r.errors, rps: r.rps, latencyMs: r.latency, cpu,
        };
        rows.push(row);
        log(`api ${e.name} (${connections} clients): ${r.rps} req/s, p50 ${r.latency.p50} ms, p95 ${r.latency.p95} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, CPU ms/req api ${round((cpu.api.cpuSeconds * 1000) / Math.max(1, r.requests), 2)} postgres ${round((cpu.postgres.cpuSeconds * 1000) / Math.max(1, r.requests), 2)}`);
        await sleep(1000);
      }
    }
    const main = rows.filter((r) => r.connections === 10);
    Object.assign(result, {
      rows,
      seeded: counts,
      memory: { process: 'api', atRestMiB: rssAtRest, underLoadPeakMiB: peak },
      table: {
        title: `API: ${total.toLocaleString('en')} proposals, ${connectionCounts.join(' and ')} concurrent clients, ${duration} s each (autocannon; API in its own process)`,
        columns: ['endpoint', 'clients', 'matching', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'CPU ms/req: api', 'postgres', 'cores: api', 'postgres', 'autocannon', 'machine busy'],
        rows: rows.map((r) => [
          r.endpoint, r.connections, r.totalIsLowerBound ? `${r.matching}+` : r.matching, r.rps, r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.p99, r.latencyMs.max, r.non2xx, r.errors,
          round((r.cpu.api.cpuSeconds * 1000) / Math.max(1, r.requests), 2), round((r.cpu.postgres.cpuSeconds * 1000) / Math.max(1, r.requests), 2),
          r.cpu.api.cores, r.cpu.postgres.cores, r.cpu['autocannon (bench)'].cores, r.cpu.machine.busyCores,
        ]),
        note: `API process RSS: ${rssAtRest} MiB at rest, ${peak} MiB peak under load`,
      },
      targets: main.map((r) => ({ name: `API ${r.endpoint}: p95 < 50 ms (10 clients)`, measured: `${r.latencyMs.p95} ms (${r.rps} req/s)`, met: r.latencyMs.p95 < 50 && r.non2xx === 0 && r.errors === 0 })),
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
  // The counters' triggers (migration 1765872000000) are off while bulk-loading; the counters are rebuilt in one pass after.
  const { rows: [{ counters }] } = await pool.query(`SELECT to_regproc('duban_rebuild_proposal_counts') IS NOT NULL AS counters`);
  if (counters) await pool.query(`ALTER TABLE proposals DISABLE TRIGGER USER; ALTER TABLE assignments DISABLE TRIGGER USER; ALTER TABLE deadlines DISABLE TRIGGER USER`);
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
  if (counters) {
    await pool.query(`ALTER TABLE proposals ENABLE TRIGGER USER; ALTER TABLE assignments ENABLE TRIGGER USER; ALTER TABLE deadlines ENABLE TRIGGER USER`);
    await pool.query(`SELECT duban_rebuild_proposal_counts()`);
  }
  // The search terms (migration 1766400000000) of the rows inserted by SQL, as the migration writes them for existing ones.
  const { rows: [{ terms }] } = await pool.query(`SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'proposals' AND column_name = 'search_terms') AS terms`);
  if (terms) {
    const { backfillSearchTerms } = await import('#persistence');
    await backfillSearchTerms({ query: async (sql, params) => (await pool.query(sql, params)).rows }, 2000);
  }
}
