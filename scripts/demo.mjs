#!/usr/bin/env node
// `npm run demo`: everything needed to see Duban working on this machine, in one command.
//
//   1. checks PostgreSQL (DATABASE_URL's server) and Redis (REDIS_URL);
//   2. if one is missing, starts it with `docker compose` (with Mailpit to catch the emails), or
//      prints the commands that start it on Debian and stops;
//   3. creates the database if it does not exist;
//   4. builds the project if dist/ is missing or older than the sources;
//   5. runs the demo seed (migrations, then demo data into an empty database only);
//   6. runs the standalone process (API and every worker) until Ctrl-C, its JSON log lines shown
//      readable (pino-pretty; `--json` shows them raw), and prints the "Duban is running" banner
//      when /health answers and again once the burst of startup jobs is over.
//
// Environment: the same variables as the application (see .env.example; ./.env is read too).
// The application itself always logs JSON: only this terminal's copy is made readable.
// Plain Node ESM on purpose: it must run before anything is built.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import pg from 'pg';
import { Redis } from 'ioredis';
import pinoPretty from 'pino-pretty';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STANDALONE = 'dist/apps/standalone/src/main.js';
const SEED = 'dist/apps/standalone/src/seed-demo.js';
const SOURCE_DIRS = ['apps', 'libs', 'config'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/duban';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const COMPOSE_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5432/duban';
const COMPOSE_SMTP_URL = 'smtp://127.0.0.1:1025';
const MAILPIT_UI = 'http://localhost:8025';
// The queues of libs/queue/src/catalogue.ts (QueueName), to tell when the startup burst is over.
const QUEUES = ['outbox', 'intake', 'assignment', 'deadline', 'notification'];
// The burst is over when no event waits for the relay and no job waits or runs for this long…
const QUIET_MS = 3000;
// …but not before this long after /health answered (the first relay and sweep runs start it)…
const SETTLE_MS = 10_000;
// …and the banner is repeated anyway after this long, saying what is still busy.
const BURST_TIMEOUT_MS = 5 * 60_000;

const USAGE = `Usage: npm run demo [-- --json]

Starts PostgreSQL and Redis if needed, builds, loads the demo data and runs Duban with simulated
time on (see README.md, "Quick start").

  --json   show Duban's log lines as the raw JSON it writes (default: readable, via pino-pretty)
  --help   this text`;
const ARGS = process.argv.slice(2);
// The demo data brings one user per role (apps/standalone/src/demo/demo-data.ts; also in the README).
const DEMO_LOGINS = [
  ['admin', 'demo-guanliyuan-2024', '管理员'],
  ['tianwei', 'demo-tiweihui-2024', '提案委'],
  ['duchashi', 'demo-duchaban-2024', '督查室'],
  ['xzsp', 'demo-shenpiju-2024', '承办单位 市行政审批和政务信息管理局'],
  ['jiaoyu', 'demo-xuexiao-2024', '承办单位 市教育局'],
  ['chengangzheng', 'demo-weiyuan-2024', '提案者 陈刚正委员'],
];

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s) => (color ? `\x1b[1m${s}\x1b[0m` : s);
const red = (s) => (color ? `\x1b[31m${s}\x1b[0m` : s);
const green = (s) => (color ? `\x1b[32m${s}\x1b[0m` : s);

let stepNo = 0;
function step(title) {
  stepNo += 1;
  console.log(`\n${bold(`[demo ${stepNo}/6] ${title}`)}`);
}
function info(message) {
  console.log(`  ${message}`);
}

/**
 * Shows a child's stdout (pino's JSON lines) on this terminal, readable: time, level, process
 * name, Nest context and message on one line, the remaining fields after it, requests as
 * `METHOD url → status`. Lines that are not JSON pass through as they are. With `--json`, raw.
 */
function showLogs(stream) {
  if (ARGS.includes('--json')) {
    stream.pipe(process.stdout, { end: false });
    return;
  }
  const pretty = pinoPretty.prettyFactory({
    colorize: color,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,context,req,res,responseTime',
    singleLine: true,
    messageFormat: (log, messageKey) => {
      const context = log.context ? `${log.context}: ` : '';
      const request = log.req && log.res ? ` ${log.req.method} ${log.req.url} → ${log.res.statusCode} (${log.responseTime} ms)` : '';
      return `${context}${log[messageKey] ?? ''}${request}`;
    },
  });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    let out;
    try {
      out = pretty(line);
    } catch {
      out = undefined;
    }
    process.stdout.write(out === undefined ? `${line}\n` : out.endsWith('\n') ? out : `${out}\n`);
  });
}

