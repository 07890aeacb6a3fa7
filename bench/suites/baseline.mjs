// The bare BullMQ baseline: a two-stage pipeline of no-op jobs on the same Redis, driven the same
// way as Duban's pipeline (one add per "commit", fixed rates then saturated), measured the same way
// (from the add to the end of stage 2).

import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { REDIS_URL, ROOT, cleanRedis, fixedRate, log, rssMiB, saturate, sleep, summarize } from '../lib/common.mjs';

function startBareWorker(prefix, concurrency) {
  const child = fork(join(ROOT, 'bench', 'lib', 'bare-worker.mjs'), [], {
    env: { ...process.env, BARE_PREFIX: prefix, BARE_CONCURRENCY: String(concurrency), REDIS_URL },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bare worker exited with ${code}`)));
    child.once('message', (m) => m.type === 'ready' && resolve());
  });
  return {
    pid: child.pid,
    ready,
    take: () =>
      new Promise((resolve) => {
        const on = (m) => {
          if (m.type !== 'take') return;
          child.off('message', on);
          resolve(m.done);
        };
        child.on('message', on);
        child.send({ type: 'take' });
      }),
    close: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', resolve);
        child.send({ type: 'close' });
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/**
 * Runs the baseline phases: each fixed rate for `seconds`, then `saturatedCount` jobs from
 * `producers` concurrent producers. Returns one row per phase.
 */
export async function runBaseline({ prefix, rates, seconds, saturatedCount, producers, concurrency = 16 }) {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('stage1', { connection, prefix });
  const worker = startBareWorker(prefix, concurrency);
  await worker.ready;
  const rows = [];
  let n = 0;
  const jobOpts = { removeOnComplete: { age: 3600, count: 50_000 }, removeOnFail: { age: 3600 } };
  try {
    // Warm-up: connections, scripts loaded.
    await saturate({ concurrency: 8, count: 500, fire: async () => { const i = n++; await queue.add('stage1', { n: i }, { ...jobOpts, jobId: `b.${i}` }); } });
    await waitDone(worker, 500, 30_000);

    const phases = [...rates.map((rate) => ({ name: `${rate}/s`, rate, count: rate * seconds })), { name: 'saturated', rate: null, count: saturatedCount }];
    for (const phase of phases) {
      const added = new Map();
      const fire = async () => {
        const i = n++;
        added.set(i, Date.now());
        await queue.add('stage1', { n: i }, { ...jobOpts, jobId: `b.${i}` });
      };
      const t0 = Date.now();
      let peakRss = 0;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(worker.pid) ?? 0)), 200);
      const load = phase.rate
        ? await fixedRate({ rate: phase.rate, count: phase.count, fire })
        : await saturate({ concurrency: producers, count: phase.count, fire });
      const done = await waitDone(worker, phase.count, 120_000 + phase.count * 5);
      clearInterval(sampler);
      const latencies = [];
      let last = t0;
      for (const [i, t] of done) {
        const a = added.get(i);
        if (a != null) latencies.push(t - a);
        last = Math.max(last, t);
      }
      const lat = summarize(latencies);
      const row = {
        phase: phase.name,
        targetRate: phase.rate,
        events: phase.count,
        delivered: latencies.length,
        offeredRate: round1(load.achievedRate),
        throughput: round1((latencies.length * 1000) / Math.max(1, last - t0)),
        latencyMs: lat,
        workerPeakRssMiB: peakRss,
      };
      rows.push(row);
      log(`baseline ${phase.name}: ${row.throughput} jobs/s, p50 ${lat.p50} ms, p99 ${lat.p99} ms`);
      await sleep(1000);
    }
  } finally {
    await worker.close();
    await queue.close();
    connection.disconnect();
    await cleanRedis(prefix);
  }
  return rows;
}

const round1 = (x) => Math.round(x * 10) / 10;

async function waitDone(worker, expected, timeoutMs) {
  const out = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < expected && Date.now() < deadline) {
    await sleep(100);
    out.push(...(await worker.take()));
  }
  return out;
}
