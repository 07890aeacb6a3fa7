import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { returned } from '#persistence';
import { JOB_QUEUE, JobName, eventJobId, type QueueName } from './catalogue.js';
import { lostJob } from './job-liveness.js';
import { ROUTES, routesFor, type RoutingTable } from './routing.js';

/** The jobs some route waits for (`after`): only their completion may enqueue more of the event's jobs. */
const AWAITED_JOBS = new Set<JobName>(Object.values(ROUTES as RoutingTable).flatMap((routes) => routes.flatMap((r) => (r.after ? [r.after] : []))));

/**
 * How many events one `notify-for-events` job carries at most: a sweep's thousand reminders become
 * four jobs, planned and sent side by side by the notification worker, instead of a thousand.
 */
export const NOTIFY_BATCH_EVENTS = 250;

type RoutedJob = { job: JobName; eventId: string };

/** One BullMQ job to add: an event's own, or the notify-for-events job of several (`members`). */
interface BullJob {
  queue: QueueName;
  name: JobName;
  jobId: string;
  data: { eventId: string } | { eventIds: string[] };
  members: RoutedJob[];
}

/**
 * The BullMQ jobs of routed jobs dispatched together: each its own (`job.<event>`), except that the
 * notify-for-event jobs of two or more events are carried by `notify-for-events` jobs of up to
 * NOTIFY_BATCH_EVENTS events, whose id is derived from their events (the same events, the same
 * job). `singles`: no grouping (the repair pass, a follow-up).
 */
function bullJobs(jobs: readonly RoutedJob[], singles = false): BullJob[] {
  const own = (j: RoutedJob): BullJob => ({ queue: JOB_QUEUE[j.job], name: j.job, jobId: eventJobId(j.job, j.eventId), data: { eventId: j.eventId }, members: [j] });
  const notify = singles ? [] : jobs.filter((j) => j.job === JobName.NotifyForEvent);
  if (notify.length < 2) return jobs.map(own);
  const out = jobs.filter((j) => j.job !== JobName.NotifyForEvent).map(own);
  for (let at = 0; at < notify.length; at += NOTIFY_BATCH_EVENTS) {
    const members = notify.slice(at, at + NOTIFY_BATCH_EVENTS);
    const eventIds = members.map((m) => m.eventId);
    if (members.length === 1) {
      out.push(own(members[0]!));
      continue;
    }
    const jobId = `${JobName.NotifyForEvents}.${createHash('sha256').update(eventIds.join(',')).digest('hex').slice(0, 32)}`;
    out.push({ queue: JOB_QUEUE[JobName.NotifyForEvents], name: JobName.NotifyForEvents, jobId, data: { eventIds }, members });
  }
  return out;
}

/** The batch job each routed job travels in, by the routed job's own id (none for a job that travels alone). */
function batchOf(bull: readonly BullJob[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of bull) if (b.name === JobName.NotifyForEvents) for (const m of b.members) out.set(eventJobId(m.job, m.eventId), b.jobId);
  return out;
}

/** Gives the dispatcher the producer of each queue. */
export type QueueLookup = (queue: QueueName) => Queue;

/**
 * The outbox: moves committed, undispatched events into the queues their routes name, with job id =
 * job + event id, and records each routed job until its handler completes it. Claiming with SKIP
 * LOCKED lets any number of relays run; enqueueing before the commit that marks the events
 * dispatched means a crash in between only enqueues again, and BullMQ drops the duplicate id.
 */
export class OutboxDispatcher {
  constructor(
    private readonly ds: DataSource,
    private readonly queues: QueueLookup,
  ) {}