class DemoError extends Error {}
/** Stops the demo with a message (and no stack trace). */
function fail(message) {
  throw new DemoError(message);
}

/** `./.env` into process.env, without overriding what is set (as the application does). */
function loadDotEnv() {
  const file = join(ROOT, '.env');
  if (!existsSync(file)) return;
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (process.env[key] === undefined && value !== undefined) process.env[key] = value;
  }
  info(`read ${relative(process.cwd(), file) || '.env'}`);
}

/** The value of an environment variable, an empty one counting as unset. */
function env(name) {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

function maskUrl(value) {
  try {
    const url = new URL(value);
    if (url.password) url.password = '****';
    return url.toString();
  } catch {
    return value;
  }
}

function serverOf(databaseUrl) {
  const url = new URL(databaseUrl);
  const host = url.hostname || url.searchParams.get('host') || 'localhost';
  return `${host}:${url.port || 5432}`;
}

function databaseNameOf(databaseUrl) {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  return name || 'postgres';
}

/** The same server, another database (the maintenance database, to check and create). */
function withDatabase(databaseUrl, database) {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENOENT']);

function isUnreachable(error) {
  return UNREACHABLE.has(error?.code) || /timeout|terminated unexpectedly|ECONNREFUSED/i.test(String(error?.message));
}

/** Runs `fn(client)` on the maintenance database of `databaseUrl`'s server. */
async function withMaintenanceClient(databaseUrl, fn) {
  let lastError;
  for (const database of ['postgres', 'template1']) {
    const client = new pg.Client({ connectionString: withDatabase(databaseUrl, database), connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
      if (error?.code === '3D000') continue; // no such database: try the next one
      throw error;
    }
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw lastError;
}

/** `{ ok: true }`, or `{ ok: false, unreachable, message }`. */
async function checkPostgres(databaseUrl) {
  try {
    await withMaintenanceClient(databaseUrl, (client) => client.query('SELECT 1'));
    return { ok: true };
  } catch (error) {
    return { ok: false, unreachable: isUnreachable(error), message: error?.code ? `${error.code}: ${error.message}` : String(error?.message ?? error) };
  }
}

async function checkRedis(redisUrl) {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError;
  redis.on('error', (error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    await redis.ping();
    return { ok: true };
  } catch (caught) {
    // ioredis rejects with "Connection is closed."; the 'error' event has the cause.
    const error = lastError ?? caught;
    return { ok: false, unreachable: isUnreachable(error) || !/NOAUTH|WRONGPASS|ERR/.test(String(error?.message)), message: String(error?.message ?? error) };
  } finally {
    redis.disconnect();
  }
}

async function waitFor(what, seconds, check) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last.ok) {
      info(`${green('✓')} ${what}`);
      return last;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  fail(`${what} is still not reachable after ${seconds}s: ${last?.message}`);
}

function dockerAvailable() {
  const infoResult = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 });
  if (infoResult.error || infoResult.status !== 0) return undefined;
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore', timeout: 20_000 }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore', timeout: 20_000 }).status === 0) return ['docker-compose'];
  return undefined;
}

/** Runs a command in the repository, output to this terminal; resolves with its exit status. */
function run(command, args, { logs = false, ...options } = {}) {
  return new Promise((resolvePromise) => {
    info(`$ ${[command === process.execPath ? 'node' : command, ...args].join(' ')}`);
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', logs ? 'pipe' : 'inherit', 'inherit'], ...options });
    if (logs) showLogs(child.stdout);
    child.on('error', (error) => resolvePromise({ status: 127, error }));
    // 'close', not 'exit': its last log lines are shown before what follows.
    child.on('close', (status, signal) => resolvePromise({ status: status ?? 128, signal }));
  });
}

function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return { mtime: 0 };
  }
  if (!stat.isDirectory()) return { mtime: stat.mtimeMs, path };
  let newest = { mtime: 0 };
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const candidate = newestMtime(join(path, entry));
    if (candidate.mtime > newest.mtime) newest = candidate;
  }
  return newest;
}

function buildReason() {
  const entry = join(ROOT, STANDALONE);
  if (!existsSync(entry)) return `${STANDALONE} does not exist`;
  const built = statSync(entry).mtimeMs;
  let newest = { mtime: 0 };
  for (const source of [...SOURCE_DIRS, ...SOURCE_FILES]) {
    const candidate = newestMtime(join(ROOT, source));
    if (candidate.mtime > newest.mtime) newest = candidate;
  }
  return newest.mtime > built ? `${relative(ROOT, newest.path)} is newer than ${STANDALONE}` : undefined;
}

