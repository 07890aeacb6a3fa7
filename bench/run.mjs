#!/usr/bin/env node
// `npm run bench [-- [--quick] [pipeline] [sweep] [burst] [api] [memory]]`
//
// Runs the benchmark suites on the local Postgres and Redis against the compiled application
// (dist/, built by `npm run build`, which the npm script runs first), prints a table per suite
// and writes bench/results/<timestamp>.json with the machine, the versions and the git commit.
// Each suite runs in its own Node process, on a fresh database and queue prefix that it drops
// (with its Redis keys) when it ends. See docs/performance.md.
//
// Plain Node ESM on purpose: the application is ESM TypeScript compiled by `nest build`; the bench
// imports the compiled code through the package's `#domain`, `#application`... imports.

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { REDIS_URL, ROOT, SERVER_URL } from './lib/common.mjs';

const SUITES = ['pipeline', 'sweep', 'burst', 'sms-burst', 'api'];
/** `memory` is measured by the pipeline suite (worker processes at rest and under saturation). */
const ALIASES = { memory: 'pipeline', baseline: 'pipeline' };

const args = process.argv.slice(2);

if (args[0] === '--child') {
  // Child mode: run one suite, write its result to a file.
  const [, suite, out, quickFlag] = args;
  const mod = await import(`./suites/${suite}.mjs`);
  const result = await mod.run({ quick: quickFlag === 'quick' });
  writeFileSync(out, JSON.stringify(result, null, 2));
  process.exit(0);
}

const quick = args.includes('--quick');
const unknown = args.filter((a) => a.startsWith('-') && a !== '--quick');
if (unknown.length) {
  console.error(`unknown option ${unknown.join(' ')}; usage: npm run bench -- [--quick] [${[...SUITES, ...Object.keys(ALIASES)].join('] [')}]`);
  process.exit(2);
}
const named = args.filter((a) => !a.startsWith('-')).map((a) => ALIASES[a] ?? a);
const bad = named.filter((n) => !SUITES.includes(n));
if (bad.length) {
  console.error(`unknown suite ${bad.join(', ')}; suites: ${SUITES.join(', ')} (memory is part of pipeline)`);
  process.exit(2);
}
const selected = named.length ? SUITES.filter((s) => named.includes(s)) : SUITES;

if (!existsSync(join(ROOT, 'dist', 'libs', 'queue', 'src', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first (npm run bench does).');
  process.exit(2);
}

const machine = await describeMachine();
const started = new Date();
const stamp = started.toISOString().replace(/[:.]/g, '-');
const results = { startedAt: started.toISOString(), quick, suites: selected, machine, results: {} };
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
const outFile = join(ROOT, 'bench', 'results', `${stamp}${quick ? '-quick' : ''}.json`);

console.log(`Duban bench${quick ? ' (quick)' : ''}: ${selected.join(', ')}`);
console.log(`machine: ${machine.cpu.model} × ${machine.cpu.cores}, ${machine.memoryGiB} GiB; node ${machine.versions.node}, ${machine.versions.postgres}, redis ${machine.versions.redis}; commit ${machine.git.commit}${machine.git.dirty ? ' (dirty)' : ''}`);

// The suites run from a snapshot of the build (dist/, config/, the UI's views and assets, bench/,
// package.json; node_modules linked), so that a rebuild in this work tree while they run (nest build empties dist/ first)
// cannot pull the code from under them.
const snapshot = join(os.tmpdir(), `duban-bench-${stamp}`);
mkdirSync(snapshot, { recursive: true });
for (const d of ['dist', 'config', 'apps/api/views', 'apps/api/public', 'bench/lib', 'bench/suites']) {
  if (existsSync(join(ROOT, d))) cpSync(join(ROOT, d), join(snapshot, d), { recursive: true });
}
cpSync(join(ROOT, 'bench', 'run.mjs'), join(snapshot, 'bench', 'run.mjs'));
cpSync(join(ROOT, 'package.json'), join(snapshot, 'package.json'));
symlinkSync(join(ROOT, 'node_modules'), join(snapshot, 'node_modules'), 'dir');
process.on('exit', () => rmSync(snapshot, { recursive: true, force: true }));
// Interrupted: the running suite gets the signal too (it drops its database and queue keys), then we go.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => setTimeout(() => process.exit(130), 30_000).unref());

let failed = false;
for (const suite of selected) {
  const tmp = join(os.tmpdir(), `duban-bench-${process.pid}-${suite}.json`);
  const t0 = Date.now();
  // The machine may be shared: the load average before and after each suite goes into the results.
  const loadBefore = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [join(snapshot, 'bench', 'run.mjs'), '--child', suite, tmp, quick ? 'quick' : 'full'], {
      cwd: snapshot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, BENCH_LOG_DIR: join(ROOT, 'bench', 'results', 'logs', `${stamp}-${suite}`) },
    });
    child.on('exit', (c, signal) => resolve(signal ? `signal ${signal}` : c));
  });
  if (code !== 0 || !existsSync(tmp)) {
    console.error(`\nsuite ${suite} failed (${typeof code === 'number' ? `exit ${code}` : code})`);
    results.results[suite] = { suite, error: typeof code === 'number' ? `exit ${code}` : code };
    failed = true;
  } else {
    const result = JSON.parse(readFileSync(tmp, 'utf8'));
    rmSync(tmp, { force: true });
    result.seconds = Math.round((Date.now() - t0) / 1000);
    result.loadavg = { before: loadBefore, after: os.loadavg().map((x) => Math.round(x * 100) / 100) };
    console.log(`\n[${suite}: ${result.seconds} s; load average (1, 5, 15 min) before ${loadBefore.join(' ')}, after ${result.loadavg.after.join(' ')}]`);
    results.results[suite] = result;
    printResult(result);
  }
  writeFileSync(outFile, JSON.stringify(results, null, 2));
}