  /**
   * Dispatches the given events (after their commit), all of them, or, without ids, the oldest
   * `limit` undispatched ones.
   */
  async dispatch(eventIds?: string[], limit = 500): Promise<number> {
    // A sweep commits a thousand events at once: the fast path takes them all, not the first 500.
    if (eventIds) limit = Math.max(limit, eventIds.length);
    return this.ds.transaction(async (em) => {
      const events: Array<{ id: string; type: string; payload: Record<string, unknown> }> = await em.query(
        `SELECT id, type, payload FROM events
          WHERE dispatched_at IS NULL ${eventIds ? 'AND id = ANY($2::uuid[])' : ''}
          ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        eventIds ? [limit, eventIds] : [limit],
      );
      if (events.length === 0) return 0;
      const jobs = events.flatMap((e) => routesFor(e.type, e.payload).map((job) => ({ job, eventId: e.id })));
      if (jobs.length > 0) {
        const bull = bullJobs(jobs);
        const batches = batchOf(bull);
        // A row written before (a fast path that Redis refused) now travels in this dispatch's batch job.
        await em.query(
          `INSERT INTO event_jobs (event_id, job_name, job_id, queue, batch_job_id)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])
           ON CONFLICT (event_id, job_name) DO UPDATE SET batch_job_id = EXCLUDED.batch_job_id`,
          [
            jobs.map((j) => j.eventId), jobs.map((j) => j.job), jobs.map((j) => eventJobId(j.job, j.eventId)), jobs.map((j) => JOB_QUEUE[j.job]),
            jobs.map((j) => batches.get(eventJobId(j.job, j.eventId)) ?? null),
          ],
        );
        await this.add(bull);
      }
      await em.query(`UPDATE events SET dispatched_at = now() WHERE id = ANY($1::uuid[])`, [events.map((e) => e.id)]);
      return events.length;
    });
  }

  /**
   * The fast path for events whose jobs were recorded in their own transaction (Tx with a routing
   * publisher): one statement marks them dispatched and answers them, then their jobs are enqueued.
   * A crash in between leaves their event_jobs rows incomplete and not live: the repair pass
   * enqueues them. When Redis refuses, the events are handed back to the relay (best effort).
   */
  async dispatchRouted(eventIds: string[]): Promise<number> {
    const events: Array<{ id: string; type: string; payload: Record<string, unknown> }> = returned(await this.ds.query(
      `UPDATE events SET dispatched_at = now() WHERE id = ANY($1::uuid[]) AND dispatched_at IS NULL RETURNING id, type, payload`,
      [eventIds],
    ));
    const jobs = events.flatMap((e) => routesFor(e.type, e.payload).map((job) => ({ job, eventId: e.id })));
    const bull = bullJobs(jobs);
    const batches = batchOf(bull);
    try {
      // The events' rows name the batch job they travel in (a sweep's: one statement per thousand events).
      if (batches.size > 0) {
        await this.ds.query(
          `UPDATE event_jobs j SET batch_job_id = v.batch FROM unnest($1::text[], $2::text[]) AS v(id, batch) WHERE j.job_id = v.id`,
          [[...batches.keys()], [...batches.values()]],
        );
      }
      await this.add(bull);
    } catch (e) {
      await this.ds.query(`UPDATE events SET dispatched_at = NULL WHERE id = ANY($1::uuid[])`, [events.map((x) => x.id)]).catch(() => undefined);
      throw e;
    }
    return events.length;
  }

  /**
   * Finds routed jobs that have not completed for a while and are no longer live in Redis, and
   * enqueues them again under the same id. "No longer live": gone (a wiped or restored Redis), or
   * left as a husk that will never run — a wipe in the middle of a job can leave its key half
   * rewritten, or finished without its completion recorded. A job re-enqueued ten times is left to
   * the operators (bull-board, /metrics) rather than retried forever.
   */
  async repair(olderThanMs = 15_000, limit = 500): Promise<number> {
    const stale: Array<{ event_id: string; job_name: JobName; job_id: string; batch_job_id: string | null }> = await this.ds.query(
      `SELECT event_id, job_name, job_id, batch_job_id FROM event_jobs
        WHERE completed_at IS NULL AND enqueued_at < now() - ($1::int * interval '1 millisecond') AND attempts < 10
        ORDER BY enqueued_at LIMIT $2`,
      [olderThanMs, limit],
    );
    const lost: typeof stale = [];
    // A job carried by a batch job is live while that job is: Redis is asked once per batch job.
    const batchLost = new Map<string, boolean>();
    for (const row of stale) {
      const id = row.batch_job_id ?? row.job_id;
      let isLost = batchLost.get(id);
      if (isLost === undefined) {
        const found = await lostJob(this.queues(JOB_QUEUE[row.job_name]), id);
        isLost = found.lost;
        if (row.batch_job_id) batchLost.set(id, isLost);
        // A batch job's husk stays: its id is not used again (its events go on as jobs of their own).
        if (!row.batch_job_id) await found.husk?.remove().catch(() => undefined);
      }
      if (isLost) lost.push(row);
    }
    if (lost.length === 0) return 0;
    await this.add(bullJobs(lost.map((r) => ({ job: r.job_name, eventId: r.event_id })), true));
    await this.ds.query(
      `UPDATE event_jobs SET enqueued_at = now(), attempts = attempts + 1, batch_job_id = NULL WHERE job_id = ANY($1::text[])`,
      [lost.map((r) => r.job_id)],
    );
    return lost.length;
  }

  private async add(jobs: readonly BullJob[]): Promise<void> {
    const byQueue = new Map<QueueName, BullJob[]>();
    for (const j of jobs) byQueue.set(j.queue, [...(byQueue.get(j.queue) ?? []), j]);
    await Promise.all([...byQueue].map(([queue, list]) => this.queues(queue).addBulk(list.map((j) => ({ name: j.name, data: j.data, opts: { jobId: j.jobId } })))));
  }

  /**
   * Called by a consumer when an event-driven job is done, before it is recorded complete: enqueues
   * the event's routes that wait for that job (a route's `after`). Recorded in event_jobs first, so
   * the repair pass covers them; a crash before that leaves the finished job incomplete, and its
   * rerun (idempotent, as every handler is) comes back here.
   */
  async followUp(eventId: string, completed: JobName): Promise<number> {
    // Most jobs start nothing after them (only classification does): no need to read the event.
    if (!AWAITED_JOBS.has(completed)) return 0;
    const events: Array<{ type: string; payload: Record<string, unknown> }> = await this.ds.query(`SELECT type, payload FROM events WHERE id = $1`, [eventId]);
    const event = events[0];
    if (!event) return 0;
    const jobs = routesFor(event.type, event.payload ?? {}, completed).map((job) => ({ job, eventId }));
    if (jobs.length === 0) return 0;
    await this.ds.query(
      `INSERT INTO event_jobs (event_id, job_name, job_id, queue)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
      [jobs.map((j) => j.eventId), jobs.map((j) => j.job), jobs.map((j) => eventJobId(j.job, j.eventId)), jobs.map((j) => JOB_QUEUE[j.job])],
    );
    await this.add(bullJobs(jobs, true));
    return jobs.length;
  }

  /** Called by a handler when its event-driven job is done. */
  static async complete(ds: DataSource, jobId: string): Promise<void> {
    await OutboxDispatcher.completeMany(ds, [jobId]);
  }

  /** The same for several jobs in one statement (a consumer's concurrent jobs, gathered by a Batcher). */
  static async completeMany(ds: DataSource, jobIds: readonly string[]): Promise<void> {
    await ds.query(`UPDATE event_jobs SET completed_at = now() WHERE job_id = ANY($1::text[]) AND completed_at IS NULL`, [jobIds]);
  }
}
