import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { lostJob } from '#queue';
import { eventually, obliterateQueues } from './support/api.js';

/**
 * Which jobs the outbox repair and the notification maintenance re-enqueue (real Redis): a job
 * gone from Redis, or one that will never run again; never one that waits or runs.
 */
describe('lostJob: a job is lost when BullMQ will not run it by itself', () => {
  const prefix = `liveness_${randomUUID().slice(0, 8)}`;
  const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const queue = new Queue('q', { connection, prefix });

  afterAll(async () => {
    await queue.close();
    connection.disconnect();
    await obliterateQueues(prefix);
  });

  it.each([
    ['waiting, never started (answered without scanning the wait list)', 'waiting', false],
    ['delayed (a retry with backoff)', 'delayed', false],
    ['gone from Redis (a wipe)', 'gone', true],
    ['a husk: its key rewritten in part, in no list', 'husk', true],
  ])('%s (%s) → lost: %s', async (_what, kind, lost) => {
    const id = `${kind}-${randomUUID()}`;
    if (kind === 'waiting') await queue.add('j', { n: 1 }, { jobId: id });
    if (kind === 'delayed') await queue.add('j', { n: 1 }, { jobId: id, delay: 60_000 });
    if (kind === 'husk') await connection.hset(`${prefix}:q:${id}`, 'atm', '1');
    const answer = await lostJob(queue, id);
    expect(answer.lost).toBe(lost);
    expect(!!answer.husk).toBe(kind === 'husk');
  });

  it('a job that ran to completion without its completion recorded is lost (and handed back to be removed)', async () => {
    const id = `done-${randomUUID()}`;
    const own = connection.duplicate(); // BullMQ does not close a connection it was given
    const worker = new Worker('q2', async () => undefined, { connection: own, prefix });
    const q2 = new Queue('q2', { connection, prefix });
    await q2.add('j', {}, { jobId: id });
    await eventually(async () => expect(await (await q2.getJob(id))?.getState()).toBe('completed'));
    const answer = await lostJob(q2, id);
    expect(answer.lost).toBe(true);
    expect(answer.husk?.id).toBe(id);
    await worker.close();
    own.disconnect();
    await q2.close();
  });

  it('a job that is running is live', async () => {
    const id = `active-${randomUUID()}`;
    let release!: () => void;
    const running = new Promise<void>((r) => (release = r));
    const own = connection.duplicate();
    const worker = new Worker('q3', () => running, { connection: own, prefix });
    const q3 = new Queue('q3', { connection, prefix });
    await q3.add('j', {}, { jobId: id });
    await eventually(async () => expect(await (await q3.getJob(id))?.getState()).toBe('active'));
    expect((await lostJob(q3, id)).lost).toBe(false);
    release();
    await worker.close();
    own.disconnect();
    await q3.close();
  });
});