results.finishedAt = new Date().toISOString();
writeFileSync(outFile, JSON.stringify(results, null, 2));
const targets = Object.values(results.results).flatMap((r) => r.targets ?? []);
if (targets.length) {
  console.log('\nTargets');
  printTable(['target', 'measured', 'met'], targets.map((t) => [t.name, t.measured, t.met ? 'yes' : 'NO']));
}
console.log(`\nwritten ${outFile}`);
process.exit(failed ? 1 : 0);

function printResult(result) {
  for (const table of [result.table, ...(result.tables ?? [])].filter(Boolean)) {
    console.log(`\n${table.title}`);
    printTable(table.columns, table.rows);
    if (table.note) console.log(table.note);
  }
}

function printTable(columns, rows) {
  const cells = [columns, ...rows].map((r) => r.map((c) => (c == null ? '–' : String(c))));
  const width = (s) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r) => r.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join('  ');
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

async function describeMachine() {
  const cpus = os.cpus();
  const git = (...a) => {
    try {
      return execFileSync('git', a, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  let postgres;
  try {
    const c = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
    await c.connect();
    const version = (await c.query('SHOW server_version')).rows[0].server_version;
    const settings = (await c.query(`SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN ('shared_buffers','work_mem','max_connections','synchronous_commit','fsync','max_wal_size')`)).rows;
    await c.end();
    postgres = { version: `PostgreSQL ${version}`, settings: Object.fromEntries(settings.map((s) => [s.name, s.setting])) };
  } catch (e) {
    postgres = { version: `unreachable: ${e.message}` };
  }
  let redis;
  try {
    const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
    await r.connect();
    const info = await r.info('server');
    redis = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    r.disconnect();
  } catch (e) {
    redis = `unreachable: ${e.message}`;
  }
  const pkg = (name) => {
    try {
      return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  return {
    hostname: os.hostname(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: { model: cpus[0]?.model ?? 'unknown', cores: cpus.length },
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    versions: {
      node: process.version,
      postgres: postgres.version,
      redis,
      bullmq: pkg('bullmq'),
      typeorm: pkg('typeorm'),
      nestjs: pkg('@nestjs/core'),
      autocannon: pkg('autocannon'),
    },
    postgresSettings: postgres.settings ?? {},
    git: { commit: git('rev-parse', 'HEAD'), branch: git('rev-parse', '--abbrev-ref', 'HEAD'), dirty: !!git('status', '--porcelain', '--untracked-files=no') },
  };
}