function debianHints({ postgres, redis }) {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  const lines = ['', red('PostgreSQL and Redis must run before the demo, and Docker is not available to start them.'), ''];
  if (!postgres.ok) {
    const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql').sort() : [];
    const version = versions.at(-1) ?? '$(ls /etc/postgresql)';
    lines.push(`PostgreSQL is not reachable at ${serverOf(postgres.url)} (${postgres.message}). On Debian:`);
    if (versions.length === 0) lines.push(`  ${sudo}apt-get install postgresql`);
    lines.push(`  ${sudo}pg_ctlcluster --skip-systemctl-redirect ${version} main start`);
    lines.push('  (the default DATABASE_URL connects as "postgres" without a password: allow it in pg_hba.conf');
    lines.push('   with "host all all 127.0.0.1/32 trust", or set DATABASE_URL with a password)', '');
  }
  if (!redis.ok) {
    lines.push(`Redis is not reachable at ${maskUrl(redis.url)} (${redis.message}). On Debian:`);
    if (!existsSync('/usr/bin/redis-server')) lines.push(`  ${sudo}apt-get install redis-server`);
    const port = new URL(redis.url).port || '6379';
    lines.push(`  redis-server --daemonize yes --bind 127.0.0.1 --port ${port} --save "" --appendonly no`, '');
  }
  lines.push('Or install Docker (with Compose) and run `npm run demo` again: it starts them itself.');
  return lines.join('\n');
}

async function main() {
  if (ARGS.includes('--help') || ARGS.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const unknown = ARGS.filter((arg) => arg !== '--json');
  if (unknown.length > 0) fail(`unknown argument ${unknown.join(' ')}\n${USAGE}`);
  loadDotEnv();
  const demoEnv = {};

  // ---- 1. PostgreSQL and Redis --------------------------------------------------------------
  step('PostgreSQL and Redis');
  let databaseUrl = env('DATABASE_URL') ?? DEFAULT_DATABASE_URL;
  const redisUrl = env('REDIS_URL') ?? DEFAULT_REDIS_URL;
  const [postgres, redis] = await Promise.all([checkPostgres(databaseUrl), checkRedis(redisUrl)]);
  postgres.url = databaseUrl;
  redis.url = redisUrl;
  info(`PostgreSQL at ${serverOf(databaseUrl)}: ${postgres.ok ? green('reachable') : red(`not reachable (${postgres.message})`)}`);
  info(`Redis at ${maskUrl(redisUrl)}: ${redis.ok ? green('reachable') : red(`not reachable (${redis.message})`)}`);
  if (!postgres.ok && !postgres.unreachable) {
    fail(`PostgreSQL at ${serverOf(databaseUrl)} answers but refuses the connection: ${postgres.message}\nFix DATABASE_URL (now ${maskUrl(databaseUrl)}).`);
  }
  if (!redis.ok && !redis.unreachable) {
    fail(`Redis at ${maskUrl(redisUrl)} answers but refuses the connection: ${redis.message}\nFix REDIS_URL.`);
  }

  // ---- 2. start what is missing ---------------------------------------------------------------
  step('Backing services');
  let mailpit = false;
  if (postgres.ok && redis.ok) {
    info('both are running; nothing to start.');
  } else {
    const compose = dockerAvailable();
    if (!compose) {
      console.error(debianHints({ postgres, redis }));
      process.exitCode = 1;
      return;
    }
    const services = [];
    if (!postgres.ok) services.push('postgres');
    if (!redis.ok) services.push('redis');
    if (!env('SMTP_URL')) services.push('mailpit');
    const result = await run(compose[0], [...compose.slice(1), 'up', '-d', ...services]);
    if (result.status !== 0) fail(`\`${compose.join(' ')} up -d ${services.join(' ')}\` failed (exit ${result.status}); see above.`);
    if (!postgres.ok && !env('DATABASE_URL')) databaseUrl = COMPOSE_DATABASE_URL;
    if (services.includes('mailpit')) {
      mailpit = true;
      demoEnv.SMTP_URL = COMPOSE_SMTP_URL;
    }
    info('waiting for them (at most 120s)…');
    await waitFor(`PostgreSQL at ${serverOf(databaseUrl)}`, 120, () => checkPostgres(databaseUrl));
    await waitFor(`Redis at ${maskUrl(redisUrl)}`, 120, () => checkRedis(redisUrl));
  }
  demoEnv.DATABASE_URL = databaseUrl;
  demoEnv.REDIS_URL = redisUrl;

  // ---- 3. the database -------------------------------------------------------------------------
  const database = databaseNameOf(databaseUrl);
  step(`Database "${database}"`);
  const created = await withMaintenanceClient(databaseUrl, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount > 0) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      return true;
    } catch (error) {
      if (error?.code === '42P04') return false; // created meanwhile
      fail(`could not create database "${database}": ${error.message}`);
    }
  });
  info(created ? `created "${database}".` : `"${database}" exists.`);

  // ---- 4. build --------------------------------------------------------------------------------
  step('Build');
  const reason = buildReason();
  if (!reason) {
    info(`${STANDALONE} is up to date.`);
  } else {
    info(`building: ${reason}.`);
    const result = await run('npm', ['run', 'build']);
    if (result.status !== 0) fail(`\`npm run build\` failed (exit ${result.status}); see the compiler output above.`);
    if (!existsSync(join(ROOT, STANDALONE))) fail(`the build succeeded but did not produce ${STANDALONE} (is apps/standalone/src/main.ts there?).`);
  }

  // ---- 5. seed ---------------------------------------------------------------------------------
  step('Demo data');
  if (!existsSync(join(ROOT, SEED))) {
    fail(`${SEED} does not exist, so the demo data cannot be loaded: the build did not produce it (is apps/standalone/src/seed-demo.ts there?).`);
  }
  const admin = { username: env('DUBAN_ADMIN_USERNAME'), password: env('DUBAN_ADMIN_PASSWORD') };
  if (!env('DUBAN_TIME_TRAVEL')) demoEnv.DUBAN_TIME_TRAVEL = 'on';
  const port = Number(env('PORT') ?? 3000);
  if (!env('DUBAN_PUBLIC_URL')) demoEnv.DUBAN_PUBLIC_URL = `http://localhost:${port}`;
  const childEnv = { ...process.env, ...demoEnv };
  const seeded = await run(process.execPath, [SEED], { env: childEnv, logs: true });
  if (seeded.status !== 0) fail(`the demo seed failed (exit ${seeded.status}); see above.`);

  // ---- 6. run ----------------------------------------------------------------------------------
  step('Duban');
  await runStandalone(childEnv, port, { mailpit, admin });
}

