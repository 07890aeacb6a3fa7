import type { Job, Queue } from 'bullmq';

/** Job states after which BullMQ will not run the job again by itself. */
const FINISHED = new Set(['completed', 'failed', 'unknown']);

/**
 * Whether a job that should still run is lost: gone from Redis (a wipe, a failover without
 * persistence), or left as a husk that will never run — finished or failed without its completion
 * recorded, or a key half rewritten by a job that was running during a FLUSHALL ("unknown": in no
 * list). A lost husk is returned so that the caller can remove it before enqueueing again under the
 * same id.
 *
 * A job that waits and has never started is live without asking BullMQ for its state: `getState`
 * finds a waiting job with LPOS, a scan of the whole wait list — during a burst of 100,000 reminders
 * the repair passes spent most of Redis's CPU on it (docs/performance.md).
 */
export async function lostJob(queue: Queue, jobId: string): Promise<{ lost: boolean; husk?: Job }> {
  const job = await queue.getJob(jobId);
  if (!job) return { lost: true };
  if (job.name && job.timestamp && !job.processedOn && !job.finishedOn) return { lost: false };
  return FINISHED.has(await job.getState()) ? { lost: true, husk: job } : { lost: false };
}
