// Shared helpers of the benchmark suites: databases, Redis cleanup, worker processes, statistics.
// Plain Node ESM that imports the compiled application through the package's `#` imports (dist/).

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVER_URL = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Where the worker processes' logs go (one folder per run, never committed). */
export const LOG_DIR = process.env.BENCH_LOG_DIR ?? join(ROOT, 'bench', 'results', 'logs');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function log(...args) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${args.join(' ')}\n`);
}

async function admin(fn) {
  const client = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database (and a queue prefix of the same name) for one suite. `drop()` removes the
 * database and every Redis key under the prefix (unless BENCH_KEEP_DATABASE=1).
 */
export async function createBenchDatabase(label) {
  const name = `duban_bench_${label}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = `${SERVER_URL}/${name}`;
  return {
    name,
    url,
    prefix: name,
    async drop() {
      // BENCH_KEEP_DATABASE=1 keeps the database for probing afterwards (EXPLAIN ANALYZE on the same data).
      if (process.env.BENCH_KEEP_DATABASE === '1') return log(`kept database ${name} (BENCH_KEEP_DATABASE=1)`);
      await cleanRedis(name).catch((e) => log(`redis cleanup of ${name} failed: ${e.message}`));
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Applies the application's migrations to a bench database (the same code every process runs). */
export async function migrate(url) {
  const { createDataSource, runMigrations } = await import('#persistence');
  const ds = createDataSource({ url, applicationName: 'duban-bench-migrate' });
  await ds.initialize();
  try {
    return await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}

/** Deletes every key of a queue prefix. */
export async function cleanRedis(prefix) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) removed += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}

export function pgPool(url, max = 4) {
  return new pg.Pool({ connectionString: url, max, application_name: 'duban-bench' });
}

// ---------------------------------------------------------------------------------------------
// Statistics

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

const round = (x, digits = 1) => (x == null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** n, mean, p50, p95, p99, max of a list of numbers (milliseconds, usually). */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { n: 0, mean: null, p50: null, p95: null, p99: null, max: null };
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    n: sorted.length,
    mean: round(mean),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
  };
}

export { round };

// ---------------------------------------------------------------------------------------------
// Processes

/** Resident set size of a process, in MiB (Linux /proc). */
export function rssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round((kb / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in seconds (Linux /proc; 100 ticks/s). */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/** The Postgres backends serving one database (their command line names it). */
function backendsOf(database) {
  const pids = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres:') && cmd.includes(` ${database} `)) pids.push(Number(d));
    } catch {
      // gone
    }
  }
  return pids;
}

/** The first process whose command line starts with `prefix` (e.g. the local redis-server). */
export function findProcess(prefix) {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').startsWith(prefix)) return { pid: Number(d) };
    } catch {
      // gone
    }
  }
  return null;
}

/** Busy and total CPU seconds of the whole machine so far (/proc/stat). */
function machineCpu() {
  const [, ...v] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = v.map(Number);
  const idle = n[3] + n[4];
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / 100, total: total / 100 };
}

/**
 * Where the CPU goes during a phase: `start()` then `stop()` gives, per process (and for the
 * Postgres backends of the bench database together, and Redis), the CPU seconds used and the share
 * of one core, plus the whole machine's busy share (other work on a shared machine shows there).
 */
export function cpuMeter(procs, database) {
  const read = () => {
    const out = {};
    for (const [name, p] of Object.entries(procs)) out[name] = cpuSeconds(p.pid);
    const backends = backendsOf(database);
    out.postgres = { pids: backends, byPid: Object.fromEntries(backends.map((b) => [b, cpuSeconds(b)])) };
    return out;
  };
  let before;
  let t0;
  let m0;
  return {
    start() {
      before = read();
      t0 = Date.now();
      m0 = machineCpu();
    },
    stop() {
      const after = read();
      const wall = (Date.now() - t0) / 1000;
      const m1 = machineCpu();
      const out = { wallSeconds: round(wall, 1) };
      for (const name of Object.keys(procs)) {
        const used = (after[name] ?? 0) - (before[name] ?? 0);
        out[name] = { cpuSeconds: round(used, 1), cores: round(used / wall, 2) };
      }
      let pg = 0;
      for (const [pid, t] of Object.entries(after.postgres.byPid)) pg += (t ?? 0) - (before.postgres.byPid[pid] ?? 0);
      out.postgres = { cpuSeconds: round(pg, 1), cores: round(pg / wall, 2), backends: after.postgres.pids.length };
      out.machine = { busyCores: round((m1.busy - m0.busy) / wall, 2), cores: round((m1.total - m0.total) / wall, 2) };
      return out;
    },
  };
}