/** Runs the standalone process until it exits; Ctrl-C stops it gracefully (twice: at once). */
async function runStandalone(childEnv, port, { mailpit, admin }) {
  info(`$ node ${STANDALONE}`);
  // Its own process group, so that Ctrl-C reaches it once, through the forwarding below.
  const child = spawn(process.execPath, [STANDALONE], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  showLogs(child.stdout);
  let stopping = false;
  const forward = (signal) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (stopping) {
      console.error('\n[demo] stopping at once.');
      child.kill('SIGKILL');
      return;
    }
    stopping = true;
    console.error(`\n[demo] ${signal}: stopping Duban (Ctrl-C again to kill it)…`);
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', forward);
  process.on('exit', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  let running = true;
  const exited = new Promise((resolvePromise) =>
    child.on('exit', (code, signal) => {
      running = false;
      resolvePromise({ code, signal });
    }),
  );
  child.on('error', (error) => console.error(red(`[demo] could not start ${STANDALONE}: ${error.message}`)));

  const base = `http://localhost:${port}`;
  const banner = { mailpit, admin, smtp: Boolean(childEnv.SMTP_URL) };
  const ready = await Promise.race([waitForHealth(port, 90), exited.then(() => 'exited')]);
  if (ready !== 'exited') {
    printBanner(base, { ...banner, ready });
    // Its log lines bury that banner at once (the relay dispatches the seeded events, the sweep
    // fires their deadlines, emails go out): say it again when that is over.
    if (ready) {
      const burst = await waitForStartupBurst(childEnv, () => running && !stopping);
      if (burst && running && !stopping) printBanner(base, { ...banner, ready, burst });
    }
  }

  const { code, signal } = await exited;
  // Its last log lines before ours (not waiting for ever: a grandchild may hold the pipe).
  if (!child.stdout.closed) await Promise.race([new Promise((r) => child.stdout.once('close', r)), new Promise((r) => setTimeout(r, 1000))]);
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  process.off('SIGHUP', forward);
  if (stopping) {
    console.log('[demo] Duban stopped.');
    process.exitCode = 0;
  } else {
    console.error(red(`[demo] Duban exited (${signal ?? `code ${code}`}); see its log above.`));
    process.exitCode = code || 1;
  }
}

async function waitForHealth(port, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}

/** What is still to do: events the relay has not dispatched and jobs waiting or running. */
async function pendingWork(db, redis, prefix) {
  const { rows } = await db.query('SELECT count(*)::int AS n FROM events WHERE dispatched_at IS NULL');
  const pipeline = redis.pipeline();
  for (const queue of QUEUES) {
    pipeline.llen(`${prefix}:${queue}:wait`);
    pipeline.llen(`${prefix}:${queue}:active`);
    pipeline.zcard(`${prefix}:${queue}:prioritized`);
  }
  const counts = (await pipeline.exec()).map(([error, n]) => (error ? 0 : Number(n)));
  return { events: rows[0].n, jobs: counts.reduce((a, b) => a + b, 0) };
}

/**
 * Waits until the startup burst is over: for {@link QUIET_MS} no event waits for the relay and no
 * job waits or runs (delayed jobs — the schedulers' next runs, retries, emails held to working
 * hours — are not counted), at the earliest {@link SETTLE_MS} after the start. Returns
 * `{ seconds, quiet, events, jobs }` (`quiet` false after {@link BURST_TIMEOUT_MS}, with what is
 * still pending), or undefined when `keepGoing()` turns false or the check itself fails.
 */
async function waitForStartupBurst(childEnv, keepGoing) {
  const started = Date.now();
  const prefix = childEnv.DUBAN_QUEUE_PREFIX?.trim() || 'duban';
  const db = new pg.Client({ connectionString: childEnv.DATABASE_URL, connectionTimeoutMillis: 3000 });
  db.on('error', () => undefined);
  const redis = new Redis(childEnv.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
  redis.on('error', () => undefined);
  try {
    await db.connect();
    await redis.connect();
    let quietSince;
    let pending = { events: 0, jobs: 0 };
    while (keepGoing()) {
      pending = await pendingWork(db, redis, prefix);
      const now = Date.now();
      if (pending.events > 0 || pending.jobs > 0) quietSince = undefined;
      else quietSince ??= now;
      const seconds = Math.round((now - started) / 1000);
      if (quietSince !== undefined && now - quietSince >= QUIET_MS && now - started >= SETTLE_MS) return { seconds, quiet: true, ...pending };
      if (now - started >= BURST_TIMEOUT_MS) return { seconds, quiet: false, ...pending };
      await new Promise((r) => setTimeout(r, 500));
    }
    return undefined;
  } catch (error) {
    if (keepGoing()) console.error(`[demo] could not watch the queues (${error?.message ?? error}); the banner above stands.`);
    return undefined;
  } finally {
    await db.end().catch(() => undefined);
    redis.disconnect();
  }
}

function printBanner(base, { ready, mailpit, admin, smtp, burst }) {
  const heading = !ready
    ? 'Duban started, but /health has not answered OK yet (see the log).'
    : !burst
      ? green('Duban is running.')
      : burst.quiet
        ? green(`Duban is running; the startup jobs are done (${burst.seconds}s).`)
        : green(`Duban is running; still busy after ${burst.seconds}s (${burst.events} events not yet dispatched, ${burst.jobs} jobs waiting or running).`);
  const lines = [
    '',
    bold(heading),
    `  Admin UI and public pages  ${base}/`,
    `  API documentation          ${base}/api/docs`,
    `  Health                     ${base}/health`,
  ];
  if (mailpit) lines.push(`  Mailpit (sent emails)      ${MAILPIT_UI}`);
  else if (!smtp) lines.push(`  Sent emails                ${join(ROOT, process.env.DUBAN_MAIL_DIR || 'var/mail')}/*.eml`);
  if (admin.username) lines.push(`  Admin login                ${admin.username} / ${admin.password ?? '(DUBAN_ADMIN_PASSWORD)'}  (created if no admin exists yet)`);
  lines.push('  Demo logins (user / password):');
  for (const [user, password, who] of DEMO_LOGINS) lines.push(`    ${user.padEnd(15)} ${password.padEnd(26)} ${who}`);
  lines.push('  Ctrl-C stops it.', '');
  console.log(lines.join('\n'));
}

main().catch((error) => {
  if (error instanceof DemoError) {
    console.error(`\n${red('[demo] stopped:')} ${error.message}`);
  } else {
    console.error(`\n${red('[demo] unexpected error:')}`, error);
  }
  process.exitCode = 1;
});
