// The bare BullMQ baseline's worker process: stage 1 (a no-op) hands each job to stage 2 (a no-op)
// under the same id, and stage 2 records when it finished. The same shape as Duban's notification
// worker (notify-for-event → send-notification, 16 at a time, one process), minus all the work.
//
// Env: BARE_PREFIX, BARE_CONCURRENCY (16), REDIS_URL. IPC: {type:'take'} → {type:'take', done: [[jobId, t], ...]}.

import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

const prefix = process.env.BARE_PREFIX;
const concurrency = Number(process.env.BARE_CONCURRENCY ?? 16);
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const connection = () => new Redis(url, { maxRetriesPerRequest: null });

const shared = connection();
const stage2Queue = new Queue('stage2', { connection: shared, prefix });
const jobOpts = { removeOnComplete: { age: 3600, count: 50_000 }, removeOnFail: { age: 3600 } };
let done = [];

const stage1 = new Worker(
  'stage1',
  async (job) => {
    await stage2Queue.add('stage2', job.data, { ...jobOpts, jobId: `s2.${job.id}` });
  },
  { connection: connection(), prefix, concurrency },
);
const stage2 = new Worker(
  'stage2',
  async (job) => {
    done.push([job.data.n, Date.now()]);
  },
  { connection: connection(), prefix, concurrency },
);

await Promise.all([stage1.waitUntilReady(), stage2.waitUntilReady()]);
process.send({ type: 'ready' });
process.on('message', async (msg) => {
  if (msg.type === 'take') {
    const out = done;
    done = [];
    process.send({ type: 'take', done: out });
  } else if (msg.type === 'close') {
    await Promise.all([stage1.close(), stage2.close(), stage2Queue.close()]);
    shared.disconnect();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