/** Samples the RSS of some processes every `everyMs` and keeps the peak and the last value of each. */
export class RssSampler {
  constructor(procs, everyMs = 200) {
    this.procs = procs;
    this.peak = {};
    this.samples = {};
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  sample() {
    for (const [name, p] of Object.entries(this.procs)) {
      const v = rssMiB(p.pid);
      if (v == null) continue;
      this.peak[name] = Math.max(this.peak[name] ?? 0, v);
      (this.samples[name] ??= []).push(v);
    }
  }

  /** Resets the peaks (start of a new phase). */
  reset() {
    this.peak = {};
    this.samples = {};
  }

  stop() {
    clearInterval(this.timer);
  }
}

/**
 * Starts a compiled Duban app (`dist/apps/<app>/src/main.js`) as its own process, its output
 * written to a log file. Resolves once it runs; `stop()` sends SIGTERM and waits for it to exit.
 */
/**
 * The signing secrets of one bench run, random (production refuses any value written in the
 * repository) and shared by every app the run starts.
 */
export const BENCH_SECRETS = {
  DUBAN_JWT_SECRET: randomBytes(36).toString('base64'),
  DUBAN_FEEDBACK_LINK_SECRET: randomBytes(36).toString('base64'),
};

export function startApp(app, env, logName = app) {
  const entry = join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `${logName}.log`);
  const out = createWriteStream(logFile);
  // BENCH_CPU_PROF=<dir>: each app writes a V8 CPU profile there when it exits (for finding hot spots).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${logName}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...prof, entry], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...BENCH_SECRETS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = null;
  const exit = new Promise((r) => child.once('exit', (code, signal) => r((exited = { code, signal }))));
  return {
    name: logName,
    pid: child.pid,
    logFile,
    get exited() {
      return exited;
    },
    async stop(timeoutMs = 20_000) {
      if (exited) return exited;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const r = await exit;
      clearTimeout(t);
      return r;
    },
  };
}

/** Waits until each queue has at least one connected BullMQ worker (i.e. the consumers run). */
export async function waitForWorkers(prefix, queues, procs = [], timeoutMs = 60_000) {
  const { Queue } = await import('bullmq');
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const qs = queues.map((name) => new Queue(name, { connection, prefix }));
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      for (const p of procs) if (p.exited) throw new Error(`${p.name} exited (${JSON.stringify(p.exited)}); see ${p.logFile}`);
      const counts = await Promise.all(qs.map((q) => q.getWorkersCount()));
      if (counts.every((c) => c > 0)) return;
      if (Date.now() > deadline) throw new Error(`workers not up after ${timeoutMs} ms: ${queues.map((q, i) => `${q}=${counts[i]}`).join(' ')}`);
      await sleep(250);
    }
  } finally {
    await Promise.all(qs.map((q) => q.close()));
    connection.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// Load

/**
 * Open-loop load at a fixed rate: starts `fire(i)` at t0 + i/rate, whatever the previous calls
 * are doing (at most `maxInFlight` at once: beyond that the generator falls behind, which the
 * achieved rate shows). Resolves when every call has settled.
 */
export async function fixedRate({ rate, count, fire, maxInFlight = 500 }) {
  const t0 = performance.now();
  let inFlight = 0;
  let errors = 0;
  let started = 0;
  const all = [];
  let wake = null;
  while (started < count) {
    const due = Math.min(count, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
    while (started < due && inFlight < maxInFlight) {
      const i = started++;
      inFlight++;
      all.push(
        Promise.resolve()
          .then(() => fire(i))
          .catch(() => void errors++)
          .finally(() => {
            inFlight--;
            wake?.();
          }),
      );
    }
    if (started >= count) break;
    const nextAt = t0 + (started * 1000) / rate;
    const wait = Math.max(0, nextAt - performance.now());
    await new Promise((r) => {
      wake = r;
      setTimeout(r, inFlight >= maxInFlight ? 50 : Math.max(1, wait));
    });
    wake = null;
  }
  await Promise.all(all);
  const elapsed = performance.now() - t0;
  return { count, errors, elapsedMs: elapsed, achievedRate: (count * 1000) / elapsed };
}

/** Closed-loop load: `concurrency` loops call `fire(i)` back to back until `count` calls are made. */
export async function saturate({ concurrency, count, fire }) {
  const t0 = performance.now();
  let next = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        try {
          await fire(i);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = performance.now() - t0;
  return { count, errors, elapsedMs: elapsed, achievedRate: (count * 1000) / elapsed };
}
