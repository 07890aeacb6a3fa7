// Postgres CPU of the register's text search as the API runs it: ProposalQueries.list (committee,
// 20 a page, the pool's options — plan_cache_mode included) on a pool of one connection, called
// `n` times after 10 warm-up calls; the CPU is that backend's own utime + stime from /proc (read
// through pg_read_file: the server runs on this machine, the role is a superuser). For a database
// kept by `BENCH_KEEP_DATABASE=1 node bench/run.mjs api`; runs the current dist/ (`npx nest build`).
//   node bench/search-cpu.mjs postgres://postgres@127.0.0.1:5432/<kept database> 数字政府 [n=100] [explain]
// `explain` logs each statement's plan (auto_explain, with ANALYZE) instead of measuring quietly.
import { createDataSource } from '#persistence';
import { ProposalQueries } from '#handling';

const [url, q, n = '100', explain] = process.argv.slice(2);
const ds = createDataSource({ url, poolSize: 1 });
await ds.initialize();
if (explain) {
  const client = await ds.driver.master.connect();
  client.on('notice', (m) => console.log(String(m.message)));
  for (const sql of [`LOAD 'auto_explain'`, `SET auto_explain.log_min_duration = 0`, `SET auto_explain.log_level = notice`, `SET auto_explain.log_analyze = on`, `SET client_min_messages = notice`]) {
    await client.query(sql);
  }
  client.release();
}
const queries = new ProposalQueries(ds, { now: () => new Date() });
const actor = { kind: 'user', id: '00000000-0000-0000-0000-000000000001', username: 'bench', role: 'committee' };
const cpuMs = async () => {
  const [{ stat }] = await ds.query(`SELECT pg_read_file('/proc/' || pg_backend_pid() || '/stat') AS stat`);
  const fields = stat.split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10; // clock ticks of 10 ms
};
let page;
for (let i = 0; i < 10; i++) page = await queries.list(actor, { q, pageSize: 20 });
const cpuBefore = await cpuMs();
const started = Date.now();
for (let i = 0; i < Number(n); i++) page = await queries.list(actor, { q, pageSize: 20 });
const cpu = ((await cpuMs()) - cpuBefore) / Number(n);
const wall = (Date.now() - started) / Number(n);
console.log(`${q}: Postgres ${cpu.toFixed(2)} ms CPU per list, ${wall.toFixed(2)} ms wall; total ${page.total}${page.totalIsLowerBound ? '+' : ''}, ${page.items.length} items`);
await ds.destroy();
